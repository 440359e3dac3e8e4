package gambit.trading;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/** The candle intervals Gambit aggregates; buckets start at multiples of the interval (UTC). */
public enum CandleInterval {
  /** One minute. */
  M1("1m", Duration.ofMinutes(1)),
  /** Five minutes. */
  M5("5m", Duration.ofMinutes(5)),
  /** One hour. */
  H1("1h", Duration.ofHours(1)),
  /** One UTC day. */
  D1("1d", Duration.ofDays(1));

  private final String wireName;
  private final long millis;

  CandleInterval(String wireName, Duration length) {
    this.wireName = wireName;
    this.millis = length.toMillis();
  }

  /** As clients and config keys spell it: {@code 1m}, {@code 5m}, {@code 1h}, {@code 1d}. */
  public String wireName() {
    return wireName;
  }

  /** The interval's length in milliseconds. */
  public long millis() {
    return millis;
  }

  /** The start (epoch ms) of the bucket that holds {@code epochMillis}. */
  public long bucketStart(long epochMillis) {
    return Math.floorDiv(epochMillis, millis) * millis;
  }

  /** The interval a client names, exactly as {@link #wireName()} spells it. */
  public static Optional<CandleInterval> parse(String text) {
    return Arrays.stream(values()).filter(i -> i.wireName.equals(text)).findFirst();
  }
}
