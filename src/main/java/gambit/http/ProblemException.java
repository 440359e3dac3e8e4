package gambit.http;

import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCode;

/**
 * A client error found deep inside a route (a malformed body, a missing field): thrown there and
 * answered by {@link Problems#exceptionHandler()} with its problem response. Carries no stack
 * trace; it is not a failure of the server.
 */
public final class ProblemException extends RuntimeException {

  private final transient HttpResponse response;

  public ProblemException(StatusCode status, String detail) {
    this(Problems.response(status, detail));
  }

  public ProblemException(HttpResponse response) {
    super(response.status().intValue() + " " + response.status().reason(), null, false, false);
    this.response = response;
  }

  /** The complete problem response. */
  public HttpResponse response() {
    return response;
  }
}
