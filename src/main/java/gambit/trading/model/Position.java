package gambit.trading.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * What an account holds of one instrument's base asset and what it cost.
 *
 * <p>The cost basis is the cash actually paid for the quantity held, fees and the house's
 * rounding included, so that for every account {@code deposits + realized P&L = cash +
 * sum of cost bases} holds exactly, and equity = deposits + realized + unrealized P&L. The
 * average cost (basis / quantity) is therefore the weighted average of what each buy cost per
 * unit, fee included; a sell leaves it unchanged (up to {@value #COST_SCALE} decimals): it takes
 * away the sold quantity's share of the basis, rounded half-even to {@value #COST_SCALE}
 * decimals, or all of it when the position closes. Realized P&L of a sell = proceeds received
 * (after the fee) - basis taken away = (price - average cost) x quantity - fee, up to the
 * house's rounding of the proceeds.
 *
 * @param symbol the instrument
 * @param quantity base asset held, at the instrument's quantity scale; never negative
 * @param costBasis cash paid for {@code quantity}, at {@value #COST_SCALE} decimals
 * @param realizedPnl realized P&L of all sells of this instrument, at {@value #COST_SCALE}
 *     decimals
 * @param feesPaid fees paid on all fills of this instrument (also counted in the basis or the
 *     realized P&L), at the cash scale
 */
public record Position(String symbol, BigDecimal quantity, BigDecimal costBasis,
    BigDecimal realizedPnl, BigDecimal feesPaid) {

  /** Decimals kept for cost bases and realized P&L, so average costs do not drift on sells. */
  public static final int COST_SCALE = 12;
  /** Decimals of {@link #averageCost()}. */
  public static final int AVERAGE_COST_SCALE = 16;

  /** @throws IllegalStateException if the quantity or basis is negative */
  public Position {
    Objects.requireNonNull(symbol, "symbol");
    Objects.requireNonNull(quantity, "quantity");
    Objects.requireNonNull(costBasis, "costBasis");
    Objects.requireNonNull(realizedPnl, "realizedPnl");
    Objects.requireNonNull(feesPaid, "feesPaid");
    if (quantity.signum() < 0 || costBasis.signum() < 0) {
      throw new IllegalStateException(symbol + ": negative position " + quantity.toPlainString()
          + " with basis " + costBasis.toPlainString());
    }
  }

  /** A position that holds nothing yet. */
  static Position flat(String symbol) {
    BigDecimal zero = BigDecimal.ZERO.setScale(COST_SCALE);
    return new Position(symbol, BigDecimal.ZERO, zero, zero, BigDecimal.ZERO);
  }

  /** Cost basis / quantity at {@value #AVERAGE_COST_SCALE} decimals; zero when flat. */
  public BigDecimal averageCost() {
    return quantity.signum() == 0 ? BigDecimal.ZERO
        : costBasis.divide(quantity, AVERAGE_COST_SCALE, RoundingMode.HALF_EVEN);
  }

  /** quantity x mark - cost basis, exact. */
  public BigDecimal unrealizedPnl(BigDecimal mark) {
    return quantity.multiply(mark).subtract(costBasis);
  }

  /** The share of the basis that selling {@code sold} takes away (see the class comment). */
  BigDecimal basisOf(BigDecimal sold) {
    if (sold.compareTo(quantity) == 0) {
      return costBasis;
    }
    return costBasis.multiply(sold).divide(quantity, COST_SCALE, RoundingMode.HALF_EVEN);
  }

  Position bought(BigDecimal bought, BigDecimal paid, BigDecimal fee) {
    return new Position(symbol, quantity.add(bought), costBasis.add(paid), realizedPnl,
        feesPaid.add(fee));
  }

  Position sold(BigDecimal sold, BigDecimal basisRemoved, BigDecimal realized, BigDecimal fee) {
    return new Position(symbol, quantity.subtract(sold), costBasis.subtract(basisRemoved),
        realizedPnl.add(realized), feesPaid.add(fee));
  }
}
