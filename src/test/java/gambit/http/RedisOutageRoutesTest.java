package gambit.http;

import static gambit.http.AuthFlows.PASSWORD;
import static gambit.http.AuthFlows.assertProblem;
import static gambit.http.AuthFlows.login;
import static gambit.http.AuthFlows.me;
import static gambit.http.AuthFlows.newName;
import static gambit.http.AuthFlows.refreshBody;
import static gambit.http.AuthFlows.register;
import static gambit.http.AuthFlows.registeredAndLoggedIn;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import gambit.node.RedisServerProcess;
import gambit.testing.ApiServer;
import gambit.testing.TestRedis;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * With Redis gone, everything that needs it answers 503 problem+json at once, while access
 * tokens keep working (they are verified without Redis); when Redis is back, so is the service.
 */
class RedisOutageRoutesTest {

  @Test
  void redisDownAnswers503ButAccessTokensStillWork() {
    try (RedisServerProcess redis = TestRedis.start(Map.of());
        ApiServer server = ApiServer.start(redis.uri(),
            "akka-persistence-redis.command-timeout = 2s")) {
      String name = newName("olivia");
      JsonNode tokens = registeredAndLoggedIn(server, name);

      redis.kill();

      assertProblem(register(server, newName("late"), PASSWORD), 503, "unavailable");
      HttpResponse<String> refused = login(server, name, PASSWORD);
      assertProblem(refused, 503, "unavailable");
      assertEquals(Optional.of("5"), refused.headers().firstValue("Retry-After"));
      assertProblem(server.postJson("/api/auth/refresh",
          refreshBody(tokens.path("refreshToken").asText())), 503, "unavailable");
      assertProblem(server.postJson("/api/auth/logout",
          refreshBody(tokens.path("refreshToken").asText())), 503, "unavailable");
      assertEquals(200, me(server, tokens.path("accessToken").asText()).statusCode());

      redis.restart();
      awaitStatus(() -> login(server, name, PASSWORD).statusCode(), 200);
    }
  }

  @Test
  void redisDownFromTheStartAnswers503() {
    RedisServerProcess redis = TestRedis.start(Map.of());
    String uri = redis.uri();
    redis.close();
    try (ApiServer server = ApiServer.start(uri, "")) {
      assertProblem(register(server, newName("early"), PASSWORD), 503, "unavailable");
    }
  }

  private static void awaitStatus(java.util.function.IntSupplier status, int expected) {
    long deadline = System.nanoTime() + 20_000_000_000L;
    int last = -1;
    while (System.nanoTime() < deadline) {
      last = status.getAsInt();
      if (last == expected) {
        return;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted");
      }
    }
    assertEquals(expected, last, "status after Redis came back");
  }
}
