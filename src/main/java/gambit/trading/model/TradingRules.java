package gambit.trading.model;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The house rules that the entity reads from its configuration and passes to
 * {@link Account#place}. They apply when an order is placed; events record their effect (an
 * order keeps the fee rate it was accepted with), so changing them never changes history.
 *
 * @param feeRate the fee charged on every fill as a fraction of its notional, e.g. {@code 0.001}
 *     for 0.1%; 0 to 0.1. One rate for all fills: there is no maker/taker split, a resting limit
 *     order that a tick fills pays the same rate as a market order
 * @param maxOpenOrders how many orders an account may have open at once; 1 to 1000 (every event
 *     copies the open orders, so this bounds the cost of one)
 */
public record TradingRules(BigDecimal feeRate, int maxOpenOrders) {

  // Declared before DEFAULT: the constructor of DEFAULT reads it.
  private static final BigDecimal MAX_FEE_RATE = new BigDecimal("0.1");

  /** 0.1% fee, 100 open orders. */
  public static final TradingRules DEFAULT = new TradingRules(new BigDecimal("0.001"), 100);

  /** @throws IllegalArgumentException naming the value out of range */
  public TradingRules {
    Objects.requireNonNull(feeRate, "feeRate");
    if (feeRate.signum() < 0 || feeRate.compareTo(MAX_FEE_RATE) > 0) {
      throw new IllegalArgumentException("fee rate " + feeRate.toPlainString()
          + " must be within 0..0.1");
    }
    if (maxOpenOrders < 1 || maxOpenOrders > 1000) {
      throw new IllegalArgumentException("max open orders " + maxOpenOrders
          + " must be within 1..1000");
    }
  }
}
