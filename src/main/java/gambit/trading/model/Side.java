package gambit.trading.model;

import java.util.Locale;

/** Which way an order trades the base asset. */
public enum Side {
  /** Pays the quote asset, receives the base asset. */
  BUY,
  /** Pays the base asset, receives the quote asset. */
  SELL;

  /**
   * Parses {@code buy} or {@code sell}, ignoring case.
   *
   * @throws ValidationException naming {@code field} for anything else
   */
  public static Side parse(String field, String text) {
    return Enums.parse(Side.class, field, text);
  }

  /** The wire form, {@code buy} or {@code sell}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
