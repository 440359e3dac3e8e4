package gambit.auth;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code gambit.auth} section (see {@code auth.conf} for every key and its environment
 * variable), read once at start-up. A bad value fails here with a message naming the key, the
 * value and what was expected.
 *
 * @param keyPrefix prepended to every Redis key of the auth area (see {@link AuthKeys})
 * @param jwtSecret the shared HMAC key as text ({@code JWT_SECRET}); empty when not configured
 * @param jwtSecretFile a file holding the shared key ({@code JWT_SECRET_FILE}); empty when not
 *     configured
 * @param issuer the {@code iss} claim written into and required from every access token
 * @param audience the {@code aud} claim written into and required from every access token
 * @param accessTokenTtl how long an access token is valid
 * @param leeway clock skew tolerated when checking {@code exp}, {@code nbf} and {@code iat}
 * @param refreshTokenTtl how long a refresh session lives after its last use
 * @param operators lower-cased usernames that get the {@code operator} role
 * @param passwordIterations PBKDF2 iterations for new password hashes
 * @param passwordMinLength the shortest password accepted at registration, in characters
 * @param passwordMaxLength the longest password accepted, in characters
 * @param hashingMaxInFlight password hashes running or queued at once; more answer 503
 * @param hashingMaxWait how long a queued hash may wait for a thread before it answers 503
 * @param userThrottle failed logins allowed per username within a window
 * @param addressThrottle failed logins allowed per client address within a window
 * @param registerThrottle registration attempts allowed per client address within a window
 * @param trustForwardedFor whether the client address comes from {@code X-Forwarded-For} /
 *     {@code X-Real-IP} (only behind a proxy that sets them) rather than the TCP peer
 */
public record AuthSettings(
    String keyPrefix,
    Optional<String> jwtSecret,
    Optional<Path> jwtSecretFile,
    String issuer,
    String audience,
    Duration accessTokenTtl,
    Duration leeway,
    Duration refreshTokenTtl,
    Set<String> operators,
    int passwordIterations,
    int passwordMinLength,
    int passwordMaxLength,
    int hashingMaxInFlight,
    Duration hashingMaxWait,
    Limit userThrottle,
    Limit addressThrottle,
    Limit registerThrottle,
    boolean trustForwardedFor) {

  /** The config path of the section. */
  public static final String PATH = "gambit.auth";

  /** At most {@code max} counted attempts within {@code window}; more answer 429. */
  public record Limit(int max, Duration window) {}

  /** Reads the {@code gambit.auth} section of a (resolved) root config. */
  public static AuthSettings from(Config root) {
    try {
      Config auth = root.getConfig(PATH);
      AuthSettings settings = new AuthSettings(
          nonEmpty(auth, "redis-key-prefix"),
          optional(auth.getString("jwt.secret")),
          optional(auth.getString("jwt.secret-file")).map(Path::of),
          nonEmpty(auth, "jwt.issuer"),
          nonEmpty(auth, "jwt.audience"),
          positive(auth, "jwt.access-token-ttl"),
          auth.getDuration("jwt.leeway"),
          positive(auth, "refresh-token-ttl"),
          operators(auth.getString("operators")),
          atLeast(auth, "password.iterations", 1),
          atLeast(auth, "password.min-length", 1),
          atLeast(auth, "password.max-length", 1),
          atLeast(auth, "password.hashing.max-in-flight", 1),
          positive(auth, "password.hashing.max-wait"),
          limit(auth, "login-throttle.per-username", "max-failures"),
          limit(auth, "login-throttle.per-address", "max-failures"),
          limit(auth, "register-throttle.per-address", "max-registrations"),
          auth.getBoolean("login-throttle.trust-forwarded-for"));
      settings.checkConsistency();
      settings.checkHashingFitsRequestTimeout(root);
      return settings;
    } catch (ConfigException e) {
      throw new IllegalArgumentException("invalid configuration: " + e.getMessage(), e);
    }
  }

  /** True when the username (any case) is configured as an operator. */
  public boolean isOperator(String username) {
    return operators.contains(username.toLowerCase(Locale.ROOT));
  }

  private void checkConsistency() {
    if (leeway.isNegative() || leeway.compareTo(accessTokenTtl) >= 0) {
      throw new IllegalArgumentException(PATH + ".jwt.leeway = " + leeway
          + ": expected zero or more and less than jwt.access-token-ttl (" + accessTokenTtl + ")");
    }
    if (passwordMaxLength < passwordMinLength) {
      throw new IllegalArgumentException(PATH + ".password.max-length = " + passwordMaxLength
          + ": expected at least password.min-length (" + passwordMinLength + ")");
    }
  }

  /**
   * A request whose hash waited the longest must still finish (one hash, a few Redis commands)
   * well before akka-http gives up on it, or the client would get akka-http's plain-text
   * timeout answer while its account is created anyway. Half the request timeout leaves that
   * room. Skipped when the config has no (finite) request timeout.
   */
  private void checkHashingFitsRequestTimeout(Config root) {
    String key = "akka.http.server.request-timeout";
    if (!root.hasPath(key) || "infinite".equals(root.getString(key))) {
      return;
    }
    Duration requestTimeout = root.getDuration(key);
    if (hashingMaxWait.multipliedBy(2).compareTo(requestTimeout) > 0) {
      throw new IllegalArgumentException(PATH + ".password.hashing.max-wait = " + hashingMaxWait
          + ": expected at most half of " + key + " (" + requestTimeout + ")");
    }
  }

  private static Optional<String> optional(String value) {
    return value.isBlank() ? Optional.empty() : Optional.of(value);
  }

  private static String nonEmpty(Config auth, String key) {
    String value = auth.getString(key);
    if (value.isBlank()) {
      throw new IllegalArgumentException(PATH + "." + key + " is empty: expected a value");
    }
    return value;
  }

  private static Duration positive(Config auth, String key) {
    Duration value = auth.getDuration(key);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(PATH + "." + key + " = " + value
          + ": expected a positive duration");
    }
    return value;
  }

  private static int atLeast(Config auth, String key, int minimum) {
    int value = auth.getInt(key);
    if (value < minimum || auth.getDouble(key) != value) { // getInt cuts 1.5 down to 1
      throw new IllegalArgumentException(PATH + "." + key + " = "
          + auth.getValue(key).render() + ": expected an integer of at least " + minimum);
    }
    return value;
  }

  private static Limit limit(Config auth, String key, String max) {
    return new Limit(atLeast(auth, key + "." + max, 1), positive(auth, key + ".window"));
  }

  /** {@code "alice, Bob"} -> {@code {alice, bob}}. */
  static Set<String> operators(String commaSeparated) {
    return Arrays.stream(commaSeparated.split(","))
        .map(name -> name.trim().toLowerCase(Locale.ROOT))
        .filter(name -> !name.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }

  @Override
  public String toString() {
    return "AuthSettings[issuer=" + issuer + ", audience=" + audience + ", accessTokenTtl="
        + accessTokenTtl + ", refreshTokenTtl=" + refreshTokenTtl + ", jwtSecret="
        + (jwtSecret.isPresent() ? "(set)" : "(unset)") + ", jwtSecretFile=" + jwtSecretFile
        + ", operators=" + operators + "]";
  }
}
