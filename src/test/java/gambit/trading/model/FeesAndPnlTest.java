package gambit.trading.model;

import static gambit.trading.model.Fixtures.BTC;
import static gambit.trading.model.Fixtures.DOGE;
import static gambit.trading.model.Fixtures.ETH;
import static gambit.trading.model.Fixtures.SOL;
import static gambit.trading.model.Fixtures.assertAmount;
import static gambit.trading.model.Fixtures.dec;
import static gambit.trading.model.Fixtures.funded;
import static gambit.trading.model.Fixtures.market;
import static gambit.trading.model.Fixtures.placed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeesAndPnlTest {

  @Test
  void feeIsRoundedUpToTheCentOnBuysAndSells() {
    // notional 100.00100: buy pays 100.01 + fee 0.100001 -> 0.11
    Settlement buy = Settlement.of(Side.BUY, dec("100"), dec("1.00001"), dec("0.001"), 2);
    assertEquals("100.01", buy.quoteAmount().toPlainString());
    assertEquals("0.11", buy.fee().toPlainString());
    assertAmount("-100.12", buy.cashDelta());
    // the seller gets the notional rounded down, and pays the same rounded-up fee
    Settlement sell = Settlement.of(Side.SELL, dec("100"), dec("1.00001"), dec("0.001"), 2);
    assertEquals("100.00", sell.quoteAmount().toPlainString());
    assertEquals("0.11", sell.fee().toPlainString());
    assertAmount("99.89", sell.cashDelta());
  }

  @Test
  void exactAmountsAreNotRoundedFurther() {
    Settlement s = Settlement.of(Side.BUY, dec("0.5"), dec("60000.00"), dec("0.001"), 2);
    assertEquals("30000.00", s.quoteAmount().toPlainString());
    assertEquals("30.00", s.fee().toPlainString());
    Settlement free = Settlement.of(Side.SELL, dec("1"), dec("0.18000"), BigDecimal.ZERO, 2);
    assertEquals("0.18", free.quoteAmount().toPlainString());
    assertEquals("0.00", free.fee().toPlainString());
  }

  @Test
  void roundTripAtOnePriceLosesExactlyTheFeesAndTheHouseRounding() {
    Account account = placed(funded("1000"), "b", market(DOGE, Side.BUY, "100"), "1.00001");
    account = placed(account, "s", market(DOGE, Side.SELL, "100"), "1.00001");
    // paid 100.01 + 0.11, received 100.00 - 0.11
    assertAmount("999.77", account.balance("USD").total());
    assertAmount("-0.23", account.realizedPnl());
    assertAmount("0.22", account.feesPaid());
    assertAmount("0", account.position("DOGE-USD").orElseThrow().costBasis());
    assertAmount("999.77", account.equity(Map.of("DOGE-USD", dec("1.00001"))));
  }

  @Test
  void averageCostIsTheWeightedCostOfBuysFeesIncluded() {
    Account account = placed(funded("10000"), "b1", market(ETH, Side.BUY, "1"), "3000");
    account = placed(account, "b2", market(ETH, Side.BUY, "1"), "3200");
    Position position = account.position("ETH-USD").orElseThrow();
    assertAmount("2", position.quantity());
    // 3000.00 + 3.00 fee, 3200.00 + 3.20 fee
    assertAmount("6206.20", position.costBasis());
    assertAmount("3103.10", position.averageCost());
    assertAmount("6.20", position.feesPaid());
  }

  @Test
  void partialSellsRealizePnlAndLeaveTheAverageCostUnchanged() {
    Account account = placed(funded("10000"), "b1", market(ETH, Side.BUY, "1"), "3000");
    account = placed(account, "b2", market(ETH, Side.BUY, "1"), "3200");

    account = placed(account, "s1", market(ETH, Side.SELL, "0.5"), "3500");
    Position half = account.position("ETH-USD").orElseThrow();
    // (3500 - 3103.10) x 0.5 - 1.75 fee
    assertAmount("196.70", half.realizedPnl());
    assertAmount("196.70", account.fills().get(2).realizedPnl());
    assertAmount("1.5", half.quantity());
    assertAmount("3103.10", half.averageCost());

    account = placed(account, "s2", market(ETH, Side.SELL, "1.5"), "3000");
    Position closed = account.position("ETH-USD").orElseThrow();
    // (3000 - 3103.10) x 1.5 - 4.50 fee
    assertAmount("-159.15", account.fills().get(3).realizedPnl());
    assertAmount("37.55", closed.realizedPnl());
    assertAmount("0", closed.quantity());
    assertAmount("0", closed.costBasis());
    assertAmount("37.55", account.realizedPnl());
    assertAmount("10037.55", account.balance("USD").total());
  }

  @Test
  void sellOfAThirdKeepsTheAverageCostToTwelveDecimals() {
    Account account = placed(funded("1000"), "b", market(SOL, Side.BUY, "3"), "100.01");
    // 300.03 + 0.31 fee = 300.34 for 3
    Position bought = account.position("SOL-USD").orElseThrow();
    account = placed(account, "s", market(SOL, Side.SELL, "1"), "100.01");
    Position after = account.position("SOL-USD").orElseThrow();
    BigDecimal drift = after.averageCost().subtract(bought.averageCost()).abs();
    assertTrue(drift.compareTo(dec("1E-12")) <= 0, drift.toPlainString());
    // received 100.01 - 0.11, basis 300.34 / 3 = 100.113333333333 (12 decimals)
    assertAmount("-0.213333333333", after.realizedPnl());
    assertAmount("200.226666666667", after.costBasis());

    account = placed(account, "s2", market(SOL, Side.SELL, "2"), "100.01");
    Position closed = account.position("SOL-USD").orElseThrow();
    assertAmount("0", closed.costBasis());
    // everything paid minus everything received, to the cent: no fraction lost or invented
    assertAmount(account.balance("USD").total().subtract(dec("1000")).toPlainString(),
        account.realizedPnl());
  }

  @Test
  void valuationMarksPositionsAndReconcilesWithPnl() {
    Account account = placed(funded("10000"), "b1", market(ETH, Side.BUY, "1"), "3000");
    account = placed(account, "b2", market(ETH, Side.BUY, "1"), "3200");
    account = placed(account, "b3", market(BTC, Side.BUY, "0.01"), "97000");

    Valuation v = account.valuation(Map.of("ETH-USD", dec("3300"), "BTC-USD", dec("95000")));
    // cash 10000 - 6206.20 - 970.97
    assertAmount("2822.83", v.cash());
    assertAmount("7550.00", v.positionsValue());
    // ETH 6600 - 6206.20 = 393.80; BTC 950 - 970.97 = -20.97
    assertAmount("372.83", v.unrealizedPnl());
    assertAmount("10372.83", v.equity());
    assertAmount("7.17", v.feesPaid());
    assertEquals(List.of("BTC-USD", "ETH-USD"),
        v.positions().stream().map(Valuation.Line::symbol).toList());
    Valuation.Line eth = v.positions().get(1);
    assertAmount("393.80", eth.unrealizedPnl());
    assertAmount("3103.10", eth.averageCost());
    assertTrue(v.unpriced().isEmpty());
    assertEquals(v.equity(), account.equity(Map.of("ETH-USD", dec("3300"),
        "BTC-USD", dec("95000"))));
    assertEquals(v.unrealizedPnl(), account.unrealizedPnl(Map.of("ETH-USD", dec("3300"),
        "BTC-USD", dec("95000"))));
    // equity = deposits + realized + unrealized
    assertAmount(v.equity().toPlainString(),
        account.deposited().add(v.realizedPnl()).add(v.unrealizedPnl()));
  }

  @Test
  void positionsWithoutAMarkAreValuedAtCost() {
    Account account = placed(funded("10000"), "b1", market(ETH, Side.BUY, "1"), "3000");
    Valuation v = account.valuation(Map.of());
    assertEquals(List.of("ETH-USD"), v.unpriced());
    assertAmount("0", v.unrealizedPnl());
    assertAmount("3003.00", v.positionsValue());
    assertAmount("10000.00", v.equity());
    assertNull(v.positions().get(0).mark());
  }

  @Test
  void watchesTheSymbolsItHoldsOrHasOrdersIn() {
    Account account = placed(funded("10000"), "b1", market(ETH, Side.BUY, "1"), "3000");
    account = placed(account, "o", Fixtures.limit(BTC, Side.BUY, "0.01", "50000"), null);
    assertEquals(List.of("BTC-USD", "ETH-USD"), List.copyOf(account.watchedSymbols()));
    account = placed(account, "s", market(ETH, Side.SELL, "1"), "3000");
    assertEquals(List.of("BTC-USD"), List.copyOf(account.watchedSymbols()));
  }
}
