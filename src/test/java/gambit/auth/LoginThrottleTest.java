package gambit.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import gambit.node.RedisStore;
import gambit.testing.TestRedis;
import gambit.trading.TradingTestKit;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The login throttle's counters in a real Redis, driven directly: checks in flight hold a place
 * only until they end or lapse, and only failures make the long refusal.
 */
class LoginThrottleTest {

  private static final String ADDRESS = "192.0.2.1";
  private static ActorTestKit testKit;

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create("throttle", TradingTestKit.config(TestRedis.shared().uri(),
        TradingTestKit.newPrefix("throttle"), "akka.actor.provider = local"));
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static LoginThrottle throttle(int max, Duration lapse) {
    AuthKeys keys = new AuthKeys("throttle-test:" + UUID.randomUUID());
    AuthSettings.Limit limit = new AuthSettings.Limit(max, Duration.ofMinutes(15));
    return new LoginThrottle(RedisStore.get(testKit.system()), keys, limit,
        new AuthSettings.Limit(1000, Duration.ofMinutes(15)), lapse);
  }

  private static <T> T join(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static LoginThrottle.Reservation reserve(LoginThrottle throttle) {
    return join(throttle.reserve(Optional.of("alice"), ADDRESS));
  }

  @Test
  void checksInFlightFillTheLimitOnlyUntilTheyEndAndThenBriefly() {
    LoginThrottle throttle = throttle(2, Duration.ofMinutes(1));
    var first = assertInstanceOf(LoginThrottle.Reserved.class, reserve(throttle));
    var second = assertInstanceOf(LoginThrottle.Reserved.class, reserve(throttle));
    var refused = assertInstanceOf(LoginThrottle.Refused.class, reserve(throttle));
    assertTrue(refused.checksInFlight(), "refused for the checks in flight, not failures");
    assertEquals(Duration.ofSeconds(1), refused.retryAfter());

    join(throttle.succeeded(first, "alice", ADDRESS));
    join(throttle.release(second, Optional.of("alice"), ADDRESS));
    assertInstanceOf(LoginThrottle.Reserved.class, reserve(throttle), "both places came back");
  }

  @Test
  void onlyFailuresMakeTheRefusalThatLastsTheWindow() {
    LoginThrottle throttle = throttle(2, Duration.ofMinutes(1));
    for (int i = 0; i < 2; i++) {
      var attempt = assertInstanceOf(LoginThrottle.Reserved.class, reserve(throttle));
      join(throttle.failed(attempt, Optional.of("alice"), ADDRESS));
    }
    var refused = assertInstanceOf(LoginThrottle.Refused.class, reserve(throttle));
    assertTrue(!refused.checksInFlight(), "refused for the failures");
    assertTrue(refused.retryAfter().compareTo(Duration.ofMinutes(14)) > 0,
        "the rest of the 15-minute window: " + refused.retryAfter());
  }

  @Test
  void aCheckThatNeverEndsStopsHoldingItsPlaceOnceItLapses() {
    LoginThrottle throttle = throttle(1, Duration.ofMillis(300));
    assertInstanceOf(LoginThrottle.Reserved.class, reserve(throttle));
    assertInstanceOf(LoginThrottle.Refused.class, reserve(throttle));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    LoginThrottle.Reservation later = reserve(throttle);
    while (later instanceof LoginThrottle.Refused && System.nanoTime() < deadline) {
      later = reserve(throttle);
    }
    assertInstanceOf(LoginThrottle.Reserved.class, later, "the lost check lapsed");
  }
}
