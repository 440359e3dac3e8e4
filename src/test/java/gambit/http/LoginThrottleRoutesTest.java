package gambit.http;

import static gambit.http.AuthFlows.PASSWORD;
import static gambit.http.AuthFlows.assertProblem;
import static gambit.http.AuthFlows.login;
import static gambit.http.AuthFlows.newName;
import static gambit.http.AuthFlows.register;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gambit.testing.ApiServer;
import gambit.testing.TestRedis;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Login throttling per username and per client address, kept in Redis: 429 with
 * {@code Retry-After} once the failures reach the limit, shared by every node on the same Redis.
 * Each test runs its own servers with their own key prefix, so counters never leak between tests.
 */
class LoginThrottleRoutesTest {

  private static String settings(String prefix, int perUser, int perAddress) {
    return """
        gambit.auth.redis-key-prefix = "%s"
        gambit.auth.password.hashing.max-in-flight = 100
        gambit.auth.login-throttle.per-username { max-failures = %d, window = 1m }
        gambit.auth.login-throttle.per-address { max-failures = %d, window = 2m }
        """.formatted(prefix, perUser, perAddress);
  }

  @Test
  void tooManyFailuresForOneNameAnswer429WithRetryAfterEvenForTheRightPassword() {
    try (ApiServer server = ApiServer.start(TestRedis.shared().uri(),
        settings("throttle-" + UUID.randomUUID(), 3, 100))) {
      String name = newName("mallory");
      assertEquals(201, register(server, name, PASSWORD).statusCode());
      for (int i = 0; i < 3; i++) {
        assertEquals(401, login(server, name, "wrong password " + i).statusCode());
      }
      HttpResponse<String> blocked = login(server, name, PASSWORD);
      assertProblem(blocked, 429, "too many failed logins");
      long retryAfter = Long.parseLong(blocked.headers().firstValue("Retry-After").orElseThrow());
      assertTrue(retryAfter > 0 && retryAfter <= 60, "Retry-After " + retryAfter);

      String other = newName("trent");
      assertEquals(201, register(server, other, PASSWORD).statusCode());
      assertEquals(200, login(server, other, PASSWORD).statusCode(), "other names are not held");
    }
  }

  @Test
  void aSuccessfulLoginClearsTheNamesFailures() {
    try (ApiServer server = ApiServer.start(TestRedis.shared().uri(),
        settings("throttle-" + UUID.randomUUID(), 3, 100))) {
      String name = newName("peggy");
      assertEquals(201, register(server, name, PASSWORD).statusCode());
      for (int round = 0; round < 3; round++) {
        assertEquals(401, login(server, name, "typo one").statusCode());
        assertEquals(401, login(server, name, "typo two").statusCode());
        assertEquals(200, login(server, name, PASSWORD).statusCode(), "round " + round);
      }
    }
  }

  @Test
  void tooManyFailuresFromOneAddressAnswer429ForEveryName() {
    try (ApiServer server = ApiServer.start(TestRedis.shared().uri(),
        settings("throttle-" + UUID.randomUUID(), 100, 4))) {
      String name = newName("victor");
      assertEquals(201, register(server, name, PASSWORD).statusCode());
      for (int i = 0; i < 4; i++) {
        assertEquals(401, login(server, newName("guess"), PASSWORD).statusCode());
      }
      HttpResponse<String> blocked = login(server, name, PASSWORD);
      assertProblem(blocked, 429, "from this address");
      long retryAfter = Long.parseLong(blocked.headers().firstValue("Retry-After").orElseThrow());
      assertTrue(retryAfter > 60 && retryAfter <= 120, "Retry-After " + retryAfter);
    }
  }

  @Test
  void aBurstOfParallelWrongLoginsChecksNoMorePasswordsThanTheNameLimit() {
    try (ApiServer server = ApiServer.start(TestRedis.shared().uri(),
        settings("throttle-" + UUID.randomUUID(), 10, 1000))) {
      String name = newName("burst");
      assertEquals(201, register(server, name, PASSWORD).statusCode());
      List<HttpResponse<String>> answers = parallelLogins(server, 40, i -> name);
      assertAtMostLimitChecked(answers, 10);
    }
  }

  @Test
  void aBurstOfParallelWrongLoginsChecksNoMorePasswordsThanTheAddressLimit() {
    try (ApiServer server = ApiServer.start(TestRedis.shared().uri(),
        settings("throttle-" + UUID.randomUUID(), 1000, 10))) {
      List<HttpResponse<String>> answers = parallelLogins(server, 40, i -> newName("spray"));
      assertAtMostLimitChecked(answers, 10);
    }
  }

  /** Sends {@code count} wrong logins at once, each with its own connection. */
  private static List<HttpResponse<String>> parallelLogins(ApiServer server, int count,
      IntFunction<String> names) {
    return parallelLogins(server, count, names, i -> "wrong password " + i);
  }

  /** Sends {@code count} logins at once, each with its own connection. */
  private static List<HttpResponse<String>> parallelLogins(ApiServer server, int count,
      IntFunction<String> names, IntFunction<String> passwords) {
    List<CompletableFuture<HttpResponse<String>>> sent = IntStream.range(0, count)
        .mapToObj(i -> ApiServer.client().sendAsync(server.request("/api/auth/login")
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                    AuthFlows.credentials(names.apply(i), passwords.apply(i))))
                .build(),
            HttpResponse.BodyHandlers.ofString()))
        .toList();
    return sent.stream().map(CompletableFuture::join).toList();
  }

  /**
   * Each 401 is one password checked: never more than the limit; the rest are 429s, refused
   * either by the failures already counted or by the checks still in flight.
   */
  private static void assertAtMostLimitChecked(List<HttpResponse<String>> answers, int limit) {
    long checked = answers.stream().filter(answer -> answer.statusCode() == 401).count();
    assertTrue(checked <= limit, checked + " passwords checked, limit " + limit);
    for (HttpResponse<String> answer : answers) {
      if (answer.statusCode() != 401) {
        String detail = assertProblem(answer, 429, "too many").path("detail").asText();
        assertTrue(detail.contains("failed logins") || detail.contains("being checked at once"),
            detail);
        assertTrue(answer.headers().firstValue("Retry-After").isPresent(), answer.toString());
      }
    }
  }

  @Test
  void parallelCorrectLoginsAreNeverCountedAsFailuresAndWaitOnlyBriefly() {
    try (ApiServer server = ApiServer.start(TestRedis.shared().uri(),
        settings("throttle-" + UUID.randomUUID(), 3, 100))) {
      String name = newName("crowd");
      assertEquals(201, register(server, name, PASSWORD).statusCode());
      List<HttpResponse<String>> answers = parallelLogins(server, 30, i -> name, i -> PASSWORD);
      assertTrue(answers.stream().anyMatch(answer -> answer.statusCode() == 200),
          "some of the burst logs in");
      assertOnlyBriefWaits(answers);
      assertNoFailureLeft(server, name, 3);
    }
  }

  @Test
  void loginsRefusedBecauseHashingIsFullAreNotCountedAsFailures() {
    try (ApiServer server = ApiServer.start(TestRedis.shared().uri(),
        settings("throttle-" + UUID.randomUUID(), 3, 100)
            + "gambit.auth.password.hashing.max-in-flight = 1")) {
      String name = newName("queue");
      assertEquals(201, register(server, name, PASSWORD).statusCode());
      List<HttpResponse<String>> answers = parallelLogins(server, 30, i -> name, i -> PASSWORD);
      assertOnlyBriefWaits(answers);
      assertNoFailureLeft(server, name, 3);
    }
  }

  /** 200, 503 for load, or 429 for checks in flight with a short Retry-After; never more. */
  private static void assertOnlyBriefWaits(List<HttpResponse<String>> answers) {
    for (HttpResponse<String> answer : answers) {
      if (answer.statusCode() == 200) {
        continue;
      }
      if (answer.statusCode() == 503) {
        assertProblem(answer, 503, "busy");
      } else {
        assertProblem(answer, 429, "being checked at once");
      }
      long retryAfter = Long.parseLong(answer.headers().firstValue("Retry-After").orElseThrow());
      assertTrue(retryAfter <= 5, "Retry-After " + retryAfter + " for " + answer.body());
    }
  }

  /** limit - 1 wrong passwords now still leave the right one accepted: nothing was counted. */
  private static void assertNoFailureLeft(ApiServer server, String name, int limit) {
    for (int i = 0; i < limit - 1; i++) {
      assertEquals(401, login(server, name, "wrong after the burst " + i).statusCode());
    }
    assertEquals(200, login(server, name, PASSWORD).statusCode(),
        "the burst of correct logins left no failure counted");
  }

  @Test
  void theLimitHoldsAcrossNodesSharingRedis() {
    String prefix = "throttle-" + UUID.randomUUID();
    try (ApiServer first = ApiServer.start(TestRedis.shared().uri(), settings(prefix, 2, 100));
        ApiServer second = ApiServer.start(TestRedis.shared().uri(), settings(prefix, 2, 100))) {
      String name = newName("walter");
      assertEquals(201, register(first, name, PASSWORD).statusCode());
      assertEquals(401, login(first, name, "wrong on node one").statusCode());
      assertEquals(401, login(second, name, "wrong on node two").statusCode());
      assertProblem(login(first, name, PASSWORD), 429, "too many");
      assertProblem(login(second, name, PASSWORD), 429, "too many");
    }
  }

  @Test
  void aForwardedAddressCountsOnlyWhenTrusted() {
    String prefix = "throttle-" + UUID.randomUUID();
    try (ApiServer server = ApiServer.start(TestRedis.shared().uri(), settings(prefix, 100, 2)
        + "gambit.auth.login-throttle.trust-forwarded-for = on")) {
      for (int i = 0; i < 2; i++) {
        assertEquals(401, server.postJson("/api/auth/login",
            AuthFlows.credentials(newName("x"), PASSWORD),
            "X-Forwarded-For", "203.0.113.9, 198.51.100.1").statusCode());
      }
      assertEquals(429, server.postJson("/api/auth/login",
          AuthFlows.credentials(newName("x"), PASSWORD),
          "X-Forwarded-For", "192.0.2.77, 198.51.100.1").statusCode(),
          "the last hop (the trusted proxy's entry) is the address, not the client's claim");
      assertEquals(401, server.postJson("/api/auth/login",
          AuthFlows.credentials(newName("x"), PASSWORD),
          "X-Forwarded-For", "198.51.100.2").statusCode());
    }
  }
}
