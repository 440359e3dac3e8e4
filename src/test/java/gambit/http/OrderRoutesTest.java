package gambit.http;

import static gambit.http.AuthFlows.assertProblem;
import static gambit.http.AuthFlows.json;
import static gambit.http.TradingFlows.bearer;
import static gambit.http.TradingFlows.dashboard;
import static gambit.http.TradingFlows.newUser;
import static gambit.http.TradingFlows.order;
import static gambit.http.TradingFlows.place;
import static gambit.http.TradingFlows.server;
import static gambit.http.TradingFlows.tick;
import static gambit.trading.TradingTestKit.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Orders and the dashboard over real HTTP on a trading node with a real Redis: exact decimal
 * validation, reservations, fills at the current price and by later ticks, fees, P&L, cancels,
 * and the status of every refusal.
 */
class OrderRoutesTest {

  private static JsonNode placed(HttpResponse<String> answer) {
    assertEquals(201, answer.statusCode(), answer.body());
    return json(answer);
  }

  @Test
  void aMarketBuyAnswers201WithTheOrderFilledAtTheCurrentPriceAndItsFee() {
    tick("BTC-USD", "40000.00");
    String user = newUser("buyer");
    JsonNode order = placed(place(user, order("BTC-USD", "buy", "market", "0.25", null)));
    assertEquals("filled", order.path("status").asText());
    assertEquals("0.25000", order.path("quantity").asText());
    assertEquals("40000.00", order.path("fillPrice").asText());
    assertEquals("10.00", order.path("fee").asText(), "0.1% of 10000");
    assertTrue(order.path("price").isNull(), "a market order has no limit");

    JsonNode dashboard = dashboard(user);
    assertEquals("89990.00", dashboard.path("balances").path("USD").path("available").asText());
    assertEquals("0.25000", dashboard.path("balances").path("BTC").path("total").asText());
    JsonNode position = dashboard.path("positions").get(0);
    assertEquals("BTC-USD", position.path("symbol").asText());
    assertEquals("10000.00", position.path("marketValue").asText());
    assertEquals("-10.00", position.path("unrealizedPnl").asText(), "the fee is a cost");
    assertEquals("99990.00", dashboard.path("equity").asText());
  }

  @Test
  void aNameGivenTwiceInTheBodyIsRefusedNotReadAsTheLastValue() {
    tick("BTC-USD", "40000.00");
    String user = newUser("twice");
    String body = "{\"symbol\":\"BTC-USD\",\"side\":\"buy\",\"type\":\"market\","
        + "\"quantity\":\"0.01\",\"quantity\":\"0.02\"}";
    assertProblem(place(user, body), 400, "\"quantity\" appears twice");
    assertEquals("100000.00", dashboard(user).path("balances").path("USD").path("total")
        .asText(), "nothing was bought");
  }

  static Stream<Arguments> badOrders() {
    return Stream.of(
        Arguments.of(order("BTC-USD", "buy", "market", "1e3", null), "quantity", "exponent"),
        Arguments.of(order("BTC-USD", "buy", "market", "-1", null), "quantity", "positive"),
        Arguments.of(order("BTC-USD", "buy", "market", "0", null), "quantity", "positive"),
        Arguments.of(order("BTC-USD", "buy", "market", "0.000001", null), "quantity",
            "quantity step"),
        Arguments.of(order("BTC-USD", "buy", "market", "1,5", null), "quantity", "comma"),
        Arguments.of(order("BTC-USD", "buy", "market", " 1", null), "quantity", "whitespace"),
        Arguments.of(order("BTC-USD", "buy", "market", "NaN", null), "quantity", "finite"),
        Arguments.of(order("BTC-USD", "buy", "market", "1000", null), "quantity",
            "maximum quantity"),
        Arguments.of(order("BTC-USD", "buy", "market", "9".repeat(41), null), "quantity",
            "longer than"),
        Arguments.of(order("BTC-USD", "buy", "limit", "0.1", "100.001"), "price", "price tick"),
        Arguments.of(order("BTC-USD", "buy", "limit", "0.1", null), "price", "required"),
        Arguments.of(order("BTC-USD", "buy", "market", "0.1", "100.00"), "price", "market"),
        Arguments.of(order("BTC-USD", "buy", "limit", "0.00001", "999999999999.99"), "price",
            "absurdly high"),
        Arguments.of(order("NOPE-USD", "buy", "market", "1", null), "symbol", "unknown"),
        Arguments.of(order("BTC-USD", "hold", "market", "1", null), "side", "buy, sell"),
        Arguments.of(order("BTC-USD", "buy", "stop", "1", null), "type", "market, limit"));
  }

  @ParameterizedTest
  @MethodSource("badOrders")
  void aMalformedAmountOrFieldAnswers400NamingTheFieldAndChangesNothing(String body,
      String field, String detail) {
    String user = newUser("sloppy");
    long before = dashboard(user).path("version").asLong();
    JsonNode problem = assertProblem(place(user, body), 400, detail);
    assertEquals(field, problem.path("field").asText(), problem.toString());
    assertEquals(before, dashboard(user).path("version").asLong());
    assertEquals(0, dashboard(user).path("openOrders").size());
  }

  @Test
  void amountsMustBeJsonStringsAndTheBodyAnObject() {
    String user = newUser("numbers");
    String numeric = "{\"symbol\":\"BTC-USD\",\"side\":\"buy\",\"type\":\"market\","
        + "\"quantity\":0.1}";
    assertProblem(place(user, numeric), 400, "\"quantity\" must be a string");
    assertProblem(place(user, "[1]"), 400, "must be a JSON object");
    assertProblem(place(user, "{\"symbol\":\"BTC-USD\"}"), 400, "missing fields");
  }

  @Test
  void aLimitBuyReservesItsCostAndFeeAndFillsAtItsLimitWhenATickCrossesIt() {
    tick("ETH-USD", "3000.00");
    String user = newUser("patient");
    JsonNode order = placed(place(user, order("ETH-USD", "buy", "limit", "2", "2500.00")));
    assertEquals("open", order.path("status").asText());
    assertEquals("5005.00", order.path("reserved").asText());
    assertEquals("5005.00", dashboard(user).path("balances").path("USD").path("reserved")
        .asText());

    tick("ETH-USD", "2600.00");
    assertEquals(1, openOrders(user).size(), "a tick above the limit leaves it open");
    tick("ETH-USD", "2499.99");
    awaitTrue("the order fills", () -> openOrders(user).isEmpty());
    JsonNode dashboard = dashboard(user);
    assertEquals("94995.00", dashboard.path("balances").path("USD").path("total").asText());
    assertEquals("0.00", dashboard.path("balances").path("USD").path("reserved").asText());
    JsonNode filled = json(server().get("/api/orders?status=all", bearer(user)))
        .path("orders").get(0);
    assertEquals("2500.00", filled.path("fillPrice").asText(), "fills at its limit");
  }

  @Test
  void theDashboardShowsUnrealizedAndRealizedPnlAtTheLastPrice() {
    tick("SOL-USD", "100.00");
    String user = newUser("trader");
    placed(place(user, order("SOL-USD", "buy", "market", "10", null)));
    tick("SOL-USD", "110.00");
    awaitTrue("the dashboard marks SOL at 110", () -> "110.00".equals(
        dashboard(user).path("prices").path("SOL-USD").path("price").asText()));
    JsonNode held = dashboard(user).path("positions").get(0);
    assertEquals("1100.00", held.path("marketValue").asText());
    assertEquals("99.00", held.path("unrealizedPnl").asText(), "1100 - (1000 + 1.00 fee)");
    assertEquals("100.10", held.path("averageCost").asText(), "1001.00 / 10 at the price scale");

    placed(place(user, order("SOL-USD", "sell", "market", "5", null)));
    JsonNode dashboard = dashboard(user);
    JsonNode half = dashboard.path("positions").get(0);
    assertEquals("5.000", half.path("quantity").asText());
    assertEquals("49.50", half.path("unrealizedPnl").asText(), "550 - 500.50");
    assertEquals("100.10", half.path("averageCost").asText());
    assertEquals("48.95", dashboard.path("realizedPnl").asText(), "549.45 - 500.50");
    assertEquals("1.55", dashboard.path("feesPaid").asText());
    assertEquals("99548.45", dashboard.path("cash").asText());
    assertEquals("100098.45", dashboard.path("equity").asText(),
        "deposit + realized + unrealized");
  }

  @Test
  void anOrderTheAccountRefusesAnswers422WithTheReasonAndChangesNothing() {
    tick("BTC-USD", "40000.00");
    String user = newUser("broke");
    JsonNode tooBig = assertProblem(place(user, order("BTC-USD", "buy", "market", "3", null)),
        422, "");
    assertEquals("insufficient_funds", tooBig.path("reason").asText());
    JsonNode noPrice = assertProblem(place(user, order("GRT-USD", "buy", "market", "100",
        null)), 422, "");
    assertEquals("no_price", noPrice.path("reason").asText());
    JsonNode noCoins = assertProblem(place(user, order("BTC-USD", "sell", "limit", "0.1",
        "50000.00")), 422, "");
    assertEquals("insufficient_funds", noCoins.path("reason").asText());
    assertEquals(1, dashboard(user).path("version").asLong(), "only the deposit");
  }

  @Test
  void cancellingAnswersTheCancelledOrderAgainAnd404ForUnknownAnd409ForFilledOrders() {
    tick("LTC-USD", "100.00");
    String user = newUser("canceller");
    String rests = placed(place(user, order("LTC-USD", "buy", "limit", "10", "90.00")))
        .path("id").asText();
    String filled = placed(place(user, order("LTC-USD", "buy", "market", "1", null)))
        .path("id").asText();

    HttpResponse<String> cancelled = server().delete("/api/orders/" + rests, bearer(user));
    assertEquals(200, cancelled.statusCode(), cancelled.body());
    assertEquals("cancelled", json(cancelled).path("status").asText());
    assertEquals("0.00", dashboard(user).path("balances").path("USD").path("reserved")
        .asText());
    HttpResponse<String> again = server().delete("/api/orders/" + rests, bearer(user));
    assertEquals(200, again.statusCode(), again.body());
    assertProblem(server().delete("/api/orders/" + filled, bearer(user)), 409, "filled");
    assertNoOrder(server().delete("/api/orders/unknown-id", bearer(user)));
    String other = newUser("stranger");
    assertNoOrder(server().delete("/api/orders/" + rests, bearer(other)));
  }

  @Test
  void everyUnknownOrderIdAnswersTheSame404() {
    String user = newUser("prober");
    for (String id : List.of("not-a-uuid", "..%2F..%2Fetc%2Fpasswd", "%00", "a%20b",
        java.util.UUID.randomUUID().toString())) {
      assertNoOrder(server().delete("/api/orders/" + id, bearer(user)));
    }
  }

  /** 404 with reason order_not_found, whether or not the id could name an order. */
  private static void assertNoOrder(HttpResponse<String> answer) {
    JsonNode problem = assertProblem(answer, 404, "no order");
    assertTrue(problem.path("detail").asText().endsWith(" in this account"), answer.body());
    assertEquals("order_not_found", problem.path("reason").asText(), answer.body());
  }

  @Test
  void theOrderListFiltersOpenOrdersAndRefusesOtherFilters() {
    tick("LTC-USD", "100.00");
    String user = newUser("lister");
    placed(place(user, order("LTC-USD", "buy", "limit", "1", "80.00")));
    placed(place(user, order("LTC-USD", "buy", "market", "1", null)));
    assertEquals(1, openOrders(user).size());
    assertEquals(2, json(server().get("/api/orders", bearer(user))).path("orders").size());
    assertProblem(server().get("/api/orders?status=done", bearer(user)), 400, "open or all");
  }

  @Test
  void everyOrderRouteNeedsAnAccessToken() {
    for (HttpResponse<String> answer : List.of(
        server().postJson("/api/orders", order("BTC-USD", "buy", "market", "1", null),
            "Idempotency-Key", "k"),
        server().get("/api/orders"), server().get("/api/dashboard"),
        server().delete("/api/orders/x"))) {
      assertProblem(answer, 401, "authentication required");
    }
  }

  private static List<JsonNode> openOrders(String user) {
    HttpResponse<String> answer = server().get("/api/orders?status=open", bearer(user));
    assertEquals(200, answer.statusCode(), answer.body());
    List<JsonNode> orders = new java.util.ArrayList<>();
    json(answer).path("orders").forEach(orders::add);
    return orders;
  }
}
