package gambit.trading.model;

import java.math.BigDecimal;
import java.util.List;

/**
 * An account marked to market (see {@link Account#valuation}). Money amounts are rounded
 * half-even to the cash scale from exact totals (a valuation moves no money), except the
 * positions' value ({@code equity - cash}) and the total unrealized P&L
 * ({@code equity - deposits - realizedPnl}), derived from the rounded figures so that a client
 * checking {@code equity = cash + positionsValue = deposits + realized + unrealized} finds both
 * exact; each is within a cent of its own rounding. The rounded lines may differ from the
 * totals by a cent.
 *
 * @param cash the cash asset's total balance (available + reserved)
 * @param positionsValue sum of quantity x mark over held positions (cost basis if unpriced), as
 *     {@code equity - cash}
 * @param unrealizedPnl positionsValue - sum of cost bases, as {@code equity - deposits -
 *     realizedPnl} of the rounded figures
 * @param realizedPnl realized P&L of all sells
 * @param feesPaid fees of all fills (already inside the cost bases and realized P&L)
 * @param equity cash + positionsValue; equals deposits + realized + unrealized P&L
 * @param positions one line per held position (quantity above zero), by symbol
 * @param unpriced symbols held for which no mark was given; valued at their cost basis
 */
public record Valuation(BigDecimal cash, BigDecimal positionsValue, BigDecimal unrealizedPnl,
    BigDecimal realizedPnl, BigDecimal feesPaid, BigDecimal equity, List<Line> positions,
    List<String> unpriced) {

  /** Copies the lists. */
  public Valuation {
    positions = List.copyOf(positions);
    unpriced = List.copyOf(unpriced);
  }

  /**
   * One held position marked to market.
   *
   * @param symbol the instrument
   * @param quantity base quantity held
   * @param averageCost cost basis / quantity, see {@link Position#averageCost()}
   * @param mark the price it is marked at; null if unpriced
   * @param marketValue quantity x mark (the cost basis if unpriced), rounded
   * @param unrealizedPnl marketValue - cost basis, rounded
   * @param realizedPnl this instrument's realized P&L, rounded
   */
  public record Line(String symbol, BigDecimal quantity, BigDecimal averageCost,
      BigDecimal mark, BigDecimal marketValue, BigDecimal unrealizedPnl,
      BigDecimal realizedPnl) {}
}
