package gambit.trading.model;

import static gambit.trading.model.Fixtures.BTC;
import static gambit.trading.model.Fixtures.ETH;
import static gambit.trading.model.Fixtures.RULES;
import static gambit.trading.model.Fixtures.T0;
import static gambit.trading.model.Fixtures.USD;
import static gambit.trading.model.Fixtures.dec;
import static gambit.trading.model.Fixtures.limit;
import static gambit.trading.model.Fixtures.market;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.paramnames.ParameterNamesModule;
import gambit.trading.model.TradingEvent.FundsDeposited;
import gambit.trading.model.TradingEvent.OrderAccepted;
import gambit.trading.model.TradingEvent.OrderCancelled;
import gambit.trading.model.TradingEvent.OrderFilled;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AccountEventsTest {

  /**
   * Configured like Akka's jackson-cbor serializer (its modules, dates as text), but stricter:
   * unknown properties fail, so a derived accessor that leaks into the shape is caught.
   */
  private static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory())
      .registerModule(new ParameterNamesModule())
      .registerModule(new Jdk8Module())
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** Runs a small session through the commands and returns every event it produced. */
  private static List<TradingEvent> session() {
    List<TradingEvent> events = new ArrayList<>();
    Account account = Account.open(USD);
    events.add(account.deposit(dec("100000"), T0));
    account = account.applyAll(events);
    account = record(events, account, account.place("b1", market(ETH, Side.BUY, "2"), ETH,
        dec("3000"), RULES, T0));
    account = record(events, account, account.place("l1", limit(BTC, Side.BUY, "0.1",
        "90000"), BTC, dec("97000"), RULES, T0));
    account = record(events, account, account.place("l2", limit(BTC, Side.BUY, "0.2",
        "80000"), BTC, dec("97000"), RULES, T0));
    account = record(events, account, account.place("s1", limit(ETH, Side.SELL, "1.5",
        "3500"), ETH, dec("3000"), RULES, T0));
    List<OrderFilled> fills = account.onTick("BTC-USD", dec("89000"), T0.plusSeconds(1));
    events.addAll(fills);
    account = account.applyAll(fills);
    fills = account.onTick("ETH-USD", dec("3600"), T0.plusSeconds(2));
    events.addAll(fills);
    account = account.applyAll(fills);
    CancelOutcome.Cancelled cancel = (CancelOutcome.Cancelled) account.cancel("l2",
        T0.plusSeconds(3));
    events.add(cancel.event());
    return events;
  }

  private static Account record(List<TradingEvent> events, Account account,
      PlaceOutcome outcome) {
    List<TradingEvent> produced = ((PlaceOutcome.Accepted) outcome).events();
    events.addAll(produced);
    return account.applyAll(produced);
  }

  @Test
  void sessionProducesEveryKindOfEvent() {
    Set<String> kinds = session().stream().map(e -> e.getClass().getSimpleName())
        .collect(Collectors.toSet());
    assertEquals(Set.of("FundsDeposited", "OrderAccepted", "OrderFilled", "OrderCancelled"),
        kinds);
  }

  @Test
  void replayingTheEventsRebuildsTheSameAccount() {
    List<TradingEvent> events = session();
    Account once = Account.open(USD).applyAll(events);
    Account twice = Account.open(USD).applyAll(events);
    assertEquals(once, twice);
    assertEquals(List.copyOf(once.openOrders().keySet()),
        List.copyOf(twice.openOrders().keySet()));
    assertEquals(0, once.openOrders().size());
    assertEquals(List.of("b1", "l1", "s1"), once.fills().stream().map(Fill::orderId).toList());
    assertEquals(OrderStatus.CANCELLED, once.order("l2").orElseThrow().status());
  }

  @Test
  void everyEventSurvivesCborWithItsExactAmounts() throws Exception {
    for (TradingEvent event : session()) {
      byte[] bytes = CBOR.writeValueAsBytes(event);
      TradingEvent back = CBOR.readValue(bytes, event.getClass());
      assertEquals(event, back, "scales and values must survive: " + event);
    }
  }

  @Test
  void theAccountSurvivesCborAsASnapshot() throws Exception {
    Account account = Account.open(USD).applyAll(session());
    for (String id : List.of("z", "a", "m")) {
      account = account.applyAll(((PlaceOutcome.Accepted) account.place(id, limit(BTC,
          Side.BUY, "0.01", "40000"), BTC, null, RULES, T0)).events());
    }
    Account back = CBOR.readValue(CBOR.writeValueAsBytes(account), Account.class);
    assertEquals(account, back);
    assertEquals(List.of("z", "a", "m"), List.copyOf(back.openOrders().keySet()),
        "acceptance order survives");
    assertEquals(List.copyOf(account.closedOrders()), List.copyOf(back.closedOrders()));
    // a restored snapshot keeps working
    Account open = back.applyAll(((PlaceOutcome.Accepted) back.place("x", limit(BTC, Side.BUY,
        "0.01", "50000"), BTC, null, RULES, T0)).events());
    assertEquals(List.of("z", "a", "m", "x"), List.copyOf(open.openOrders().keySet()));
  }

  @Test
  void eventsHaveAStableFlatShape() throws Exception {
    ObjectMapper json = CBOR.copyWith(new JsonFactory());
    OrderFilled fill = session().stream().filter(OrderFilled.class::isInstance)
        .map(OrderFilled.class::cast).findFirst().orElseThrow();
    assertEquals(List.of("orderId", "symbol", "side", "quantity", "price", "quoteAmount", "fee",
        "released", "realizedPnl", "at"), fieldNames(json, fill));
    String text = json.writeValueAsString(fill);
    assertTrue(text.contains("\"side\":\"BUY\""), text);
    assertTrue(text.contains("\"at\":\"2025-01-02T03:04:05Z\""), text);
    assertEquals(List.of("cashAsset", "cashScale", "balances", "openOrders", "closedOrders",
        "positions", "fills", "deposited"),
        fieldNames(json, Account.open(USD).applyAll(session())));
  }

  private static List<String> fieldNames(ObjectMapper json, Object value) {
    List<String> names = new ArrayList<>();
    json.valueToTree(value).fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void eventsThatDoNotFitTheAccountAreRefused() {
    Account funded = Account.open(USD).apply(new FundsDeposited("USD", dec("100.00"), T0));
    assertThrows(IllegalStateException.class, () -> funded.apply(
        new FundsDeposited("BTC", dec("1"), T0)), "deposit of a non-cash asset");
    assertThrows(IllegalStateException.class, () -> funded.apply(new OrderFilled("nope",
        "BTC-USD", Side.BUY, dec("1"), dec("1"), dec("1"), dec("0"), dec("0"), dec("0"), T0)),
        "fill of an unknown order");
    assertThrows(IllegalStateException.class, () -> funded.apply(new OrderCancelled("nope",
        "USD", dec("1"), T0)), "cancel of an unknown order");
    OrderAccepted tooBig = new OrderAccepted("o", null, "BTC-USD", "BTC", "USD", Side.BUY,
        OrderType.LIMIT, dec("1"), dec("100"), dec("0.001"), "USD", dec("100.10"), T0);
    assertThrows(IllegalStateException.class, () -> funded.apply(tooBig),
        "reservation above the available balance");

    OrderAccepted fits = new OrderAccepted("o", null, "BTC-USD", "BTC", "USD", Side.BUY,
        OrderType.LIMIT, dec("0.5"), dec("100"), dec("0.001"), "USD", dec("50.05"), T0);
    Account open = funded.apply(fits);
    assertThrows(IllegalStateException.class, () -> open.apply(new OrderFilled("o", "BTC-USD",
        Side.BUY, dec("0.5"), dec("100"), dec("50.00"), dec("0.05"), dec("0.01"), dec("0"),
        T0)), "spent + released above the reservation");
    assertThrows(IllegalStateException.class, () -> open.apply(new OrderCancelled("o", "USD",
        dec("50.04"), T0)), "release differs from the reservation");
    assertThrows(IllegalStateException.class, () -> open.apply(new OrderFilled("o", "BTC-USD",
        Side.SELL, dec("0.5"), dec("100"), dec("50.00"), dec("0.05"), dec("0"), dec("0"), T0)),
        "fill with the wrong side");
    assertThrows(IllegalStateException.class, () -> open.apply(fits), "accepted twice");
  }

  @Test
  void applyNeverChangesTheAccountItAppliesTo() {
    Account funded = Account.open(USD).apply(new FundsDeposited("USD", dec("100.00"), T0));
    funded.apply(new FundsDeposited("USD", dec("5.00"), T0));
    assertEquals(new BigDecimal("100.00"), funded.balance("USD").available());
    assertThrows(UnsupportedOperationException.class,
        () -> funded.balances().put("X", Balance.ZERO));
  }
}
