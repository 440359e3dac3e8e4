package gambit.auth;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.DispatcherSelector;
import gambit.node.RedisStore;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The account and session flows: register, log in, refresh, log out, and token verification for
 * every other route. Stateless apart from Redis, so every node runs its own instance and any
 * node may serve any step of a flow.
 *
 * <p>Every method returns a stage that completes with an outcome for each answer a client can
 * get; it fails with {@link gambit.node.StoreUnavailableException} when Redis is unreachable and
 * with another exception only for bugs. Thread-safe.
 */
public final class AuthService {

  private static final Logger log = LoggerFactory.getLogger(AuthService.class);
  /** The Akka dispatcher (a small fixed pool) that password hashing runs on. */
  public static final String PASSWORD_DISPATCHER = "gambit.auth.password-dispatcher";

  private final AuthSettings settings;
  private final AccountRules rules;
  private final Passwords passwords;
  private final Accounts accounts;
  private final RefreshSessions sessions;
  private final LoginThrottle throttle;
  private final WindowCounter registrations;
  private final AuthKeys keys;
  private final AccessTokens tokens;
  private final Clock clock;

  /**
   * @param hashing where password hashing runs (a small dedicated pool)
   */
  public AuthService(AuthSettings settings, SigningKey key, RedisStore redis, Executor hashing,
      Clock clock) {
    AuthKeys keys = new AuthKeys(settings.keyPrefix());
    this.settings = settings;
    this.rules = new AccountRules(settings.passwordMinLength(), settings.passwordMaxLength());
    this.passwords = new Passwords(settings.passwordIterations(), hashing,
        settings.hashingMaxInFlight(), settings.hashingMaxWait());
    this.accounts = new Accounts(redis, keys);
    this.sessions = new RefreshSessions(redis, keys, settings.refreshTokenTtl(), clock);
    // a check waits at most max-wait for a thread, then hashes for well under a second
    this.throttle = new LoginThrottle(redis, keys, settings.userThrottle(),
        settings.addressThrottle(), settings.hashingMaxWait().multipliedBy(2).plusSeconds(5));
    this.registrations = new WindowCounter(redis);
    this.keys = keys;
    this.tokens = new AccessTokens(key, settings, clock);
    this.clock = clock;
  }

  /**
   * The service of a node: Redis through {@link RedisStore}, hashing on the dispatcher
   * {@value #PASSWORD_DISPATCHER}, the system clock.
   */
  public static AuthService create(ActorSystem<?> system, AuthSettings settings, SigningKey key) {
    Executor hashing = system.dispatchers().lookup(DispatcherSelector.fromConfig(
        PASSWORD_DISPATCHER));
    return new AuthService(settings, key, RedisStore.get(system), hashing, Clock.systemUTC());
  }

  public AuthSettings settings() {
    return settings;
  }

  /** The index of registered names that the player search reads. */
  public UsernameIndex usernames() {
    return accounts.usernames();
  }

  /** Checks an access token; see {@link AccessTokens#verify}. */
  public AccessTokens.Verification verify(String accessToken) {
    return tokens.verify(accessToken);
  }

  // ---------------------------------------------------------------- register

  /**
   * Creates an account when the name is well-formed and free and the password acceptable.
   * Every such attempt counts against the address's registration limit, whatever its outcome.
   * The account is stored only after its password is hashed, as the last step, so an attempt
   * refused for load ({@link HashingBusyException} in the stage) has stored nothing.
   *
   * @param address the client's address, for the registration throttle
   */
  public CompletionStage<Registration> register(String username, String password,
      String address) {
    Optional<String> problem = rules.checkUsername(username)
        .or(() -> rules.checkPassword(password, username));
    if (problem.isPresent()) {
      return CompletableFuture.completedFuture(new InvalidAccount(problem.get()));
    }
    return registrations.reserve(keys.registerThrottle(address), settings.registerThrottle())
        .thenCompose(wait -> wait.isPresent()
            ? CompletableFuture.completedFuture(new RegistrationThrottled(wait.get()))
            : accounts.exists(username).thenCompose(taken -> taken
                ? CompletableFuture.completedFuture(new NameTaken(username))
                : store(username, password)));
  }

  private CompletionStage<Registration> store(String username, String password) {
    String userId = UUID.randomUUID().toString();
    return passwords.hash(password)
        .thenCompose(hash -> accounts.create(
            new Accounts.Account(userId, username, hash, clock.millis())))
        .thenApply(created -> {
          if (!created) {
            return new NameTaken(username);
          }
          log.info("Account registered: {} ({})", username, userId);
          return new Registered(userId, username);
        });
  }

  /** The outcome of {@link #register}. */
  public sealed interface Registration
      permits Registered, NameTaken, InvalidAccount, RegistrationThrottled {}

  public record Registered(String userId, String username) implements Registration {}

  public record NameTaken(String username) implements Registration {}

  /** The name's form or the password is refused; {@code detail} says which and why. */
  public record InvalidAccount(String detail) implements Registration {}

  /** Too many registrations from this address; try again after {@code retryAfter}. */
  public record RegistrationThrottled(Duration retryAfter) implements Registration {}

  // ---------------------------------------------------------------- login

  /**
   * Logs in. A wrong name and a wrong password get the same outcome after the same work (a
   * password hash is checked either way), so neither the answer nor its timing tells whether
   * a name exists. The attempt reserves its check with the throttle before the password is
   * checked, so parallel attempts cannot check more passwords than the limits allow; only a
   * wrong password is counted as a failure.
   *
   * @param address the client's address, for the per-address throttle
   */
  public CompletionStage<Login> login(String username, String password, String address) {
    Optional<String> name = AccountRules.isWellFormedUsername(username)
        ? Optional.of(AccountRules.canonical(username)) : Optional.empty();
    return throttle.reserve(name, address).thenCompose(reservation ->
        reservation instanceof LoginThrottle.Reserved reserved
            ? attempt(reserved, name, password, address)
            : CompletableFuture.completedFuture(throttled((LoginThrottle.Refused) reservation)));
  }

  private static Login throttled(LoginThrottle.Refused refused) {
    return refused.checksInFlight() ? new ChecksInFlight(refused.retryAfter())
        : new Throttled(refused.retryAfter());
  }

  /**
   * Runs with the check reserved: a wrong password counts as a failure, a success clears the
   * name's failures, and a refusal for load ({@link HashingBusyException}), which checked no
   * password, only ends the check.
   */
  private CompletionStage<Login> attempt(LoginThrottle.Reserved reserved, Optional<String> name,
      String password, String address) {
    CompletionStage<Optional<Accounts.Account>> account = name.isPresent()
        ? accounts.find(name.get())
        : CompletableFuture.completedFuture(Optional.empty());
    return account.thenCompose(found -> {
      String hash = found.map(Accounts.Account::passwordHash).orElse(null);
      String checked = rules.isTooLong(password) ? "" : password;
      return passwords.verify(checked, hash)
          .exceptionallyCompose(error -> unchecked(error, reserved, name, address))
          .thenCompose(ok -> ok && !checked.isEmpty()
              ? loggedIn(reserved, found.get(), address)
              : throttle.failed(reserved, name, address).thenApply(done -> new BadCredentials()));
    });
  }

  private CompletionStage<Boolean> unchecked(Throwable error, LoginThrottle.Reserved reserved,
      Optional<String> name, String address) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null
        ? error.getCause() : error;
    if (!(cause instanceof HashingBusyException)) {
      return CompletableFuture.failedFuture(cause);
    }
    return throttle.release(reserved, name, address)
        .thenCompose(done -> CompletableFuture.<Boolean>failedFuture(cause));
  }

  private CompletionStage<Login> loggedIn(LoginThrottle.Reserved reserved,
      Accounts.Account account, String address) {
    String name = AccountRules.canonical(account.username());
    return throttle.succeeded(reserved, name, address)
        .thenCompose(done -> sessions.open(account.userId(), account.username()))
        .thenApply(refresh -> {
          log.debug("Login: {} ({})", account.username(), account.userId());
          return new LoggedIn(pair(account.userId(), account.username(), refresh));
        });
  }

  /** The outcome of {@link #login}. */
  public sealed interface Login permits LoggedIn, BadCredentials, Throttled, ChecksInFlight {}

  public record LoggedIn(TokenPair tokens) implements Login {}

  /** Unknown name or wrong password: deliberately the same. */
  public record BadCredentials() implements Login {}

  /** Too many failures for this name or address; try again after {@code retryAfter}. */
  public record Throttled(Duration retryAfter) implements Login {}

  /**
   * Other logins of this name or address, still being checked, fill the limit: refused
   * without counting, and {@code retryAfter} is short (checks end within about a second).
   */
  public record ChecksInFlight(Duration retryAfter) implements Login {}

  // ---------------------------------------------------------------- refresh and logout

  /** Rotates a refresh token into a new pair; see {@link RefreshSessions#rotate}. */
  public CompletionStage<Refresh> refresh(String refreshToken) {
    return sessions.rotate(refreshToken).thenApply(rotation -> {
      if (rotation instanceof RefreshSessions.Rotated rotated) {
        return new Refreshed(pair(rotated.userId(), rotated.username(), rotated.next()));
      }
      if (rotation instanceof RefreshSessions.Reused reused) {
        // Possibly a stolen token, possibly a client retrying a refresh: worth a line, not a WARN.
        log.info("A rotated refresh token of user {} was presented again: its session is revoked",
            reused.userId());
        return new RefreshRejected("the refresh token was already used; its session has been"
            + " revoked, log in again");
      }
      return new RefreshRejected("the refresh token is invalid, expired or revoked");
    });
  }

  /** The outcome of {@link #refresh}. */
  public sealed interface Refresh permits Refreshed, RefreshRejected {}

  public record Refreshed(TokenPair tokens) implements Refresh {}

  public record RefreshRejected(String detail) implements Refresh {}

  /** Ends the refresh token's session; done also when there was none. */
  public CompletionStage<Boolean> logout(String refreshToken) {
    return sessions.revoke(refreshToken);
  }

  // ---------------------------------------------------------------- tokens

  /**
   * What login and refresh hand out.
   *
   * @param accessToken a signed JWT for {@code Authorization: Bearer}
   * @param refreshToken opaque, for {@code /api/auth/refresh} and {@code /api/auth/logout}
   * @param expiresIn the access token's lifetime in seconds
   * @param refreshExpiresIn the refresh token's lifetime in seconds
   */
  public record TokenPair(String accessToken, String refreshToken, long expiresIn,
      long refreshExpiresIn) {}

  private TokenPair pair(String userId, String username, String refreshToken) {
    AccessTokens.Issued access = tokens.issue(new Identity(userId, username, roles(username)));
    return new TokenPair(access.token(), refreshToken, access.expiresIn().toSeconds(),
        sessions.ttl().toSeconds());
  }

  private Set<String> roles(String username) {
    Set<String> roles = new HashSet<>(Set.of(Identity.USER));
    if (settings.isOperator(username)) {
      roles.add(Identity.OPERATOR);
    }
    return roles;
  }

  /** The stored account with this name (any case), for operators. */
  public CompletionStage<Optional<AccountView>> account(String username) {
    if (!AccountRules.isWellFormedUsername(username)) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return accounts.find(username).thenApply(found -> found.map(account -> new AccountView(
        account.userId(), account.username(), roles(account.username()),
        java.time.Instant.ofEpochMilli(account.createdAt()).toString())));
  }

  /** An account as operators see it: never the password hash. */
  public record AccountView(String userId, String username, Set<String> roles,
      String createdAt) {}
}
