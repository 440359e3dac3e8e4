package gambit.http;

import static akka.http.javadsl.server.Directives.complete;
import static akka.http.javadsl.server.Directives.concat;
import static akka.http.javadsl.server.Directives.extractRequest;
import static akka.http.javadsl.server.Directives.get;
import static akka.http.javadsl.server.Directives.onSuccess;
import static akka.http.javadsl.server.Directives.path;
import static akka.http.javadsl.server.Directives.pathPrefix;
import static akka.http.javadsl.server.Directives.post;
import static akka.http.javadsl.server.Directives.respondWithHeaders;
import static akka.http.javadsl.server.PathMatchers.segment;

import akka.http.javadsl.marshallers.jackson.Jackson;
import akka.http.javadsl.model.AttributeKeys;
import akka.http.javadsl.model.HttpHeader;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.RemoteAddress;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.headers.CacheControl;
import akka.http.javadsl.model.headers.CacheDirectives;
import akka.http.javadsl.model.headers.RawHeader;
import akka.http.javadsl.model.headers.RetryAfter;
import akka.http.javadsl.server.Route;
import com.fasterxml.jackson.databind.ObjectMapper;
import gambit.auth.AuthService;
import gambit.auth.Identity;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Accounts and sessions over HTTP: {@code POST /api/auth/register|login|refresh|logout},
 * {@code GET /api/me}, and the operators' {@code GET /api/operator/accounts/{username}}. Thin: it
 * reads the body, calls {@link AuthService} and maps each outcome to one status. Token answers
 * carry {@code Cache-Control: no-store}. A Redis outage surfaces as a failed stage that
 * {@link Problems#exceptionHandler()} answers 503.
 */
public final class AuthRoutes {

  private static final String FORWARDED_FOR = "x-forwarded-for";

  private final AuthService auth;
  private final Authentication authentication;
  private final JsonBodies bodies;
  private final ObjectMapper mapper;
  private final boolean trustForwardedFor;

  public AuthRoutes(AuthService auth, Authentication authentication, JsonBodies bodies,
      ObjectMapper mapper) {
    this.auth = auth;
    this.authentication = authentication;
    this.bodies = bodies;
    this.mapper = mapper;
    this.trustForwardedFor = auth.settings().trustForwardedFor();
  }

  /** The routes, to be placed under {@code /api}. */
  public Route route() {
    return concat(
        pathPrefix("auth", () -> concat(
            path("register", () -> post(this::register)),
            path("login", () -> post(this::login)),
            path("refresh", () -> post(this::refresh)),
            path("logout", () -> post(this::logout)))),
        path("me", () -> get(() -> authentication.authenticated(this::me))),
        pathPrefix("operator", () -> path(segment("accounts").slash(segment()), username ->
            get(() -> authentication.authorized(Identity.OPERATOR,
                operator -> account(username))))));
  }

  // ---------------------------------------------------------------- routes

  private Route register() {
    return bodies.object(body -> clientAddress(address -> {
      List<String> fields = JsonBodies.strings(body, "username", "password");
      return onSuccess(auth.register(fields.get(0), fields.get(1), address), outcome -> {
        if (outcome instanceof AuthService.Registered registered) {
          return complete(StatusCodes.CREATED, registered, Jackson.marshaller(mapper));
        }
        if (outcome instanceof AuthService.NameTaken taken) {
          return complete(Problems.response(StatusCodes.CONFLICT,
              "the username \"" + taken.username() + "\" is taken (names are compared"
                  + " ignoring case)"));
        }
        if (outcome instanceof AuthService.RegistrationThrottled throttled) {
          return tooMany(throttled.retryAfter(),
              "too many registrations from this address; try again in %d s");
        }
        return complete(Problems.response(StatusCodes.BAD_REQUEST,
            ((AuthService.InvalidAccount) outcome).detail()));
      });
    }));
  }

  private Route login() {
    return bodies.object(body -> clientAddress(address -> {
      List<String> fields = JsonBodies.strings(body, "username", "password");
      return onSuccess(auth.login(fields.get(0), fields.get(1), address), outcome -> {
        if (outcome instanceof AuthService.LoggedIn loggedIn) {
          return tokens(loggedIn.tokens());
        }
        if (outcome instanceof AuthService.Throttled throttled) {
          return tooMany(throttled.retryAfter(), "too many failed logins for this username or"
              + " from this address; try again in %d s");
        }
        if (outcome instanceof AuthService.ChecksInFlight inFlight) {
          return tooMany(inFlight.retryAfter(), "too many logins for this username or from this"
              + " address are being checked at once; try again in %d s");
        }
        return complete(Authentication.challenge(StatusCodes.UNAUTHORIZED,
            "invalid username or password", null, null));
      });
    }));
  }

  private Route refresh() {
    return bodies.object(body -> {
      String token = JsonBodies.strings(body, "refreshToken").get(0);
      return onSuccess(auth.refresh(token), outcome -> {
        if (outcome instanceof AuthService.Refreshed refreshed) {
          return tokens(refreshed.tokens());
        }
        return complete(Authentication.challenge(StatusCodes.UNAUTHORIZED,
            ((AuthService.RefreshRejected) outcome).detail(), null, null));
      });
    });
  }

  /** 204 whether or not a session was found: logging out twice is not an error. */
  private Route logout() {
    return bodies.object(body -> {
      String token = JsonBodies.strings(body, "refreshToken").get(0);
      return onSuccess(auth.logout(token), ended -> complete(StatusCodes.NO_CONTENT));
    });
  }

  private Route me(Identity identity) {
    return complete(StatusCodes.OK, new Me(identity.userId(), identity.username(),
        Set.copyOf(identity.roles())), Jackson.marshaller(mapper));
  }

  private Route account(String username) {
    return onSuccess(auth.account(username), found -> found.isPresent()
        ? complete(StatusCodes.OK, found.get(), Jackson.marshaller(mapper))
        : complete(Problems.response(StatusCodes.NOT_FOUND,
            "no account named \"" + Problems.clip(username) + "\"")));
  }

  /** {@code GET /api/me}: who the access token speaks for. */
  public record Me(String userId, String username, Set<String> roles) {}

  // ---------------------------------------------------------------- helpers

  /** 429 with {@code Retry-After} in whole seconds (rounded up); %d in detail is filled in. */
  private static Route tooMany(java.time.Duration retryAfter, String detail) {
    long seconds = Problems.seconds(retryAfter);
    return complete(Problems.response(StatusCodes.TOO_MANY_REQUESTS, detail.formatted(seconds))
        .addHeader(RetryAfter.create(seconds)));
  }

  private Route tokens(AuthService.TokenPair pair) {
    List<HttpHeader> noStore = List.of(CacheControl.create(CacheDirectives.NO_STORE),
        RawHeader.create("Pragma", "no-cache"));
    return respondWithHeaders(noStore, () ->
        complete(StatusCodes.OK, new Tokens(pair), Jackson.marshaller(mapper)));
  }

  /** The body of login and refresh answers. */
  public record Tokens(String accessToken, String refreshToken, String tokenType,
      long expiresIn, long refreshExpiresIn) {

    Tokens(AuthService.TokenPair pair) {
      this(pair.accessToken(), pair.refreshToken(), "Bearer", pair.expiresIn(),
          pair.refreshExpiresIn());
    }
  }

  /**
   * The client's address for throttling: the TCP peer, or, when configured to trust a proxy,
   * the last {@code X-Forwarded-For} entry (the one that proxy appended; earlier entries come
   * from the client and can be forged).
   */
  private Route clientAddress(Function<String, Route> inner) {
    return extractRequest(request -> inner.apply(address(request)));
  }

  private String address(HttpRequest request) {
    if (trustForwardedFor) {
      Optional<String> forwarded = lastForwardedFor(request);
      if (forwarded.isPresent()) {
        return forwarded.get();
      }
    }
    return request.getAttribute(AttributeKeys.remoteAddress)
        .flatMap(RemoteAddress::getAddress)
        .map(InetAddress::getHostAddress)
        .orElse("unknown");
  }

  private static Optional<String> lastForwardedFor(HttpRequest request) {
    String last = null;
    for (HttpHeader header : request.getHeaders()) {
      if (header.is(FORWARDED_FOR)) {
        String[] hops = header.value().split(",");
        last = hops[hops.length - 1].strip();
      }
    }
    return Optional.ofNullable(last).filter(value -> !value.isEmpty());
  }
}
