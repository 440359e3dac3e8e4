package gambit.trading.model;

import static gambit.trading.model.Fixtures.BTC;
import static gambit.trading.model.Fixtures.ETH;
import static gambit.trading.model.Fixtures.T0;
import static gambit.trading.model.Fixtures.assertAmount;
import static gambit.trading.model.Fixtures.dec;
import static gambit.trading.model.Fixtures.funded;
import static gambit.trading.model.Fixtures.limit;
import static gambit.trading.model.Fixtures.market;
import static gambit.trading.model.Fixtures.placed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gambit.trading.model.TradingEvent.OrderFilled;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LimitOrderTickTest {

  private static final Instant T1 = T0.plusSeconds(60);

  /** 10,000 USD with a resting buy of 0.01 BTC at 90,000 (reserves 900.90). */
  private static Account restingBuy() {
    return placed(funded("10000"), "buy1", limit(BTC, Side.BUY, "0.01", "90000"), "97000");
  }

  /** Holds 1 ETH (bought at 3,000) with a resting sell of it at 3,500. */
  private static Account restingSell() {
    Account holder = placed(funded("10000"), "b", market(ETH, Side.BUY, "1"), "3000");
    return placed(holder, "sell1", limit(ETH, Side.SELL, "1", "3500"), "3000");
  }

  private static OrderFilled single(List<OrderFilled> fills) {
    assertEquals(1, fills.size(), fills.toString());
    return fills.get(0);
  }

  @Test
  void buyLimitDoesNotFillWhileThePriceStaysAbove() {
    Account account = restingBuy();
    assertTrue(account.onTick("BTC-USD", dec("90000.01"), T1).isEmpty());
    assertTrue(account.onTick("BTC-USD", dec("120000"), T1).isEmpty());
  }

  @Test
  void buyLimitFillsExactlyAtTheLimit() {
    Account account = restingBuy();
    OrderFilled fill = single(account.onTick("BTC-USD", dec("90000.00"), T1));
    assertEquals("buy1", fill.orderId());
    assertAmount("90000", fill.price());
    assertAmount("900.00", fill.quoteAmount());
    assertAmount("0.90", fill.fee());
    assertAmount("0", fill.released());
    assertEquals(T1, fill.at());

    Account after = account.apply(fill);
    assertAmount("9099.10", after.balance("USD").available());
    assertAmount("0", after.balance("USD").reserved());
    assertAmount("0.01", after.balance("BTC").available());
    Order order = after.order("buy1").orElseThrow();
    assertEquals(OrderStatus.FILLED, order.status());
    assertEquals(T1, order.updatedAt());
    assertTrue(after.openOrders().isEmpty());
  }

  @Test
  void buyLimitCrossedByALowerTickFillsAtItsLimitNotAtTheTick() {
    OrderFilled fill = single(restingBuy().onTick("BTC-USD", dec("85000"), T1));
    assertAmount("90000", fill.price());
    assertAmount("900.00", fill.quoteAmount());
  }

  @Test
  void sellLimitFillsOnlyWhenThePriceReachesIt() {
    Account account = restingSell();
    assertTrue(account.onTick("ETH-USD", dec("3499.99"), T1).isEmpty());
    OrderFilled atLimit = single(account.onTick("ETH-USD", dec("3500.00"), T1));
    OrderFilled above = single(account.onTick("ETH-USD", dec("3600"), T1));
    assertAmount("3500", atLimit.price());
    assertAmount("3500", above.price());
    assertAmount("3500.00", above.quoteAmount());
    assertAmount("3.50", above.fee());

    Account after = account.apply(above);
    assertAmount("0", after.balance("ETH").total());
    // 10000 - 3003.00 paid + 3496.50 received
    assertAmount("10493.50", after.balance("USD").available());
  }

  @Test
  void ticksOfOtherInstrumentsFillNothing() {
    assertTrue(restingBuy().onTick("ETH-USD", dec("1"), T1).isEmpty());
    assertTrue(restingSell().onTick("BTC-USD", dec("1000000"), T1).isEmpty());
  }

  @Test
  void quietTicksReturnNothingAndChangeNothing() {
    Account account = restingBuy();
    List<OrderFilled> none = account.onTick("BTC-USD", dec("95000"), T1);
    assertTrue(none.isEmpty());
    assertSame(account, account.applyAll(none));
  }

  @Test
  void oneTickFillsEveryCrossedOrderInAcceptanceOrder() {
    Account account = funded("100000");
    account = placed(account, "a", limit(BTC, Side.BUY, "0.01", "90000"), null);
    account = placed(account, "b", limit(BTC, Side.BUY, "0.02", "95000"), null);
    account = placed(account, "c", limit(BTC, Side.BUY, "0.03", "80000"), null);
    account = placed(account, "d", limit(BTC, Side.BUY, "0.04", "92000"), null);

    List<OrderFilled> fills = account.onTick("BTC-USD", dec("91000"), T1);
    assertEquals(List.of("b", "d"), fills.stream().map(OrderFilled::orderId).toList());
    Account after = account.applyAll(fills);
    assertEquals(List.of("a", "c"), List.copyOf(after.openOrders().keySet()));
    assertAmount("0.06", after.balance("BTC").total());
    // still reserved: a 900.90 + c 2402.40
    assertAmount("3303.30", after.balance("USD").reserved());
  }

  @Test
  void twoSellsOfOnePositionFillOnOneTick() {
    Account account = placed(funded("10000"), "buy", market(ETH, Side.BUY, "2"), "3000");
    account = placed(account, "s1", limit(ETH, Side.SELL, "0.5", "3100"), null);
    account = placed(account, "s2", limit(ETH, Side.SELL, "1.5", "3200"), null);
    List<OrderFilled> fills = account.onTick("ETH-USD", dec("3300"), T1);
    assertEquals(2, fills.size());
    Account after = account.applyAll(fills);
    Position position = after.position("ETH-USD").orElseThrow();
    assertAmount("0", position.quantity());
    assertAmount("0", position.costBasis());
    assertAmount("0", after.balance("ETH").total());
  }

  @Test
  void fillPaysTheFeeRateTheOrderWasAcceptedWith() {
    TradingRules expensive = new TradingRules(new BigDecimal("0.0025"), 100);
    Account account = funded("10000");
    PlaceOutcome outcome = account.place("o", limit(BTC, Side.BUY, "0.01", "90000"), BTC, null,
        expensive, T0);
    account = account.applyAll(((PlaceOutcome.Accepted) outcome).events());
    assertAmount("902.25", account.balance("USD").reserved());
    OrderFilled fill = single(account.onTick("BTC-USD", dec("90000"), T1));
    assertAmount("2.25", fill.fee());
    assertAmount("0", fill.released());
  }

  @Test
  void refusesNonPositiveTickPrices() {
    assertThrows(IllegalArgumentException.class,
        () -> restingBuy().onTick("BTC-USD", BigDecimal.ZERO, T1));
  }
}
