package gambit.http;

import akka.event.LoggingAdapter;
import akka.http.ParsingErrorHandler;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCodes;
import akka.http.scaladsl.model.ErrorInfo;
import akka.http.scaladsl.model.StatusCode;
import akka.http.scaladsl.settings.ServerSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers requests that akka-http cannot even parse (URI too long, header too large, too many
 * headers, a bad method or protocol, broken framing) with a problem+json body instead of
 * akka-http's plain text, and logs them at DEBUG: any client can send such bytes, so they are no
 * operator's business, and the raw request text is never logged as a line of its own. Set as
 * {@code akka.http.server.parsing.error-handler} in application.conf.
 */
public final class ProblemParsingErrorHandler extends ParsingErrorHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemParsingErrorHandler.class);

  @Override
  public HttpResponse handle(StatusCode status, ErrorInfo info, LoggingAdapter akkaLog,
      ServerSettings settings) {
    String summary = Problems.clip(info.summary());
    log.debug("Unparseable request ({}): {}", status.intValue(), summary);
    String detail = summary.isBlank() ? status.reason() : summary;
    return Problems.response(StatusCodes.get(status.intValue()), detail);
  }
}
