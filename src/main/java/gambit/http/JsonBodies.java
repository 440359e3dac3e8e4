package gambit.http;

import static akka.http.javadsl.server.Directives.complete;
import static akka.http.javadsl.server.Directives.extractRequestEntity;
import static akka.http.javadsl.server.Directives.extractMaterializer;
import static akka.http.javadsl.server.Directives.onComplete;

import akka.http.javadsl.model.ContentType;
import akka.http.javadsl.model.HttpEntity;
import akka.http.javadsl.model.MediaType;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.Route;
import akka.http.scaladsl.model.EntityStreamSizeException;
import akka.util.ByteString;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Reading JSON request bodies the same way on every route: the body must be declared JSON
 * ({@code application/json} or any {@code application/*+json}; otherwise 415), be no larger than
 * the API's limit (otherwise 413, decided from {@code Content-Length} before reading when it is
 * sent, else while reading), and be one JSON object (or, where a route takes a list, one JSON
 * array; otherwise 400 saying what is wrong). A name twice in one object is a 400 naming it.
 * Thread-safe.
 */
public final class JsonBodies {

  /** How long a body may take to arrive once its headers did. */
  static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

  private final ObjectReader reader;
  private final long maxBytes;
  private final Duration readTimeout;

  /**
   * @param mapper the ObjectMapper to parse with
   * @param maxBytes the largest body accepted, in bytes
   */
  public JsonBodies(ObjectMapper mapper, long maxBytes) {
    this(mapper, maxBytes, READ_TIMEOUT);
  }

  /** Like {@link #JsonBodies(ObjectMapper, long)}; a body slower than {@code readTimeout}: 408. */
  JsonBodies(ObjectMapper mapper, long maxBytes, Duration readTimeout) {
    // Duplicate names are refused, not "last one wins": a proxy or validator reading the first
    // value would otherwise see another request than the one carried out.
    this.reader = strictReader(mapper);
    this.maxBytes = maxBytes;
    this.readTimeout = readTimeout;
  }

  /** The body as a JSON object, or a 400/408/413/415 problem. */
  public Route object(Function<JsonNode, Route> inner) {
    return json(JsonNode::isObject, "a JSON object", inner);
  }

  /** The body as a JSON array, or a 400/408/413/415 problem. */
  public Route array(Function<JsonNode, Route> inner) {
    return json(JsonNode::isArray, "a JSON array", inner);
  }

  private Route json(Predicate<JsonNode> accepted, String expected,
      Function<JsonNode, Route> inner) {
    return extractRequestEntity(entity -> {
      if (!isJson(entity.getContentType())) {
        return complete(Problems.response(StatusCodes.UNSUPPORTED_MEDIA_TYPE,
            "expected a JSON body (Content-Type: application/json), got "
                + entity.getContentType().mediaType()));
      }
      OptionalLong length = entity.getContentLengthOption();
      if (length.isPresent() && length.getAsLong() > maxBytes) {
        return complete(Problems.response(StatusCodes.PAYLOAD_TOO_LARGE,
            "the request body has " + length.getAsLong() + " bytes; the limit is " + maxBytes));
      }
      return extractMaterializer(materializer -> onComplete(
          entity.withSizeLimit(maxBytes).toStrict(readTimeout.toMillis(), materializer), read -> {
            if (read.isFailure()) {
              Throwable failure = read.failed().get();
              if (tooLarge(failure)) {
                throw new ProblemException(StatusCodes.PAYLOAD_TOO_LARGE,
                    "the request body is larger than the limit of " + maxBytes + " bytes");
              }
              if (timedOut(failure)) { // the client's fault: 408, logged only at DEBUG
                throw new ProblemException(StatusCodes.REQUEST_TIMEOUT, "the request body did "
                    + "not arrive within " + readTimeout.toMillis() + " ms");
              }
              throw new CompletionException(failure);
            }
            return inner.apply(parse(read.get(), accepted, expected));
          }));
    });
  }

  /** The body did not arrive in time (toStrict's own timeout, possibly wrapped). */
  private static boolean timedOut(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof TimeoutException) {
        return true;
      }
    }
    return false;
  }

  /** Reading the body hit the size limit (directly, or wrapped by akka-http). */
  private static boolean tooLarge(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof EntityStreamSizeException) {
        return true;
      }
    }
    return false;
  }

  /**
   * The named fields, each a string, in the order asked for; a 400 problem naming every field
   * that is missing or not a string.
   */
  public static List<String> strings(JsonNode body, String... fields) {
    List<String> values = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    List<String> notText = new ArrayList<>();
    for (String field : fields) {
      JsonNode value = body.get(field);
      if (value == null || value.isNull()) {
        missing.add(field);
      } else if (!value.isTextual()) {
        notText.add(field);
      } else {
        values.add(value.textValue());
      }
    }
    if (!missing.isEmpty() || !notText.isEmpty()) {
      throw new ProblemException(StatusCodes.BAD_REQUEST, describe(missing, notText));
    }
    return values;
  }

  /** An optional string field: empty when absent or null; a 400 problem when not a string. */
  public static Optional<String> optionalString(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw new ProblemException(StatusCodes.BAD_REQUEST, "field \"" + field
          + "\" must be a string");
    }
    return Optional.of(value.textValue());
  }

  /** A required whole number from 0 to {@code Integer.MAX_VALUE}; a 400 problem otherwise. */
  public static int nonNegativeInt(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      throw new ProblemException(StatusCodes.BAD_REQUEST, "missing field \"" + field + "\"");
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 0) {
      throw new ProblemException(StatusCodes.BAD_REQUEST, "field \"" + field
          + "\" must be a whole number of at least 0, got " + describe(value));
    }
    return value.intValue();
  }

  /** A value as a refusal names it: the number if whole, else only its kind. */
  private static String describe(JsonNode value) {
    if (value.isIntegralNumber()) {
      return Problems.clip(value.asText());
    }
    return switch (value.getNodeType()) {
      case NUMBER -> "a number with a fraction or an exponent";
      case STRING -> "a string";
      case BOOLEAN -> "a boolean";
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      default -> value.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    };
  }

  private static String describe(List<String> missing, List<String> notText) {
    List<String> parts = new ArrayList<>();
    if (!missing.isEmpty()) {
      parts.add("missing field" + (missing.size() > 1 ? "s " : " ") + quoted(missing));
    }
    if (!notText.isEmpty()) {
      parts.add("field" + (notText.size() > 1 ? "s " : " ") + quoted(notText)
          + (notText.size() > 1 ? " must be strings" : " must be a string"));
    }
    return String.join("; ", parts);
  }

  private static String quoted(List<String> names) {
    return String.join(", ", names.stream().map(name -> "\"" + name + "\"").toList());
  }

  private JsonNode parse(HttpEntity.Strict entity, Predicate<JsonNode> accepted,
      String expected) {
    ByteString data = entity.getData();
    if (data.isEmpty()) {
      throw new ProblemException(StatusCodes.BAD_REQUEST,
          "the request body is empty; expected " + expected);
    }
    JsonNode node;
    try (JsonParser parser = reader.createParser(data.toArray())) {
      node = read(parser, data.size());
    } catch (IOException e) {
      throw new ProblemException(StatusCodes.BAD_REQUEST, "the request body cannot be read");
    }
    if (node == null || !accepted.test(node)) {
      throw new ProblemException(StatusCodes.BAD_REQUEST,
          "the request body must be " + expected);
    }
    return node;
  }

  private JsonNode read(JsonParser parser, int length) throws IOException {
    try {
      JsonNode node = reader.readTree(parser);
      if (parser.nextToken() != null) {
        throw invalid(parser.currentTokenLocation(), "there is more after the first JSON value");
      }
      return node;
    } catch (JsonProcessingException e) {
      String name = parser.getParsingContext().getCurrentName();
      throw invalid(e.getLocation(), isDuplicate(e, name)
          ? "the name \"" + Problems.clip(name) + "\" appears twice in one object"
          : reason(e, length));
    }
  }

  /**
   * Jackson signals a duplicate name with a plain parse exception whose parser has just read
   * that name; only its message tells it apart from other syntax errors.
   */
  private static boolean isDuplicate(JsonProcessingException e, String name) {
    return isDuplicateName(e) && name != null;
  }

  /**
   * A reader that refuses a name twice in one object (for bodies here, and for socket
   * messages, which are read the same way).
   */
  static ObjectReader strictReader(ObjectMapper mapper) {
    return mapper.reader().with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  }

  /** Whether reading a socket message failed on a name that appears twice in an object. */
  static boolean isDuplicateName(IOException e) {
    return e instanceof JsonProcessingException parse && parse.getOriginalMessage() != null
        && parse.getOriginalMessage().startsWith("Duplicate field");
  }

  private static ProblemException invalid(JsonLocation where, String reason) {
    String at = where == null ? ""
        : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")";
    return new ProblemException(StatusCodes.BAD_REQUEST,
        "the request body is not valid JSON" + at + ": " + reason);
  }

  /**
   * Our own words for what is wrong: the parser's messages name its classes and settings, which
   * mean nothing to a client and tell an attacker which library and version run here.
   */
  private static String reason(JsonProcessingException e, int length) {
    if (e instanceof StreamConstraintsException) {
      return "it is nested too deeply, or a number, name or text in it is too long";
    }
    JsonLocation where = e.getLocation();
    if (e instanceof JsonEOFException || where != null && where.getByteOffset() >= length) {
      return "it ends before it is complete";
    }
    return "unexpected character or token";
  }

  private static boolean isJson(ContentType type) {
    MediaType media = type.mediaType();
    return "application".equals(media.mainType())
        && ("json".equals(media.subType()) || media.subType().endsWith("+json"));
  }
}
