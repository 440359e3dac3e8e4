package gambit.trading.model;

import static gambit.trading.model.Fixtures.BTC;
import static gambit.trading.model.Fixtures.DOGE;
import static gambit.trading.model.Fixtures.ETH;
import static gambit.trading.model.Fixtures.RULES;
import static gambit.trading.model.Fixtures.T0;
import static gambit.trading.model.Fixtures.assertAmount;
import static gambit.trading.model.Fixtures.dec;
import static gambit.trading.model.Fixtures.funded;
import static gambit.trading.model.Fixtures.limit;
import static gambit.trading.model.Fixtures.market;
import static gambit.trading.model.Fixtures.placed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gambit.trading.model.TradingEvent.OrderAccepted;
import gambit.trading.model.TradingEvent.OrderFilled;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class PlaceOrderTest {

  private static PlaceOutcome place(Account account, String id, OrderRequest request,
      String current) {
    return account.place(id, request, Fixtures.instrumentOf(request),
        current == null ? null : dec(current), RULES, T0);
  }

  private static PlaceOutcome.Rejected rejected(PlaceOutcome outcome, RejectReason reason) {
    PlaceOutcome.Rejected rejected = assertInstanceOf(PlaceOutcome.Rejected.class, outcome);
    assertEquals(reason, rejected.reason(), rejected.detail());
    assertEquals(OrderStatus.REJECTED, rejected.order().status());
    return rejected;
  }

  @Test
  void limitBuyReservesNotionalPlusFeeInCash() {
    Account account = funded("100000");
    PlaceOutcome outcome = place(account, "o1", limit(BTC, Side.BUY, "0.5", "60000"), "97000");

    PlaceOutcome.Accepted accepted = assertInstanceOf(PlaceOutcome.Accepted.class, outcome);
    assertEquals(1, accepted.events().size(), "rests: no fill");
    OrderAccepted event = assertInstanceOf(OrderAccepted.class, accepted.events().get(0));
    assertEquals("USD", event.reservedAsset());
    assertAmount("30030.00", event.reserved());
    assertEquals(OrderStatus.OPEN, accepted.order().status());

    Account after = account.applyAll(accepted.events());
    assertAmount("69970.00", after.balance("USD").available());
    assertAmount("30030.00", after.balance("USD").reserved());
    assertAmount("100000.00", after.balance("USD").total());
    assertAmount("0", after.balance("BTC").total());
  }

  @Test
  void limitBuyReservationRoundsUpToTheCent() {
    Account account = funded("1000");
    OrderAccepted event = (OrderAccepted) ((PlaceOutcome.Accepted) place(account, "o1",
        limit(BTC, Side.BUY, "0.00123", "97123.45"), null)).events().get(0);
    // 0.00123 x 97123.45 = 119.4618435 -> 119.47; fee 0.1194618435 -> 0.12
    assertEquals("119.59", event.reserved().toPlainString());
  }

  @Test
  void marketBuyFillsAtOnceAtTheCurrentPriceAndReservesExactlyTheCost() {
    Account account = funded("1000");
    PlaceOutcome.Accepted accepted = assertInstanceOf(PlaceOutcome.Accepted.class,
        place(account, "m1", market(DOGE, Side.BUY, "1000"), "0.18123"));

    assertEquals(2, accepted.events().size());
    OrderAccepted acceptedEvent = (OrderAccepted) accepted.events().get(0);
    OrderFilled fill = (OrderFilled) accepted.events().get(1);
    assertAmount("181.42", acceptedEvent.reserved());
    assertAmount("0.18123", fill.price());
    assertAmount("181.23", fill.quoteAmount());
    assertAmount("0.19", fill.fee());
    assertAmount("0", fill.released());
    assertEquals(OrderStatus.FILLED, accepted.order().status());
    assertAmount("0.18123", accepted.order().fillPrice());

    Account after = account.applyAll(accepted.events());
    assertAmount("818.58", after.balance("USD").available());
    assertAmount("0", after.balance("USD").reserved());
    assertAmount("1000", after.balance("DOGE").available());
    assertTrue(after.openOrders().isEmpty());
    assertEquals(1, after.fills().size());
  }

  @Test
  void sellReservesTheBaseQuantity() {
    Account account = placed(funded("10000"), "b1", market(ETH, Side.BUY, "2"), "3000");
    PlaceOutcome.Accepted accepted = assertInstanceOf(PlaceOutcome.Accepted.class,
        place(account, "s1", limit(ETH, Side.SELL, "1.5", "3500"), "3000"));
    OrderAccepted event = (OrderAccepted) accepted.events().get(0);
    assertEquals("ETH", event.reservedAsset());
    assertAmount("1.5", event.reserved());

    Account after = account.applyAll(accepted.events());
    assertAmount("0.5", after.balance("ETH").available());
    assertAmount("1.5", after.balance("ETH").reserved());
    assertAmount("2", after.position("ETH-USD").orElseThrow().quantity());
  }

  @Test
  void limitOrderThatTheCurrentPriceAlreadyCrossesFillsAtOnceAndReleasesTheExcess() {
    Account account = funded("2000");
    PlaceOutcome.Accepted accepted = assertInstanceOf(PlaceOutcome.Accepted.class,
        place(account, "o1", limit(BTC, Side.BUY, "0.01", "100000"), "97000"));
    OrderAccepted acceptedEvent = (OrderAccepted) accepted.events().get(0);
    OrderFilled fill = (OrderFilled) accepted.events().get(1);
    assertAmount("1001.00", acceptedEvent.reserved());
    assertAmount("97000", fill.price());
    assertAmount("970.00", fill.quoteAmount());
    assertAmount("0.97", fill.fee());
    assertAmount("30.03", fill.released());

    Account after = account.applyAll(accepted.events());
    assertAmount("1029.03", after.balance("USD").available());
    assertAmount("0", after.balance("USD").reserved());
  }

  @Test
  void orderThatAvailableCashCannotCoverIsRejectedWithTheAmounts() {
    Account account = funded("1000");
    PlaceOutcome.Rejected rejected = rejected(
        place(account, "o1", limit(BTC, Side.BUY, "0.01", "99999"), null),
        RejectReason.INSUFFICIENT_FUNDS);
    assertEquals("insufficient USD: the order needs 1000.99, 1000.00 is available",
        rejected.detail());
    assertAmount("0", rejected.order().reserved());
  }

  @Test
  void reservedCashIsNotAvailableToTheNextOrder() {
    Account account = placed(funded("1000"), "o1", limit(BTC, Side.BUY, "0.005", "90000"), null);
    assertAmount("549.55", account.balance("USD").available());
    // 558.56 would fit in the 1000.00 deposited, not in the 549.55 left available
    PlaceOutcome.Rejected rejected = rejected(
        place(account, "o2", limit(BTC, Side.BUY, "0.0062", "90000"), null),
        RejectReason.INSUFFICIENT_FUNDS);
    assertTrue(rejected.detail().endsWith("needs 558.56, 549.55 is available"),
        rejected.detail());
    assertInstanceOf(PlaceOutcome.Accepted.class,
        place(account, "o3", limit(BTC, Side.BUY, "0.0061", "90000"), null));
  }

  @Test
  void sellingMoreThanTheAvailableBaseIsRejected() {
    rejected(place(funded("1000"), "s1", market(BTC, Side.SELL, "0.001"), "97000"),
        RejectReason.INSUFFICIENT_FUNDS);
    Account holder = placed(funded("1000"), "b1", market(ETH, Side.BUY, "0.2"), "3000");
    Account reserved = placed(holder, "s1", limit(ETH, Side.SELL, "0.15", "4000"), null);
    PlaceOutcome.Rejected rejected = rejected(
        place(reserved, "s2", market(ETH, Side.SELL, "0.1"), "3000"),
        RejectReason.INSUFFICIENT_FUNDS);
    assertEquals("insufficient ETH: the order needs 0.1000, 0.0500 is available",
        rejected.detail());
  }

  @Test
  void marketOrderWithoutAPriceIsRejected() {
    rejected(place(funded("1000"), "m1", market(BTC, Side.BUY, "0.001"), null),
        RejectReason.NO_PRICE);
  }

  @Test
  void marketOrderOutsideTheValueLimitsAtTheCurrentPriceIsRejected() {
    PlaceOutcome.Rejected tooSmall = rejected(
        place(funded("1000"), "m1", market(BTC, Side.BUY, "0.00001"), "97000"),
        RejectReason.ORDER_VALUE_OUT_OF_RANGE);
    assertTrue(tooSmall.detail().contains("order value 0.97 USD is outside 1..1000000"),
        tooSmall.detail());
    rejected(place(funded("1000"), "m2", market(BTC, Side.BUY, "20"), "97000"),
        RejectReason.ORDER_VALUE_OUT_OF_RANGE);
  }

  @Test
  void openOrdersAreCapped() {
    TradingRules rules = new TradingRules(new BigDecimal("0.001"), 2);
    Account account = funded("100000");
    for (String id : new String[] {"o1", "o2"}) {
      PlaceOutcome outcome = account.place(id, limit(BTC, Side.BUY, "0.01", "50000"), BTC, null,
          rules, T0);
      account = account.applyAll(((PlaceOutcome.Accepted) outcome).events());
    }
    PlaceOutcome.Rejected rejected = assertInstanceOf(PlaceOutcome.Rejected.class,
        account.place("o3", limit(BTC, Side.BUY, "0.01", "50000"), BTC, null, rules, T0));
    assertEquals(RejectReason.TOO_MANY_OPEN_ORDERS, rejected.reason());

    // orders that fill at once never rest: a market order and a crossing limit still go
    for (String id : new String[] {"m1", "l1"}) {
      PlaceOutcome filled = account.place(id, id.startsWith("m")
              ? market(BTC, Side.BUY, "0.01") : limit(BTC, Side.BUY, "0.01", "60000"), BTC,
          new BigDecimal("55000"), rules, T0);
      Account after = account.applyAll(assertInstanceOf(PlaceOutcome.Accepted.class, filled)
          .events());
      assertEquals(OrderStatus.FILLED, after.order(id).orElseThrow().status());
      assertEquals(2, after.openOrders().size());
    }
  }

  @Test
  void placingNeverChangesTheAccountItself() {
    Account account = funded("1000");
    Account copy = funded("1000");
    place(account, "o1", limit(BTC, Side.BUY, "0.005", "90000"), null);
    place(account, "o2", market(BTC, Side.BUY, "1"), "97000");
    assertEquals(copy, account);
  }

  @Test
  void keepsTheClientFieldsOnTheOrder() {
    OrderRequest request = OrderRequest.parse(Fixtures.CATALOGUE, "BTC-USD", "buy", "limit",
        "0.01", "50000", "client-7");
    Account account = placed(funded("1000"), "o1", request, null);
    Order order = account.order("o1").orElseThrow();
    assertEquals("client-7", order.clientOrderId());
    assertEquals(T0, order.createdAt());
    assertAmount("0.001", order.feeRate());
    assertNull(order.fillPrice());
  }

  @Test
  void refusesCallerBugsLoudly() {
    Account account = placed(funded("1000"), "o1", limit(BTC, Side.BUY, "0.005", "90000"), null);
    OrderRequest request = limit(BTC, Side.BUY, "0.001", "90000");
    assertThrows(IllegalArgumentException.class,
        () -> account.place("o1", request, BTC, null, RULES, T0), "reused id");
    assertThrows(IllegalArgumentException.class,
        () -> account.place("", request, BTC, null, RULES, T0), "blank id");
    assertThrows(IllegalArgumentException.class,
        () -> account.place("o2", request, ETH, null, RULES, T0), "wrong instrument");
    assertThrows(IllegalArgumentException.class,
        () -> account.place("o2", request, BTC, dec("-1"), RULES, T0), "negative price");
    assertThrows(ValidationException.class, () -> account.place("o2",
        new OrderRequest("BTC-USD", Side.BUY, OrderType.LIMIT, dec("0.001"), dec("90000.001"),
            null), BTC, null, RULES, T0), "off-tick typed request");
  }

  @Test
  void depositsOnlyPositiveCashAmounts() {
    Account account = Account.open(Fixtures.USD);
    assertSame(account.deposit(dec("100000"), T0).getClass(),
        TradingEvent.FundsDeposited.class);
    assertEquals("100000.00", account.deposit(dec("100000"), T0).amount().toPlainString());
    assertThrows(IllegalArgumentException.class, () -> account.deposit(dec("0"), T0));
    assertThrows(IllegalArgumentException.class, () -> account.deposit(dec("-5"), T0));
    assertThrows(IllegalArgumentException.class, () -> account.deposit(dec("0.001"), T0));
  }
}
