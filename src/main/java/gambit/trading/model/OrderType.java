package gambit.trading.model;

import java.util.Locale;

/** How an order is priced. */
public enum OrderType {
  /** Fills at once at the current price; refused while the instrument has no price. */
  MARKET,
  /** Fills at its limit price when the price reaches it (at once at the current price if it
   * already has). */
  LIMIT;

  /**
   * Parses {@code market} or {@code limit}, ignoring case.
   *
   * @throws ValidationException naming {@code field} for anything else
   */
  public static OrderType parse(String field, String text) {
    return Enums.parse(OrderType.class, field, text);
  }

  /** The wire form, {@code market} or {@code limit}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
