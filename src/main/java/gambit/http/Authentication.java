package gambit.http;

import static akka.http.javadsl.server.Directives.complete;
import static akka.http.javadsl.server.Directives.extractRequest;

import akka.http.javadsl.model.AttributeKeys;
import akka.http.javadsl.model.HttpHeader;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCode;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.headers.RawHeader;
import akka.http.javadsl.server.Route;
import gambit.auth.AccessTokens;
import gambit.auth.AuthService;
import gambit.auth.Identity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The one authentication directive of the API: every route that needs a caller goes through
 * {@link #authenticated} (or {@link #authorized} for a role). The access token comes from
 * {@code Authorization: Bearer <token>}; on a WebSocket upgrade request it may instead come from
 * the {@code access_token} query parameter, because browsers cannot set headers there. It is
 * refused in the query of ordinary requests, where it would end up in logs and caches.
 *
 * <p>Answers (all problem+json, RFC 6750 challenges):
 * <ul>
 *   <li>no token: 401, {@code WWW-Authenticate: Bearer realm="gambit"}; an
 *       {@code access_token} query parameter alone on an ordinary (non-upgrade) request is
 *       treated like no token, with a detail saying the parameter is for WebSocket upgrades;
 *   <li>a token that fails verification: 401, {@code error="invalid_token"} and a description;
 *   <li>two tokens (two headers, two query parameters, or a header and a query parameter, on
 *       any request, upgrade or not): 400, {@code error="invalid_request"};
 *   <li>a valid token without the role: 403, {@code error="insufficient_scope"}.
 * </ul>
 * Verification is local (no Redis, no other node), so this directive never answers 503.
 */
public final class Authentication {

  /** The realm named in every challenge. */
  public static final String REALM = "gambit";
  private static final String QUERY_PARAMETER = "access_token";
  private static final String BEARER = "bearer ";

  private final AuthService auth;

  public Authentication(AuthService auth) {
    this.auth = auth;
  }

  /** Runs {@code inner} with the caller's identity, or answers 400/401. */
  public Route authenticated(Function<Identity, Route> inner) {
    return authenticatedUntil((identity, validUntil) -> inner.apply(identity));
  }

  /**
   * Like {@link #authenticated}, also telling until when the token holds: a connection that
   * lives on (a WebSocket) must not outlive its token.
   */
  public Route authenticatedUntil(BiFunction<Identity, Instant, Route> inner) {
    return extractRequest(request -> {
      TokenOrProblem found = token(request);
      if (found.problem != null) {
        return complete(found.problem);
      }
      AccessTokens.Verification verification = auth.verify(found.token);
      if (verification instanceof AccessTokens.Verified verified) {
        return inner.apply(verified.identity(), verified.validUntil());
      }
      String reason = ((AccessTokens.Rejected) verification).reason();
      return complete(challenge(StatusCodes.UNAUTHORIZED, reason, "invalid_token", reason));
    });
  }

  /**
   * For routes open to anonymous callers that do more for identified ones (a WebSocket that
   * spectators watch and players play on): runs {@code inner} with no identity when the request
   * carries no token at all, and otherwise exactly like {@link #authenticated} (so a bad token
   * is still 401, never silently anonymous).
   */
  public Route optional(Function<Optional<Identity>, Route> inner) {
    return optionalUntil((identity, validUntil) -> inner.apply(identity));
  }

  /** Like {@link #optional}, with the token's end ({@link Instant#MAX} without a token). */
  public Route optionalUntil(BiFunction<Optional<Identity>, Instant, Route> inner) {
    return extractRequest(request -> presentsToken(request)
        ? authenticatedUntil((identity, validUntil) ->
            inner.apply(Optional.of(identity), validUntil))
        : inner.apply(Optional.empty(), Instant.MAX));
  }

  private static boolean presentsToken(HttpRequest request) {
    for (HttpHeader header : request.getHeaders()) {
      if (header.is("authorization")) {
        return true;
      }
    }
    return !request.getUri().query().getAll(QUERY_PARAMETER).isEmpty();
  }

  /** Like {@link #authenticated}, and 403 unless the caller has the role. */
  public Route authorized(String role, Function<Identity, Route> inner) {
    return authenticated(identity -> identity.hasRole(role)
        ? inner.apply(identity)
        : complete(challenge(StatusCodes.FORBIDDEN, "this needs the " + role + " role",
            "insufficient_scope", "the " + role + " role is required")));
  }

  private record TokenOrProblem(String token, HttpResponse problem) {}

  private static TokenOrProblem token(HttpRequest request) {
    List<String> headers = new ArrayList<>();
    for (HttpHeader header : request.getHeaders()) {
      if (header.is("authorization")) {
        headers.add(header.value());
      }
    }
    List<String> inQuery = request.getUri().query().getAll(QUERY_PARAMETER);
    boolean upgrade = request.getAttribute(AttributeKeys.webSocketUpgrade).isPresent();
    // A header plus a query token is refused on every request, not only on upgrades: ignoring
    // the query token would accept a request whose URL leaks a token into logs and caches.
    if (headers.size() + inQuery.size() > 1) {
      return problem(challenge(StatusCodes.BAD_REQUEST, "send exactly one access token: either"
          + " one Authorization header or, on a WebSocket upgrade only, one access_token"
          + " parameter", "invalid_request", "more than one access token"));
    }
    if (headers.size() == 1) {
      return fromHeader(headers.get(0));
    }
    if (!inQuery.isEmpty()) {
      return upgrade ? new TokenOrProblem(inQuery.get(0), null)
          : problem(challenge(StatusCodes.UNAUTHORIZED, "the access_token query parameter is"
              + " only accepted on WebSocket upgrades; send Authorization: Bearer <token>",
              null, null));
    }
    return problem(challenge(StatusCodes.UNAUTHORIZED,
        "authentication required: send Authorization: Bearer <access token>", null, null));
  }

  private static TokenOrProblem fromHeader(String value) {
    if (!value.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
      return problem(challenge(StatusCodes.UNAUTHORIZED,
          "only Bearer access tokens are accepted (Authorization: Bearer <access token>)",
          null, null));
    }
    String token = value.substring(BEARER.length()).strip();
    if (token.isEmpty()) {
      return problem(challenge(StatusCodes.UNAUTHORIZED, "the bearer token is empty",
          "invalid_token", "empty token"));
    }
    return new TokenOrProblem(token, null);
  }

  private static TokenOrProblem problem(HttpResponse response) {
    return new TokenOrProblem(null, response);
  }

  /**
   * A problem response with a {@code Bearer} challenge (RFC 6750 section 3). Rendered by hand
   * because akka-http's model leaves token-like values unquoted ({@code error=invalid_token}),
   * which is valid HTTP but not the quoted form that RFC 6750 shows and clients match on.
   */
  static HttpResponse challenge(StatusCode status, String detail, String error,
      String description) {
    StringBuilder challenge = new StringBuilder("Bearer realm=\"" + REALM + "\"");
    if (error != null) {
      challenge.append(", error=\"").append(error).append('"')
          .append(", error_description=\"").append(headerSafe(description)).append('"');
    }
    return Problems.response(status, detail)
        .addHeader(RawHeader.create("WWW-Authenticate", challenge.toString()));
  }

  /** RFC 6750 allows only printable ASCII without {@code "} and {@code \} in a description. */
  private static String headerSafe(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      out.append(c >= 0x20 && c <= 0x7e && c != '"' && c != '\\' ? c : ' ');
    }
    return out.toString();
  }
}
