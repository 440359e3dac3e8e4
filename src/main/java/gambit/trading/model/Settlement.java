package gambit.trading.model;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What one fill moves in the cash (quote) asset, rounded as {@link Amounts} says: the house never
 * loses a fraction.
 *
 * <ul>
 *   <li>notional = quantity x price, exact;
 *   <li>fee = notional x fee rate, rounded up to the cash scale (for buys and sells alike);
 *   <li>buy: {@code quoteAmount} = notional rounded up; the account pays quoteAmount + fee;
 *   <li>sell: {@code quoteAmount} = notional rounded down; the account receives quoteAmount - fee.
 * </ul>
 *
 * <p>A limit buy reserves exactly the settlement at its limit price, so a fill at the limit
 * consumes the reservation exactly and a fill at a lower price leaves an excess to release.
 *
 * @param side the fill's side
 * @param quoteAmount the notional rounded in the house's favour, at the cash scale
 * @param fee the fee at the cash scale
 */
public record Settlement(Side side, BigDecimal quoteAmount, BigDecimal fee) {

  /** @throws NullPointerException if a component is null */
  public Settlement {
    Objects.requireNonNull(side, "side");
    Objects.requireNonNull(quoteAmount, "quoteAmount");
    Objects.requireNonNull(fee, "fee");
  }

  /**
   * Settles {@code quantity} at {@code price}.
   *
   * @param feeRate the fee as a fraction of the notional, e.g. 0.001 for 0.1%
   * @param cashScale decimals of the cash asset, e.g. 2 for USD
   */
  public static Settlement of(Side side, BigDecimal quantity, BigDecimal price,
      BigDecimal feeRate, int cashScale) {
    BigDecimal notional = quantity.multiply(price);
    BigDecimal fee = Amounts.ceil(notional.multiply(feeRate), cashScale);
    BigDecimal quote = side == Side.BUY
        ? Amounts.ceil(notional, cashScale)
        : Amounts.floor(notional, cashScale);
    return new Settlement(side, quote, fee);
  }

  /**
   * The signed change of the cash balance: {@code -(quoteAmount + fee)} for a buy,
   * {@code quoteAmount - fee} for a sell.
   */
  public BigDecimal cashDelta() {
    return side == Side.BUY ? quoteAmount.add(fee).negate() : quoteAmount.subtract(fee);
  }
}
