package gambit.http;

import static gambit.http.AuthFlows.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gambit.testing.TestRedis;
import gambit.testing.TradingServer;
import gambit.trading.TradingKeys;
import gambit.trading.TradingTestKit;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A user's new orders beyond {@code dashboard.order-rate} (one per 5 s after a burst of 3 here:
 * slow enough that a loaded machine cannot refill the bucket between two requests) answer 429
 * with {@code Retry-After}, change nothing, and leave their Idempotency-Key free for the retry;
 * a repeat of a placed order is not counted.
 */
class OrderRateRoutesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ORDER = "{\"symbol\":\"XRP-USD\",\"side\":\"buy\","
      + "\"type\":\"market\",\"quantity\":\"10\"}";
  private static final String PREFIX = TradingTestKit.newPrefix("rate");
  private static TradingServer server;

  @BeforeAll
  static void start() {
    server = TradingServer.start(TestRedis.shared().uri(), PREFIX,
        "gambit.trading.dashboard.order-rate { per-second = 0.2, burst = 3 }");
    TradingTestKit.push(server, "XRP-USD", "2.5000");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<String> place(String token, String key) {
    return server.postJson("/api/orders", ORDER, "Authorization", "Bearer " + token,
        "Idempotency-Key", key);
  }

  private static int orders(String token) throws Exception {
    HttpResponse<String> list = server.get("/api/orders?status=all", "Authorization",
        "Bearer " + token);
    assertEquals(200, list.statusCode(), list.body());
    return JSON.readTree(list.body()).path("orders").size();
  }

  @Test
  void ordersBeyondTheRateAnswer429AndTheirKeyWorksOnceTheWaitIsOver() throws Exception {
    String token = server.accessToken("rate" + System.nanoTime());
    for (int i = 1; i <= 3; i++) {
      HttpResponse<String> placed = place(token, "burst-" + i);
      assertEquals(201, placed.statusCode(), placed.body());
    }
    assertEquals(200, place(token, "burst-1").statusCode(), "a repeat is not a new order");

    HttpResponse<String> throttled = place(token, "one-too-many");
    JsonNode problem = assertProblem(throttled, 429, "too many new orders");
    assertEquals("order_rate_exceeded", problem.path("reason").asText());
    long retryAfter = Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow());
    assertTrue(retryAfter >= 1 && retryAfter <= 5, "Retry-After: " + retryAfter);
    assertEquals(3, orders(token), "the throttled order changed nothing");
    long keptFor = idempotencyTtlMillis(token, "one-too-many");
    assertTrue(keptFor > 0 && keptFor <= 6_000, "a refused order's key is kept only for the "
        + "work window (ask timeout + 1 s), not a day: " + keptFor + " ms");

    TimeUnit.SECONDS.sleep(retryAfter);
    HttpResponse<String> retried = place(token, "one-too-many");
    assertEquals(201, retried.statusCode(), retried.body());
    assertEquals(4, orders(token));
    assertTrue(idempotencyTtlMillis(token, "one-too-many") > 23 * 3_600_000L,
        "a placed order's key is kept a day");
  }

  /** The remaining TTL of the user's Idempotency-Key in Redis, in ms. */
  private static long idempotencyTtlMillis(String token, String key) throws Exception {
    HttpResponse<String> me = server.get("/api/me", "Authorization", "Bearer " + token);
    String userId = JSON.readTree(me.body()).path("userId").asText();
    String redisKey = new TradingKeys(PREFIX + ":trading").idempotency(userId, key);
    RedisClient client = RedisClient.create(TestRedis.shared().uri());
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      return connection.sync().pttl(redisKey);
    } finally {
      client.shutdown();
    }
  }

  @Test
  void eachUserHasARateOfItsOwn() {
    String first = server.accessToken("ratefirst" + System.nanoTime());
    String second = server.accessToken("ratesecond" + System.nanoTime());
    for (int i = 1; i <= 3; i++) {
      assertEquals(201, place(first, "first-" + i).statusCode());
    }
    assertEquals(429, place(first, "first-4").statusCode());
    assertEquals(201, place(second, "second-1").statusCode(), "another user's bucket is full");
  }
}
