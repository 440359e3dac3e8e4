package gambit.chess;

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

  private static final Pattern TEXT = Pattern.compile("(\\d{1,3})\\+(\\d{1,3})");

  public TimeControl {
    if (initialMillis <= 0 || incrementMillis < 0) {
      throw new IllegalArgumentException("a time control needs a positive initial time and an"
          + " increment of zero or more, got " + initialMillis + " ms + " + incrementMillis + " ms");
    }
  }

  /** A time control of whole minutes and whole seconds. */
  public static TimeControl of(Duration initial, Duration increment) {
    return new TimeControl(initial.toMillis(), increment.toMillis());
  }

  /**
   * Reads {@code "M+S"} (M minutes, 1 to {@value #MAX_MINUTES}; S seconds of increment, 0 to
   * {@value #MAX_INCREMENT_SECONDS}) or {@code "none"}.
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
          + " seconds, e.g. \"5+3\") or \"none\", got \"" + text + "\"");
    }
    int minutes = Integer.parseInt(matcher.group(1));
    int seconds = Integer.parseInt(matcher.group(2));
    if (minutes < 1 || minutes > MAX_MINUTES || seconds > MAX_INCREMENT_SECONDS) {
      throw new IllegalArgumentException("timeControl \"" + text + "\" is out of range: 1 to "
          + MAX_MINUTES + " minutes, 0 to " + MAX_INCREMENT_SECONDS + " seconds of increment");
    }
    return Optional.of(of(Duration.ofMinutes(minutes), Duration.ofSeconds(seconds)));
  }

  /** PGN's {@code TimeControl} tag value: initial seconds, {@code +}, increment seconds. */
  public String pgnTag() {
    return initialMillis / 1000 + "+" + incrementMillis / 1000;
  }
}
