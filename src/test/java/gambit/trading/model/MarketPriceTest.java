package gambit.trading.model;

import static gambit.trading.model.Fixtures.BTC;
import static gambit.trading.model.Fixtures.dec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import gambit.trading.model.ValidationException.Reason;
import org.junit.jupiter.api.Test;

/** A price from an outside feed is held to the same rules as an order's limit price. */
class MarketPriceTest {

  private static Reason refusal(String price) {
    return assertThrows(ValidationException.class,
        () -> BTC.checkMarketPrice("price", dec(price))).reason();
  }

  @Test
  void anOnTickPriceIsKeptAtThePriceScale() {
    assertEquals("97134.50", BTC.checkMarketPrice("price", dec("97134.5")).toPlainString());
  }

  @Test
  void anOffTickPriceIsRefusedNotSnapped() {
    assertEquals(Reason.OFF_TICK, refusal("97134.505"));
    assertEquals(Reason.OFF_TICK, refusal("0.001"));
  }

  @Test
  void aPriceIsPositive() {
    assertEquals(Reason.NOT_POSITIVE, refusal("0"));
    assertEquals(Reason.NOT_POSITIVE, refusal("-1.00"));
  }

  @Test
  void thePriceBoundIsTheOneOrdersHave() {
    // the largest price at which the minimum quantity stays within the maximum order value
    java.math.BigDecimal bound = BTC.maxNotional().divide(BTC.minQuantity());
    assertEquals(0, BTC.checkMarketPrice("price", bound).compareTo(bound));
    assertEquals(Reason.TOO_LARGE, refusal(bound.add(BTC.priceTick()).toPlainString()));
    assertEquals(Reason.TOO_LARGE, refusal("99999999999999999999999999999999999.00"));
    ValidationException order = assertThrows(ValidationException.class, () -> BTC.checkNotional(
        "quantity", BTC.minQuantity(), "price", bound.add(BTC.priceTick())));
    assertEquals(Reason.TOO_LARGE, order.reason());
    assertEquals("price", order.field());
  }
}
