package gambit.trading.model;

import gambit.trading.model.ValidationException.Reason;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * A tradable pair, e.g. {@code BTC-USD}: {@code baseAsset} is bought and sold, priced in
 * {@code quoteAsset}. Immutable; loaded from the catalogue (see {@link InstrumentCatalogue}).
 *
 * <p>Order limits: a quantity must be a whole multiple of {@code quantityStep} within
 * {@code minQuantity..maxQuantity}; a price a whole multiple of {@code priceTick}; the order's
 * notional (quantity x price, in the quote asset) within {@code minNotional..maxNotional}.
 * The minimum notional also guarantees that a sale's proceeds exceed its fee.
 *
 * @param symbol {@code BASE-QUOTE}, e.g. {@code BTC-USD}
 * @param baseAsset the asset traded, e.g. {@code BTC}
 * @param quoteAsset the asset prices are in, e.g. {@code USD}
 * @param name the display name, e.g. {@code Bitcoin / US Dollar}
 * @param priceTick the smallest price increment, positive, e.g. {@code 0.01}
 * @param quantityStep the smallest quantity increment, positive, e.g. {@code 0.00001}
 * @param minQuantity the smallest order quantity, on the step
 * @param maxQuantity the largest order quantity, on the step, not below the minimum
 * @param minNotional the smallest order value in the quote asset, positive
 * @param maxNotional the largest order value in the quote asset, not below the minimum
 * @param startingPrice where a price simulator starts, on the tick
 */
public record Instrument(
    String symbol,
    String baseAsset,
    String quoteAsset,
    String name,
    BigDecimal priceTick,
    BigDecimal quantityStep,
    BigDecimal minQuantity,
    BigDecimal maxQuantity,
    BigDecimal minNotional,
    BigDecimal maxNotional,
    BigDecimal startingPrice) {

  /** @throws IllegalArgumentException naming the first inconsistent component */
  public Instrument {
    Objects.requireNonNull(symbol, "symbol");
    requireShape(symbol, baseAsset, quoteAsset, name);
    requirePositive("price tick", priceTick);
    requirePositive("quantity step", quantityStep);
    requirePositive("min quantity", minQuantity);
    requirePositive("min notional", minNotional);
    requirePositive("starting price", startingPrice);
    requireMultiple("min quantity", minQuantity, "quantity step", quantityStep);
    requireMultiple("max quantity", maxQuantity, "quantity step", quantityStep);
    requireMultiple("starting price", startingPrice, "price tick", priceTick);
    requireOrdered("quantity", minQuantity, maxQuantity);
    requireOrdered("notional", minNotional, maxNotional);
  }

  /** Decimals of a price: 2 for a tick of 0.01. */
  public int priceScale() {
    return Amounts.scaleOf(priceTick);
  }

  /** Decimals of a quantity: 5 for a step of 0.00001. */
  public int quantityScale() {
    return Amounts.scaleOf(quantityStep);
  }

  /**
   * Parses a client's quantity: plain notation (see {@link Amounts#parsePositive}), on the step,
   * within the quantity limits.
   *
   * @return the quantity at {@link #quantityScale()}
   * @throws ValidationException naming {@code field} and the reason
   */
  public BigDecimal parseQuantity(String field, String text) {
    return checkQuantity(field, Amounts.parsePositive(field, text));
  }

  /**
   * Parses a client's price: plain notation, on the tick.
   *
   * @return the price at {@link #priceScale()}
   * @throws ValidationException naming {@code field} and the reason
   */
  public BigDecimal parsePrice(String field, String text) {
    return checkPrice(field, Amounts.parsePositive(field, text));
  }

  /**
   * Checks a quantity against the step and the limits.
   *
   * @return the quantity at {@link #quantityScale()}
   * @throws ValidationException naming {@code field} and the reason
   */
  public BigDecimal checkQuantity(String field, BigDecimal quantity) {
    requirePositiveInput(field, quantity);
    if (!Amounts.isMultipleOf(quantity, quantityStep)) {
      throw new ValidationException(field, Reason.OFF_STEP, quantity.toPlainString()
          + " is not a multiple of the quantity step " + formatQuantity(quantityStep)
          + " of " + symbol);
    }
    if (quantity.compareTo(minQuantity) < 0) {
      throw new ValidationException(field, Reason.TOO_SMALL, quantity.toPlainString()
          + " is below the minimum quantity " + formatQuantity(minQuantity) + " of " + symbol);
    }
    if (quantity.compareTo(maxQuantity) > 0) {
      throw new ValidationException(field, Reason.TOO_LARGE, quantity.toPlainString()
          + " is above the maximum quantity " + formatQuantity(maxQuantity) + " of " + symbol);
    }
    return quantity.setScale(quantityScale());
  }

  /**
   * Checks a price against the tick; its size is bounded by {@link #checkNotional}.
   *
   * @return the price at {@link #priceScale()}
   * @throws ValidationException naming {@code field} and the reason
   */
  public BigDecimal checkPrice(String field, BigDecimal price) {
    requirePositiveInput(field, price);
    if (!Amounts.isMultipleOf(price, priceTick)) {
      throw new ValidationException(field, Reason.OFF_TICK, price.toPlainString()
          + " is not a multiple of the price tick " + formatPrice(priceTick) + " of " + symbol);
    }
    return price.setScale(priceScale());
  }

  /**
   * Checks a limit order's notional against the limits. A price at which even the minimum
   * quantity exceeds the maximum notional is the price's fault (reported on
   * {@code priceField}); otherwise a too large or too small value is the quantity's.
   *
   * @throws ValidationException naming the field at fault
   */
  public void checkNotional(String quantityField, BigDecimal quantity, String priceField,
      BigDecimal price) {
    requireNotAbsurd(priceField, price);
    BigDecimal notional = quantity.multiply(price);
    if (notional.compareTo(minNotional) < 0 || notional.compareTo(maxNotional) > 0) {
      throw new ValidationException(quantityField,
          notional.compareTo(minNotional) < 0 ? Reason.TOO_SMALL : Reason.TOO_LARGE,
          describeNotional(notional));
    }
  }

  /**
   * Checks a market price from an outside feed as strictly as an order's limit price: positive,
   * on the tick (never snapped), and not so high that even the minimum quantity would exceed
   * the maximum order value.
   *
   * @return the price at {@link #priceScale()}
   * @throws ValidationException naming {@code field} and the reason
   */
  public BigDecimal checkMarketPrice(String field, BigDecimal price) {
    BigDecimal checked = checkPrice(field, price);
    requireNotAbsurd(field, checked);
    return checked;
  }

  /** The upper bound of every price: at it, the minimum quantity is worth the maximum value. */
  private void requireNotAbsurd(String field, BigDecimal price) {
    if (minQuantity.multiply(price).compareTo(maxNotional) > 0) {
      throw new ValidationException(field, Reason.TOO_LARGE, price.toPlainString()
          + " is absurdly high: even the minimum quantity would exceed the maximum order value "
          + maxNotional.toPlainString() + " " + quoteAsset);
    }
  }

  /** True if {@code notional} (quote asset) is within the order value limits. */
  public boolean allowsNotional(BigDecimal notional) {
    return notional.compareTo(minNotional) >= 0 && notional.compareTo(maxNotional) <= 0;
  }

  /** A sentence saying that {@code notional} is outside the limits, and which. */
  String describeNotional(BigDecimal notional) {
    return "order value " + notional.stripTrailingZeros().toPlainString() + " " + quoteAsset
        + " is outside " + minNotional.toPlainString() + ".." + maxNotional.toPlainString()
        + " " + quoteAsset + " for " + symbol;
  }

  /**
   * The multiple of the tick nearest to {@code price} (half-even), at least one tick: how a
   * price simulator or an outside feed snaps a raw price onto the instrument's grid.
   *
   * @return the price at {@link #priceScale()}
   */
  public BigDecimal toTick(BigDecimal price) {
    BigDecimal ticks = price.divide(priceTick, 0, RoundingMode.HALF_EVEN).max(BigDecimal.ONE);
    return priceTick.multiply(ticks).setScale(priceScale(), RoundingMode.UNNECESSARY);
  }

  /**
   * The price in plain notation with at least the instrument's price scale (more if the price
   * is finer than the tick, e.g. an outside feed's), never an exponent.
   */
  public String formatPrice(BigDecimal price) {
    return price.setScale(Math.max(priceScale(), price.stripTrailingZeros().scale()))
        .toPlainString();
  }

  /** The quantity in plain notation at the instrument's quantity scale. */
  public String formatQuantity(BigDecimal quantity) {
    return Amounts.format(quantity, quantityScale());
  }

  private static void requireShape(String symbol, String base, String quote, String name) {
    if (!Asset.isCode(base) || !Asset.isCode(quote)) {
      throw new IllegalArgumentException("base '" + base + "' and quote '" + quote
          + "' must be asset codes (2 to 10 upper-case letters or digits)");
    }
    if (base.equals(quote)) {
      throw new IllegalArgumentException("base and quote are both " + base);
    }
    if (!symbol.equals(base + "-" + quote)) {
      throw new IllegalArgumentException("symbol '" + symbol + "' must be BASE-QUOTE, i.e. '"
          + base + "-" + quote + "'");
    }
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("instrument " + symbol + " needs a name");
    }
  }

  private static void requirePositiveInput(String field, BigDecimal value) {
    if (value == null) {
      throw new ValidationException(field, Reason.MISSING, "is required");
    }
    if (value.signum() <= 0) {
      throw new ValidationException(field, Reason.NOT_POSITIVE, "must be positive, got '"
          + value.toPlainString() + "'");
    }
  }

  private static void requirePositive(String what, BigDecimal value) {
    Objects.requireNonNull(value, what);
    if (value.signum() <= 0) {
      throw new IllegalArgumentException(what + " " + value.toPlainString()
          + " must be positive");
    }
  }

  private static void requireMultiple(String what, BigDecimal value, String unitName,
      BigDecimal unit) {
    Objects.requireNonNull(value, what);
    if (!Amounts.isMultipleOf(value, unit)) {
      throw new IllegalArgumentException(what + " " + value.toPlainString()
          + " is not a multiple of the " + unitName + " " + unit.toPlainString());
    }
  }

  private static void requireOrdered(String what, BigDecimal min, BigDecimal max) {
    Objects.requireNonNull(max, "max " + what);
    if (min.compareTo(max) > 0) {
      throw new IllegalArgumentException("min " + what + " " + min.toPlainString()
          + " is above max " + what + " " + max.toPlainString());
    }
  }
}
