package gambit.http;

import akka.http.javadsl.model.ContentType;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpCharsets;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpEntity;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.MediaTypes;
import akka.http.javadsl.model.StatusCode;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.headers.RetryAfter;
import akka.http.javadsl.server.Directives;
import akka.http.javadsl.server.ExceptionHandler;
import akka.http.javadsl.server.RejectionHandler;
import akka.http.scaladsl.model.EntityStreamException;
import akka.http.scaladsl.model.EntityStreamSizeException;
import akka.http.scaladsl.model.IllegalRequestException;
import akka.util.ByteString;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import gambit.auth.HashingBusyException;
import gambit.node.StoreUnavailableException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Errors as {@code application/problem+json} (RFC 9457): {@code type}, {@code title},
 * {@code status}, {@code detail}. Every error of the API goes through here, so a client never
 * sees HTML, plain text or a stack trace.
 */
public final class Problems {

  private static final Logger log = LoggerFactory.getLogger(Problems.class);

  /** {@code application/problem+json} */
  public static final ContentType.NonBinary PROBLEM_JSON =
      ContentTypes.create(MediaTypes.applicationWithFixedCharset("problem+json",
          HttpCharsets.UTF_8));

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Problems() {}

  /** A problem response with the status's reason phrase as title. */
  public static HttpResponse response(StatusCode status, String detail) {
    return response(status, detail, Map.of());
  }

  /**
   * A problem response with extension members (RFC 9457 section 3.2) after the standard ones,
   * e.g. the current state of the resource the request conflicted with.
   *
   * @param extensions member name to value (any value Jackson writes: JsonNode, records, ...);
   *     names must not be one of the standard members
   */
  public static HttpResponse response(StatusCode status, String detail,
      Map<String, ?> extensions) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "about:blank");
    body.put("title", status.reason());
    body.put("status", status.intValue());
    body.put("detail", detail);
    extensions.forEach((name, value) -> {
      if (body.containsKey(name)) {
        throw new IllegalArgumentException("a problem extension may not replace " + name);
      }
      body.put(name, value);
    });
    return HttpResponse.create().withStatus(status)
        .withEntity(HttpEntities.create(PROBLEM_JSON, toJson(body)));
  }

  /**
   * Akka HTTP's own rejection handling (404, 405, 400 for a malformed body, 413, 415, ...) with
   * each plain-text answer turned into a problem body that keeps its status and message.
   */
  public static RejectionHandler rejectionHandler() {
    return RejectionHandler.defaultHandler().mapRejectionResponse(Problems::asProblem);
  }

  /**
   * Exceptions thrown by routes or failing their stages: a {@link ProblemException} is answered
   * as it says, a body over the size limit 413 (and any other request akka-http finds illegal
   * with its own client-error status), Redis being unreachable 503; anything else is a
   * bug, logged with its stack trace and answered 500 without one. Password hashing at capacity
   * ({@link HashingBusyException}) is 503 with {@code Retry-After}.
   */
  public static ExceptionHandler exceptionHandler() {
    return ExceptionHandler.newBuilder()
        .matchAny(error -> Directives.complete(responseFor(unwrap(error))))
        .build();
  }

  /** What a 503 for an unreachable Redis suggests: the readiness check looks every few s. */
  static final long STORE_RETRY_AFTER_SECONDS = 5;

  /** The most characters of client-supplied text a detail repeats. */
  static final int MAX_ECHO_CHARS = 64;

  /**
   * Client-supplied text in a detail stays short ({@value #MAX_ECHO_CHARS} characters, then an
   * ellipsis) and on one line.
   */
  static String clip(String text) {
    String oneLine = text.replaceAll("[\\r\\n\\t]+", " ").strip();
    return oneLine.length() <= MAX_ECHO_CHARS ? oneLine
        : oneLine.substring(0, MAX_ECHO_CHARS) + "...";
  }

  private static HttpResponse responseFor(Throwable error) {
    if (error instanceof ProblemException problem) {
      return problem.response();
    }
    if (error instanceof EntityStreamSizeException tooLarge) {
      return response(StatusCodes.PAYLOAD_TOO_LARGE,
          "the request body is larger than the limit of " + tooLarge.limit() + " bytes");
    }
    if (error instanceof IllegalRequestException illegal) {
      String summary = illegal.info().summary();
      return response(illegal.status(), summary.isBlank() ? illegal.status().reason() : summary);
    }
    if (error instanceof EntityStreamException broken) {
      log.debug("Malformed request body: {}", broken.info().summary());
      return response(StatusCodes.BAD_REQUEST,
          "the request body is malformed: " + clip(broken.info().summary()));
    }
    if (error instanceof HashingBusyException busy) {
      log.debug("Password hashing busy: {}", busy.getMessage());
      return overloaded(busy.retryAfter());
    }
    if (error instanceof StoreUnavailableException unavailable) {
      log.debug("Store unavailable: {}", unavailable.getMessage());
      return response(StatusCodes.SERVICE_UNAVAILABLE,
          "the data store is unavailable; try again shortly")
          .addHeader(RetryAfter.create(STORE_RETRY_AFTER_SECONDS));
    }
    log.error("Unhandled error in a route", error);
    return response(StatusCodes.INTERNAL_SERVER_ERROR, "The server failed to handle the request.");
  }

  /** Whole seconds, rounded up, at least 1: the form of {@code Retry-After}. */
  static long seconds(Duration duration) {
    return Math.max(1, (duration.toMillis() + 999) / 1000);
  }

  /** 503 with {@code Retry-After}: this node is at capacity; nothing of the request was done. */
  static HttpResponse overloaded(Duration retryAfter) {
    return response(StatusCodes.SERVICE_UNAVAILABLE, "the server is busy; try again in "
        + seconds(retryAfter) + " s").addHeader(RetryAfter.create(seconds(retryAfter)));
  }

  /**
   * The answer when a request outlives {@code akka.http.server.request-timeout}, in place of
   * akka-http's plain-text one. Auth routes are sized to finish well before it (see
   * {@code gambit.auth.password.hashing.max-wait}); this is the net for whatever is not.
   */
  public static HttpResponse timedOut(HttpRequest request) {
    log.debug("Request timed out: {} {}", request.method().value(), request.getUri().path());
    return response(StatusCodes.SERVICE_UNAVAILABLE, "the server did not answer in time; the"
        + " request may or may not have taken effect")
        .addHeader(RetryAfter.create(5L));
  }

  private static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  private static HttpResponse asProblem(HttpResponse response) {
    if (!(response.entity() instanceof HttpEntity.Strict strict)
        || PROBLEM_JSON.equals(strict.getContentType())) {
      return response;
    }
    String text = strict.getData().utf8String();
    String detail = text.isBlank() ? response.status().reason() : text;
    return response.withEntity(response(response.status(), detail).entity());
  }

  private static ByteString toJson(Map<String, Object> body) {
    try {
      return ByteString.fromArray(MAPPER.writeValueAsString(body)
          .getBytes(StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render a problem body", e);
    }
  }
}
