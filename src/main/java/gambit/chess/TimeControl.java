package gambit.chess;

import gambit.chess.rules.Echo;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A game's time control: each side's initial time and the increment added after each timed move.
 * Written {@code "M+S"} (minutes plus increment seconds, e.g. {@code "5+3"}); an untimed game has
 * no TimeControl at all ({@code "none"}, see {@link #parse}). Immutable.
 *
 * @param initialMillis each side's time at the start, in milliseconds, more than zero
 * @param incrementMillis added to a side's clock after each of its timed moves, zero or more
 */
public record TimeControl(long initialMillis, long incrementMillis) {

  /** The longest initial time {@link #parse} accepts, in minutes. */
  public static final int MAX_MINUTES = 180;
  /** The largest increment {@link #parse} accepts, in seconds. */
  public static final int MAX_INCREMENT_SECONDS = 180;
  /** What {@link #parse} reads as "no time control". */
  public static final String NONE = "none";

  private static final Pattern TEXT = Pattern.compile("(\\d{1,3}(?:\\.\\d{1,2})?)\\+(\\d{1,3})");
  private static final BigDecimal MIN_MINUTES = new BigDecimal("0.25");

  public TimeControl {
    if (initialMillis <= 0 || incrementMillis < 0) {
      throw new IllegalArgumentException("a time control needs a positive initial time and an"
          + " increment of zero or more, got " + initialMillis + " ms + " + incrementMillis
          + " ms");
    }
  }

  /** A time control of whole minutes and whole seconds. */
  public static TimeControl of(Duration initial, Duration increment) {
    return new TimeControl(initial.toMillis(), increment.toMillis());
  }

  /**
   * Reads {@code "M+S"} or {@code "none"}: M minutes from 0.25 to {@value #MAX_MINUTES}, whole
   * or with up to two decimals as the major servers offer for bullet ({@code "0.5+0"} is 30
   * seconds); S whole seconds of increment, 0 to {@value #MAX_INCREMENT_SECONDS}.
   *
   * @return empty for {@code "none"}
   * @throws IllegalArgumentException with a message a client can read, for anything else
   */
  public static Optional<TimeControl> parse(String text) {
    if (NONE.equals(text)) {
      return Optional.empty();
    }
    Matcher matcher = TEXT.matcher(text == null ? "" : text);
    if (!matcher.matches()) {
      throw new IllegalArgumentException("timeControl must be \"M+S\" (minutes plus increment"
          + " seconds, e.g. \"5+3\") or \"none\", got \"" + Echo.clip(text) + "\"");
    }
    BigDecimal minutes = new BigDecimal(matcher.group(1));
    int seconds = Integer.parseInt(matcher.group(2));
    boolean minutesOk = minutes.compareTo(MIN_MINUTES) >= 0
        && minutes.compareTo(BigDecimal.valueOf(MAX_MINUTES)) <= 0;
    if (!minutesOk || seconds > MAX_INCREMENT_SECONDS) {
      throw new IllegalArgumentException("timeControl \"" + Echo.clip(text) + "\" is out of range: "
          + MIN_MINUTES + " to " + MAX_MINUTES + " minutes, 0 to " + MAX_INCREMENT_SECONDS
          + " seconds of increment");
    }
    long initialMillis = minutes.multiply(BigDecimal.valueOf(60_000)).longValue();
    return Optional.of(new TimeControl(initialMillis, seconds * 1000L));
  }

  /** PGN's {@code TimeControl} tag value: initial seconds, {@code +}, increment seconds. */
  public String pgnTag() {
    return initialMillis / 1000 + "+" + incrementMillis / 1000;
  }
}
