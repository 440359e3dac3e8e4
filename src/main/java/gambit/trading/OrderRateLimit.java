package gambit.trading;

import java.time.Duration;
import java.time.Instant;

/**
 * How many new orders one dashboard accepts: a token bucket of {@code burst} orders that refills
 * at {@code perSecond}. The dashboard entity keeps one in memory; as there is one entity per
 * user in the cluster, the limit holds whichever node an order comes through (an entity that
 * restarts on another node starts with a full bucket). Not thread-safe: the entity's alone.
 */
final class OrderRateLimit {

  private final double perSecond;
  private final int burst;
  private double tokens;
  private Instant refilled;

  /**
   * @param perSecond sustained rate; 0 turns the limit off
   * @param burst orders accepted at once after a pause, at least 1
   * @param now the current time; the bucket starts full
   */
  OrderRateLimit(double perSecond, int burst, Instant now) {
    this.perSecond = perSecond;
    this.burst = burst;
    this.tokens = burst;
    this.refilled = now;
  }

  /**
   * Takes one order's place.
   *
   * @return zero when the order may go ahead, else how long until one may
   */
  Duration take(Instant now) {
    if (perSecond <= 0) {
      return Duration.ZERO;
    }
    if (now.isAfter(refilled)) {
      double elapsed = Duration.between(refilled, now).toNanos() / 1e9;
      tokens = Math.min(burst, tokens + elapsed * perSecond);
      refilled = now;
    }
    if (tokens >= 1) {
      tokens -= 1;
      return Duration.ZERO;
    }
    return Duration.ofNanos((long) Math.ceil((1 - tokens) / perSecond * 1e9));
  }
}
