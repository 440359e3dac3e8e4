package gambit.trading;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The dashboard's token bucket of new orders, on a clock the test moves. */
class OrderRateLimitTest {

  private static final Instant START = Instant.parse("2026-12-04T12:00:00Z");

  @Test
  void aBurstGoesThroughAndTheNextOrderWaitsForTheRefill() {
    OrderRateLimit limit = new OrderRateLimit(2, 3, START);
    for (int i = 0; i < 3; i++) {
      assertEquals(Duration.ZERO, limit.take(START), "order " + (i + 1) + " of the burst");
    }
    assertEquals(Duration.ofMillis(500), limit.take(START), "one order every 500 ms");
    assertEquals(Duration.ofMillis(200), limit.take(START.plusMillis(300)));
    assertEquals(Duration.ZERO, limit.take(START.plusMillis(500)));
    assertEquals(Duration.ofMillis(500), limit.take(START.plusMillis(500)), "used at once");
  }

  @Test
  void aLongPauseRefillsNoMoreThanTheBurst() {
    OrderRateLimit limit = new OrderRateLimit(10, 2, START);
    limit.take(START);
    limit.take(START);
    Instant later = START.plus(Duration.ofHours(1));
    assertEquals(Duration.ZERO, limit.take(later));
    assertEquals(Duration.ZERO, limit.take(later));
    assertEquals(Duration.ofMillis(100), limit.take(later));
  }

  @Test
  void aClockThatGoesBackRefillsNothing() {
    OrderRateLimit limit = new OrderRateLimit(1, 1, START);
    limit.take(START);
    assertEquals(Duration.ofSeconds(1), limit.take(START.minusSeconds(10)));
  }

  @Test
  void zeroPerSecondIsNoLimit() {
    OrderRateLimit limit = new OrderRateLimit(0, 1, START);
    for (int i = 0; i < 1000; i++) {
      assertEquals(Duration.ZERO, limit.take(START));
    }
  }
}
