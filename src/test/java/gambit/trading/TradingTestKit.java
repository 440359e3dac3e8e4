package gambit.trading;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * What the trading tests share: a node config on a real Redis under key prefixes of their own
 * (journal and trading keys), and polling waits.
 */
public final class TradingTestKit {

  /** How long a wait polls before it fails. */
  public static final Duration TIMEOUT = Duration.ofSeconds(15);

  private TradingTestKit() {}

  /** A fresh key prefix, so tests on the shared Redis never see each other's data. */
  public static String newPrefix(String stem) {
    return stem + "-" + UUID.randomUUID();
  }

  /**
   * The node's config (application.conf) on Redis at {@code redisUri}, journal and trading keys
   * under {@code keyPrefix}, the simulator off, with {@code overrides} (HOCON) on top.
   */
  public static Config config(String redisUri, String keyPrefix, String overrides) {
    return ConfigFactory.parseString(overrides)
        .withFallback(ConfigFactory.parseString("""
            akka.loglevel = INFO
            akka.coordinated-shutdown.run-by-jvm-shutdown-hook = off
            akka.remote.artery.canonical.port = 0
            akka-persistence-redis.uri = "%s"
            akka-persistence-redis.key-prefix = "%s"
            gambit.trading.redis-key-prefix = "%s:trading"
            gambit.trading.feed.simulator.enabled = off
            """.formatted(redisUri, keyPrefix, keyPrefix)))
        .withFallback(ConfigFactory.load())
        .resolve();
  }

  /** Polls until the condition holds; fails after {@link #TIMEOUT}. */
  public static void awaitTrue(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }
}
