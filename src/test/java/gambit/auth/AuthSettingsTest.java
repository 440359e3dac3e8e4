package gambit.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuthSettingsTest {

  private static AuthSettings settings(String overrides) {
    return AuthSettings.from(ConfigFactory.parseString(overrides)
        .withFallback(ConfigFactory.parseResources("application.conf")).resolve());
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    AuthSettings settings = settings("");
    assertEquals(Duration.ofMinutes(15), settings.accessTokenTtl());
    assertEquals(Duration.ofDays(30), settings.refreshTokenTtl());
    assertEquals(Duration.ofSeconds(30), settings.leeway());
    assertEquals(600_000, settings.passwordIterations());
    assertEquals(8, settings.passwordMinLength());
    assertEquals("gambit", settings.issuer());
    assertEquals("gambit-api", settings.audience());
    assertEquals(Optional.empty(), settings.jwtSecret());
    assertEquals(new AuthSettings.Limit(10, Duration.ofMinutes(15)), settings.userThrottle());
    assertEquals(new AuthSettings.Limit(100, Duration.ofMinutes(15)), settings.addressThrottle());
    assertEquals(new AuthSettings.Limit(20, Duration.ofHours(1)), settings.registerThrottle());
    assertEquals(8, settings.hashingMaxInFlight());
    assertFalse(settings.trustForwardedFor());
  }

  @Test
  void operatorsAreCommaSeparatedAndMatchedIgnoringCase() {
    AuthSettings settings = settings("gambit.auth.operators = \" Olga, root_1 ,,\"");
    assertEquals(Set.of("olga", "root_1"), settings.operators());
    assertTrue(settings.isOperator("OLGA"));
    assertFalse(settings.isOperator("olgа")); // Cyrillic a
  }

  @Test
  void aLeewayAsLongAsTheTokenLifeIsRefusedNamingTheKey() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> settings("gambit.auth.jwt.leeway = 15m"));
    assertTrue(error.getMessage().contains("gambit.auth.jwt.leeway"), error.getMessage());
  }

  @Test
  void aZeroTtlIsRefusedNamingTheKey() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> settings("gambit.auth.refresh-token-ttl = 0s"));
    assertTrue(error.getMessage().contains("gambit.auth.refresh-token-ttl"), error.getMessage());
  }

  @Test
  void aHashingWaitLongerThanHalfTheRequestTimeoutIsRefusedNamingTheKey() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> settings("gambit.auth.password.hashing.max-wait = 6s\n"
            + "akka.http.server.request-timeout = 10s"));
    assertTrue(error.getMessage().contains("gambit.auth.password.hashing.max-wait"),
        error.getMessage());
    assertEquals(Duration.ofSeconds(5), settings("gambit.auth.password.hashing.max-wait = 5s\n"
        + "akka.http.server.request-timeout = 10s").hashingMaxWait());
  }

  @Test
  void aNonNumericLimitIsRefusedNamingTheKey() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> settings("gambit.auth.login-throttle.per-username.max-failures = lots"));
    assertTrue(error.getMessage().contains("max-failures"), error.getMessage());
  }

  @Test
  void neverPrintsTheSecret() {
    AuthSettings settings = settings("gambit.auth.jwt.secret = \"do-not-print-me-0123456789ab\"");
    assertFalse(settings.toString().contains("do-not-print-me"), settings.toString());
  }
}
