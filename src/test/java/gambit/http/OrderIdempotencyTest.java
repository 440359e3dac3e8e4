package gambit.http;

import static gambit.http.AuthFlows.assertProblem;
import static gambit.http.AuthFlows.json;
import static gambit.http.TradingFlows.bearer;
import static gambit.http.TradingFlows.newUser;
import static gambit.http.TradingFlows.order;
import static gambit.http.TradingFlows.place;
import static gambit.http.TradingFlows.server;
import static gambit.http.TradingFlows.tick;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gambit.testing.TestRedis;
import gambit.testing.TradingServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The Idempotency-Key rules of {@code POST /api/orders} over real HTTP and Redis: the first
 * request places (201), repeats answer the same order (200) however many arrive at once, another
 * body with the same key is refused (422), a missing key is refused (400), and keys expire.
 */
class OrderIdempotencyTest {

  private static final String BUY = order("AVAX-USD", "buy", "market", "2", null);

  @Test
  void theSameKeyAndBodyAnswerTheSameOrderWith200AndPlaceItOnce() {
    tick("AVAX-USD", "30.00");
    String user = newUser("retrier");
    String key = UUID.randomUUID().toString();
    HttpResponse<String> first = place(user, key, BUY);
    assertEquals(201, first.statusCode(), first.body());
    // same request written differently: amounts are compared as values
    HttpResponse<String> again = place(user, key, order("AVAX-USD", "buy", "market", "2.00",
        null));
    assertEquals(200, again.statusCode(), again.body());
    assertEquals(first.body(), again.body());
    assertEquals(Optional.of("true"), again.headers().firstValue("Idempotent-Replayed"));
    assertEquals(1, allOrders(user));
    assertEquals(json(first).path("id"), json(place(user, key, BUY)).path("id"));
  }

  @Test
  void twentyConcurrentRequestsWithOneKeyPlaceExactlyOneOrderAndAllAnswerIt() {
    tick("AVAX-USD", "30.00");
    String user = newUser("hammer");
    String key = UUID.randomUUID().toString();
    HttpRequest request = server().request("/api/orders", bearer(user, "Idempotency-Key", key,
            "Content-Type", "application/json"))
        .POST(HttpRequest.BodyPublishers.ofString(BUY, StandardCharsets.UTF_8)).build();
    List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      sent.add(TradingServer.client().sendAsync(request, HttpResponse.BodyHandlers.ofString()));
    }
    List<HttpResponse<String>> answers = sent.stream().map(CompletableFuture::join).toList();

    assertEquals(1, answers.stream().filter(a -> a.statusCode() == 201).count(),
        () -> answers.stream().map(a -> a.statusCode() + " " + a.body()).toList().toString());
    assertTrue(answers.stream().allMatch(a -> a.statusCode() == 201 || a.statusCode() == 200));
    assertEquals(1, answers.stream().map(HttpResponse::body).distinct().count(),
        "every answer is the same order");
    assertEquals(1, allOrders(user));
    assertEquals("2.00", TradingFlows.dashboard(user).path("balances").path("AVAX")
        .path("total").asText(), "bought once");
  }

  @Test
  void theSameKeyWithAnotherBodyAnswers422AndPlacesNothing() {
    tick("AVAX-USD", "30.00");
    String user = newUser("switcher");
    String key = UUID.randomUUID().toString();
    assertEquals(201, place(user, key, BUY).statusCode());
    JsonNode problem = assertProblem(place(user, key, order("AVAX-USD", "buy", "market", "3",
        null)), 422, "different order request");
    assertEquals("idempotency_key_reused", problem.path("reason").asText());
    assertEquals(1, allOrders(user));
  }

  @Test
  void aRefusedOrderIsRepeatedAsRefusedForItsKey() {
    tick("AVAX-USD", "30.00");
    String user = newUser("poor");
    String key = UUID.randomUUID().toString();
    String huge = order("AVAX-USD", "buy", "market", "5000", null);
    HttpResponse<String> refused = place(user, key, huge);
    assertProblem(refused, 422, "insufficient");
    HttpResponse<String> again = place(user, key, huge);
    assertProblem(again, 422, "insufficient");
    assertEquals(refused.body(), again.body());
  }

  @Test
  void aMissingOrMalformedKeyAnswers400() {
    String user = newUser("keyless");
    assertProblem(server().postJson("/api/orders", BUY, bearer(user)), 400,
        "Idempotency-Key header is required");
    assertProblem(place(user, "has space", BUY), 400, "Idempotency-Key header must be");
    assertProblem(place(user, "x".repeat(129), BUY), 400, "Idempotency-Key header must be");
    assertProblem(server().postJson("/api/orders", BUY, bearer(user, "Idempotency-Key", "k1",
        "idempotency-key", "k2")), 400, "send one Idempotency-Key header, not 2");
    assertEquals(0, allOrders(user));
  }

  @Test
  void keysAreKeptPerUserForADay() {
    tick("AVAX-USD", "30.00");
    String alice = newUser("alice");
    String bob = newUser("bob");
    String key = UUID.randomUUID().toString();
    assertEquals(201, place(alice, key, BUY).statusCode());
    assertEquals(201, place(bob, key, BUY).statusCode(), "another user's key is another key");

    RedisClient client = RedisClient.create(TestRedis.shared().uri());
    try (StatefulRedisConnection<String, String> redis = client.connect()) {
      List<String> keys = redis.sync().keys("*:idem:*:" + key);
      assertEquals(2, keys.size(), keys.toString());
      for (String stored : keys) {
        long ttl = redis.sync().ttl(stored);
        assertTrue(ttl > 23 * 3600 && ttl <= 24 * 3600, "ttl " + ttl);
      }
    } finally {
      client.shutdown();
    }
  }

  private static int allOrders(String user) {
    HttpResponse<String> answer = server().get("/api/orders?status=all", bearer(user));
    assertEquals(200, answer.statusCode(), answer.body());
    return json(answer).path("orders").size();
  }
}
