package gambit.trading.model;

import java.util.Locale;

/** Where an order is in its life. Orders fill completely or not at all (no partial fills). */
public enum OrderStatus {
  /** Accepted and resting: its reservation is held. */
  OPEN,
  /** Executed in full; final. */
  FILLED,
  /** Cancelled before it filled, its reservation released; final. */
  CANCELLED,
  /** Refused when placed (see {@link PlaceOutcome.Rejected}); never stored in an account. */
  REJECTED;

  /** The wire form, e.g. {@code open}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
