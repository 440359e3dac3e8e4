package gambit.http;

import static gambit.http.AuthFlows.assertProblem;
import static gambit.http.TradingSocketClient.tick;
import static gambit.http.TradingSocketClient.type;
import static gambit.http.TradingFlows.newUser;
import static gambit.http.TradingFlows.order;
import static gambit.http.TradingFlows.place;
import static gambit.http.TradingFlows.server;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * The WebSocket streams over real connections: the dashboard socket's snapshot, then order, fill
 * and balance messages and ticks as they happen, client subscriptions, and the public market
 * stream; every message numbered in sequence.
 */
class TradingSocketsTest {

  private static final Duration WAIT = Duration.ofSeconds(15);

  @Test
  void theDashboardSocketSendsASnapshotThenOrderFillAndBalanceMessagesAsTheyHappen() {
    TradingFlows.tick("ADA-USD", "0.7500");
    String user = newUser("watcher");
    try (TradingSocketClient socket = TradingSocketClient.connect(
        server().wsUri("/ws/dashboard?access_token=" + user))) {
      JsonNode snapshot = socket.next(WAIT);
      assertEquals("snapshot", snapshot.path("type").asText());
      assertEquals("100000.00", snapshot.path("dashboard").path("balances").path("USD")
          .path("available").asText());
      long version = snapshot.path("dashboard").path("version").asLong();

      assertEquals(201, place(user, order("ADA-USD", "buy", "market", "100", null))
          .statusCode());
      JsonNode accepted = socket.until(type("order"), WAIT);
      assertEquals("open", accepted.path("order").path("status").asText());
      assertEquals(version + 1, accepted.path("version").asLong());
      JsonNode fill = socket.until(type("fill"), WAIT);
      assertEquals("0.7500", fill.path("fill").path("price").asText());
      assertEquals("100.0", fill.path("fill").path("quantity").asText());
      assertEquals("0.08", fill.path("fill").path("fee").asText());
      JsonNode filled = socket.until(type("order"), WAIT);
      assertEquals("filled", filled.path("order").path("status").asText());
      JsonNode balance = socket.until(type("balance"), WAIT);
      assertEquals("99924.92", balance.path("balances").path("USD").path("available").asText());
      assertEquals("100.0", balance.path("balances").path("ADA").path("total").asText());

      TradingFlows.tick("ADA-USD", "0.8000");
      socket.until(tick("ADA-USD", "0.8000"), WAIT);
    }
  }

  @Test
  void theDashboardSocketValuesTheAccountAfterAFillAndAgainWhenTheHeldInstrumentsPriceMoves() {
    TradingFlows.tick("NEAR-USD", "5.000");
    String user = newUser("valued");
    try (TradingSocketClient socket = TradingSocketClient.connect(
        server().wsUri("/ws/dashboard?access_token=" + user))) {
      assertEquals("snapshot", socket.next(WAIT).path("type").asText());

      assertEquals(201, place(user, order("NEAR-USD", "buy", "market", "10", null))
          .statusCode());
      long filled = socket.until(type("fill"), WAIT).path("version").asLong();
      JsonNode afterFill = socket.until(type("portfolio")
          .and(m -> m.path("version").asLong() == filled), WAIT);
      assertEquals("99949.95", afterFill.path("cash").asText());
      JsonNode line = afterFill.path("positions").path(0);
      assertEquals("NEAR-USD", line.path("symbol").asText());
      assertEquals("10.00", line.path("quantity").asText());
      assertEquals("5.005", line.path("averageCost").asText());

      TradingFlows.tick("NEAR-USD", "5.500");
      JsonNode moved = socket.until(type("portfolio")
          .and(m -> "5.500".equals(m.path("prices").path("NEAR-USD").asText())), WAIT);
      assertEquals(filled, moved.path("version").asLong());
      assertEquals("55.00", moved.path("positionsValue").asText());
      assertEquals("4.95", moved.path("unrealizedPnl").asText());
      assertEquals("100004.95", moved.path("equity").asText());
      assertEquals("5.500", moved.path("positions").path(0).path("mark").asText());
      assertEquals("4.95", moved.path("positions").path(0).path("unrealizedPnl").asText());
      assertTrue(moved.path("unpriced").isArray() && moved.path("unpriced").isEmpty(),
          moved.toString());
    }
  }

  @Test
  void aClientSubscribesToMoreInstrumentsAndBadRequestsAnswerAnErrorWithoutClosing() {
    TradingFlows.tick("XRP-USD", "2.5000");
    String user = newUser("curious");
    try (TradingSocketClient socket = TradingSocketClient.connect(
        server().wsUri("/ws/dashboard?access_token=" + user))) {
      socket.until(type("snapshot"), WAIT);
      socket.send("{\"type\":\"subscribe\",\"symbols\":[\"xrp-usd\"]}");
      JsonNode subscribed = socket.until(type("subscribed"), WAIT);
      assertEquals("[\"XRP-USD\"]", subscribed.path("symbols").toString());
      socket.until(tick("XRP-USD", "2.5000"), WAIT);

      socket.send("{\"type\":\"subscribe\",\"symbols\":[\"NOPE-USD\"]}");
      assertTrue(socket.until(type("error"), WAIT).path("detail").asText().contains("unknown"));
      socket.send("hello");
      assertTrue(socket.until(type("error"), WAIT).path("detail").asText().contains("JSON"));
      socket.send("{\"type\":\"subscribe\",\"symbols\":[\"XRP-USD\"],"
          + "\"type\":\"unsubscribe\"}");
      assertTrue(socket.until(type("error"), WAIT).path("detail").asText()
          .contains("appears twice"));
      socket.send("{\"type\":\"subscribe\",\"symbols\":[\"" + "x".repeat(5000) + "\"]}");
      assertTrue(socket.until(type("error"), WAIT).path("detail").asText()
          .contains("at most 4096 characters"));

      TradingFlows.tick("XRP-USD", "2.6000");
      socket.until(tick("XRP-USD", "2.6000"), WAIT);
      socket.send("{\"type\":\"unsubscribe\",\"symbols\":[\"XRP-USD\"]}");
      assertEquals("[]", socket.until(type("subscribed"), WAIT).path("symbols").toString());
    }
  }

  @Test
  void theSnapshotComesFirstAndOnceEvenWhenTheClientTalksAtOnce() {
    TradingFlows.tick("BCH-USD", "450.00");
    String user = newUser("hasty");
    try (TradingSocketClient socket = TradingSocketClient.connect(
        server().wsUri("/ws/dashboard?access_token=" + user))) {
      socket.send("{\"type\":\"subscribe\",\"symbols\":[\"BCH-USD\",\"ETC-USD\"]}");
      socket.send("hello");

      assertEquals("snapshot", socket.next(WAIT).path("type").asText(), "seq 1");
      socket.until(type("subscribed"), WAIT);
      socket.until(type("error"), WAIT);
      socket.until(tick("BCH-USD", "450.00"), WAIT);
      TradingFlows.tick("BCH-USD", "451.00");
      socket.until(tick("BCH-USD", "451.00"), WAIT);
      assertEquals(1, socket.seen().stream().filter(type("snapshot")).count(),
          socket.seen().toString());
    }
  }

  @Test
  void theMarketSocketStreamsTheLastAndNewPricesOfItsInstrumentsOnly() {
    TradingFlows.tick("UNI-USD", "12.500", "ATOM-USD", "6.100");
    try (TradingSocketClient socket = TradingSocketClient.connect(
        server().wsUri("/ws/market?symbols=UNI-USD,atom-usd"))) {
      JsonNode first = socket.next(WAIT);
      JsonNode second = socket.next(WAIT);
      assertEquals(List.of("ATOM-USD", "UNI-USD"), List.of(first, second).stream()
          .map(m -> m.path("symbol").asText()).sorted().toList(), "the last prices first");
      TradingFlows.tick("FIL-USD", "5.500", "UNI-USD", "12.600");
      JsonNode next = socket.until(type("tick"), WAIT);
      assertEquals("UNI-USD", next.path("symbol").asText(), "FIL-USD is not watched");
      assertEquals("12.600", next.path("price").asText());
      assertTrue(next.path("time").asText().endsWith("Z"));
    }
  }

  @Test
  void socketsRefuseMissingTokensAndUnknownInstrumentsBeforeTheUpgrade() {
    CompletionException refused = assertThrows(CompletionException.class,
        () -> TradingSocketClient.connect(server().wsUri("/ws/dashboard")));
    assertEquals(401, ((WebSocketHandshakeException) refused.getCause()).getResponse()
        .statusCode());
    assertProblem(server().get("/ws/market?symbols=NOPE-USD"), 400, "unknown instrument");
    assertProblem(server().get("/ws/market"), 400, "1 to 50 instruments");
    // a repeated parameter is read too, not ignored
    assertProblem(server().get("/ws/market?symbols=UNI-USD&symbols=NOPE-USD"), 400,
        "unknown instrument 'NOPE-USD'");
  }
}
