package gambit.http;

import static gambit.http.AuthFlows.PASSWORD;
import static gambit.http.AuthFlows.assertProblem;
import static gambit.http.AuthFlows.newName;
import static gambit.http.AuthFlows.register;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gambit.testing.ApiServer;
import gambit.testing.TestRedis;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Registration under load: a per-address limit (429 with {@code Retry-After}), and a bounded
 * hashing queue that refuses a flood at once with 503 problem+json before storing anything, so
 * no client is told "error" about an account that was in fact created, and no answer is
 * akka-http's plain-text request timeout.
 */
class RegistrationLoadRoutesTest {

  @Test
  void registrationsFromOneAddressBeyondTheLimitAnswer429WithRetryAfter() {
    try (ApiServer server = ApiServer.start(TestRedis.shared().uri(),
        "gambit.auth.register-throttle.per-address { max-registrations = 3, window = 1m }")) {
      for (int i = 0; i < 3; i++) {
        assertEquals(201, register(server, newName("sybil"), PASSWORD).statusCode());
      }
      String refused = newName("sybil");
      HttpResponse<String> blocked = register(server, refused, PASSWORD);
      assertProblem(blocked, 429, "too many registrations");
      long retryAfter = Long.parseLong(blocked.headers().firstValue("Retry-After").orElseThrow());
      assertTrue(retryAfter > 0 && retryAfter <= 60, "Retry-After " + retryAfter);
      assertTrue(server.auth().account(refused).toCompletableFuture().join().isEmpty());
    }
  }

  @Test
  void aRegistrationFloodAnswers201OrA503ThatCreatedNothing() {
    try (ApiServer server = ApiServer.start(TestRedis.shared().uri(), """
        gambit.auth.password.iterations = 300000
        gambit.auth.password.hashing { max-in-flight = 3, max-wait = 1s }
        gambit.auth.password-dispatcher.thread-pool-executor.fixed-pool-size = 1
        gambit.auth.register-throttle.per-address.max-registrations = 1000
        akka.http.server.request-timeout = 4s
        """)) {
      List<String> names = IntStream.range(0, 30).mapToObj(i -> newName("flood")).toList();
      List<CompletableFuture<HttpResponse<String>>> sent = names.stream()
          .map(name -> ApiServer.client().sendAsync(server.request("/api/auth/register")
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(AuthFlows.credentials(name,
                      PASSWORD))).build(),
              HttpResponse.BodyHandlers.ofString()))
          .toList();

      int refused = 0;
      for (int i = 0; i < names.size(); i++) {
        HttpResponse<String> answer = sent.get(i).join();
        boolean exists = server.auth().account(names.get(i)).toCompletableFuture().join()
            .isPresent();
        if (answer.statusCode() == 201) {
          assertTrue(exists, "201 but no account " + names.get(i));
          continue;
        }
        refused++;
        assertProblem(answer, 503, "busy");
        assertTrue(answer.headers().firstValue("Retry-After").isPresent(), answer.toString());
        assertTrue(!exists, "503 but the account " + names.get(i) + " was created");
      }
      assertTrue(refused > 0, "the flood should have overrun a queue of 3");
    }
  }
}
