package gambit.http;

import static gambit.http.AuthFlows.assertProblem;
import static gambit.http.AuthFlows.json;
import static gambit.http.TradingFlows.bearer;
import static gambit.http.TradingFlows.newUser;
import static gambit.http.TradingFlows.operator;
import static gambit.http.TradingFlows.server;
import static gambit.http.TradingFlows.tick;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Instruments, last prices and candles read by any node straight from the catalogue and Redis,
 * and the operators' tick push that feeds them.
 */
class MarketRoutesTest {

  private static HttpResponse<String> push(String json) {
    return server().postJson("/api/market/ticks", json, bearer(operator()));
  }

  @Test
  void theCatalogueListsEveryInstrumentWithItsLastPriceAsPlainStrings() {
    tick("DOT-USD", "6.123");
    HttpResponse<String> answer = server().get("/api/instruments");
    assertEquals(200, answer.statusCode(), answer.body());
    JsonNode instruments = json(answer).path("instruments");
    assertEquals(37, instruments.size());
    JsonNode shib = find(instruments, "SHIB-USD");
    assertEquals("0.00000001", shib.path("priceTick").asText());
    assertEquals("100000000000", shib.path("maxQuantity").asText());
    assertEquals("6.123", find(instruments, "DOT-USD").path("lastPrice").asText());

    HttpResponse<String> one = server().get("/api/instruments/dot-usd");
    assertEquals(200, one.statusCode(), one.body());
    assertEquals("DOT-USD", json(one).path("symbol").asText());
    assertEquals("Polkadot", json(one).path("name").asText());
    assertProblem(server().get("/api/instruments/NOPE-USD"), 404, "no instrument");

    HttpResponse<String> head = server().send(server().request("/api/instruments/dot-usd")
        .method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()).build());
    assertEquals(200, head.statusCode(), "HEAD answers like GET");
    assertEquals("", head.body());
    assertEquals(one.headers().firstValue("Content-Type"),
        head.headers().firstValue("Content-Type"));
  }

  private static JsonNode find(JsonNode instruments, String symbol) {
    for (JsonNode instrument : instruments) {
      if (instrument.path("symbol").asText().equals(symbol)) {
        return instrument;
      }
    }
    throw new AssertionError(symbol + " missing from " + instruments);
  }

  @Test
  void pushedTicksBuildCandlesThatTheCandleRouteReads() {
    // the start of a five-minute bucket ten minutes ago, so that all four ticks share one
    long fiveMinutes = 300_000;
    Instant minute = Instant.ofEpochMilli(
        Math.floorDiv(Instant.now().toEpochMilli(), fiveMinutes) * fiveMinutes - 2 * fiveMinutes);
    String body = """
        [{"symbol":"LINK-USD","price":"20.000","time":"%1$s"},
         {"symbol":"link-usd","price":"21.500","time":"%2$s"},
         {"symbol":"LINK-USD","price":"19.75","time":"%3$s"},
         {"symbol":"LINK-USD","price":"20.25","time":"%4$s"}]
        """.formatted(minute.plusSeconds(1), minute.plusSeconds(2), minute.plusSeconds(3),
        minute.plusSeconds(61));
    HttpResponse<String> pushed = push(body);
    assertEquals(200, pushed.statusCode(), pushed.body());
    assertEquals(4, json(pushed).path("live").asInt());

    HttpResponse<String> answer = server().get("/api/instruments/LINK-USD/candles?interval=1m"
        + "&from=" + minute + "&to=" + minute.plusSeconds(3600).toEpochMilli());
    assertEquals(200, answer.statusCode(), answer.body());
    JsonNode candles = json(answer).path("candles");
    assertEquals(2, candles.size(), candles.toString());
    JsonNode first = candles.get(0);
    assertEquals(minute.toString(), first.path("time").asText());
    assertEquals("20.000", first.path("open").asText());
    assertEquals("21.500", first.path("high").asText());
    assertEquals("19.750", first.path("low").asText());
    assertEquals("19.750", first.path("close").asText());
    assertEquals(3, first.path("ticks").asInt());
    assertEquals("20.250", candles.get(1).path("close").asText());

    JsonNode latest = json(server().get("/api/instruments/LINK-USD/candles?interval=5m"
        + "&limit=1")).path("candles");
    assertEquals(1, latest.size());
    assertEquals(4, latest.get(0).path("ticks").asInt());
  }

  @Test
  void badCandleParametersAnswer400NamingTheParameter() {
    String base = "/api/instruments/BTC-USD/candles";
    assertEquals("interval", assertProblem(server().get(base + "?interval=2m"), 400, "1m, 5m")
        .path("field").asText());
    assertEquals("from", assertProblem(server().get(base + "?from=yesterday"), 400, "ISO-8601")
        .path("field").asText());
    assertEquals("limit", assertProblem(server().get(base + "?limit=0"), 400, "1 to 1000")
        .path("field").asText());
    assertProblem(server().get(base + "?limit=1001"), 400, "1 to 1000");
    assertProblem(server().get(base + "?from=2025-01-02T00:00:00Z&to=2025-01-01T00:00:00Z"),
        400, "must not be after");
    assertProblem(server().get("/api/instruments/NOPE-USD/candles"), 404, "no instrument");
  }

  @Test
  void onlyOperatorsPushTicksAndEveryBadTickAnswers400NamingIt() {
    // SAND-USD: no other test gives it a price on the shared node
    String tick = "[{\"symbol\":\"SAND-USD\",\"price\":\"0.5000\"}]";
    assertProblem(server().postJson("/api/market/ticks", tick), 401, "authentication");
    assertProblem(server().postJson("/api/market/ticks", tick, bearer(newUser("nobody"))),
        403, "operator");

    assertProblem(push("[]"), 400, "1 to 1000 ticks");
    assertProblem(push("{\"symbol\":\"UNI-USD\"}"), 400, "JSON array");
    assertEquals("ticks[1].price", assertProblem(push("[{\"symbol\":\"SAND-USD\","
        + "\"price\":\"0.5000\"},{\"symbol\":\"SAND-USD\",\"price\":\"-1\"}]"), 400,
        "positive")
        .path("field").asText());
    assertProblem(push("[{\"symbol\":\"SAND-USD\",\"price\":1}]"), 400, "must be a string");
    assertProblem(push("[{\"symbol\":\"XYZ-USD\",\"price\":\"1\"}]"), 400, "unknown");
    assertProblem(push("[{\"symbol\":\"SAND-USD\",\"price\":\"1\",\"time\":\""
        + Instant.now().plusSeconds(3600) + "\"}]"), 400, "ahead of the server's clock");
    assertProblem(push("[{\"symbol\":\"SAND-USD\",\"price\":\"1\",\"time\":\"noon\"}]"), 400,
        "ISO-8601");
    assertTrue(json(server().get("/api/instruments/SAND-USD")).path("lastPrice").isNull(),
        "no tick of a refused push was applied");
  }

  @Test
  void tickPricesAreCheckedLikeOrderPricesNeverSnapped() {
    // XTZ-USD: tick 0.0001, minimum quantity 0.1, maximum order value 1000000 USD; no other
    // test gives it a price on the shared node
    assertReason(push("[{\"symbol\":\"XTZ-USD\",\"price\":\"0.5000001\"}]"), "ticks[0].price",
        "off_tick");
    assertReason(push("[{\"symbol\":\"XTZ-USD\",\"price\":\"0.00000001\"}]"),
        "ticks[0].price", "off_tick");
    assertReason(push("[{\"symbol\":\"XTZ-USD\",\"price\":\"0\"}]"), "ticks[0].price",
        "not_positive");
    assertReason(push("[{\"symbol\":\"XTZ-USD\",\"price\":"
        + "\"99999999999999999999999999999999999.00\"}]"), "ticks[0].price", "too_large");
    assertReason(push("[{\"symbol\":\"XTZ-USD\",\"price\":\"10000000.0001\"}]"),
        "ticks[0].price", "too_large");
    assertTrue(json(server().get("/api/instruments/XTZ-USD")).path("lastPrice").isNull(),
        "no refused price was applied");

    HttpResponse<String> highest = push("[{\"symbol\":\"XTZ-USD\",\"price\":\"10000000.0000\"},"
        + "{\"symbol\":\"XTZ-USD\",\"price\":\"1.2345\"}]");
    assertEquals(200, highest.statusCode(), "the bound itself is a price: " + highest.body());
    assertEquals("1.2345", json(server().get("/api/instruments/XTZ-USD")).path("lastPrice")
        .asText());
  }

  @Test
  void tickTimesBeyondTheClockSkewOrOlderThanEveryCandleAreRefused() {
    // MANA-USD: no other test gives it a price on the shared node
    Instant now = Instant.now();
    assertReason(push(manaAt(now.plusSeconds(10))), "ticks[0].time", "too_large");
    assertReason(push(manaAt(Instant.EPOCH)), "ticks[0].time", "too_small");
    assertReason(push(manaAt(now.minus(java.time.Duration.ofDays(1001)))), "ticks[0].time",
        "too_small");
    assertEquals(0, json(server().get("/api/instruments/MANA-USD/candles?interval=1d"))
        .path("candles").size(), "no candle from a refused tick");

    HttpResponse<String> old = push(manaAt(now.minus(java.time.Duration.ofDays(999))));
    assertEquals(200, old.statusCode(), "within the 1000 daily candles kept: " + old.body());
    HttpResponse<String> ahead = push(manaAt(now.plusSeconds(3)));
    assertEquals(200, ahead.statusCode(), "within the 5 s skew: " + ahead.body());
  }

  private static String manaAt(Instant time) {
    return "[{\"symbol\":\"MANA-USD\",\"price\":\"0.4500\",\"time\":\"" + time + "\"}]";
  }

  private static void assertReason(HttpResponse<String> answer, String field, String reason) {
    JsonNode problem = assertProblem(answer, 400, field);
    assertEquals(field, problem.path("field").asText(), answer.body());
    assertEquals(reason, problem.path("reason").asText(), answer.body());
  }
}
