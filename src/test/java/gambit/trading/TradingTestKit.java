package gambit.trading;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import gambit.testing.TestJournal;
import gambit.testing.TradingServer;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

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
            # a loaded two-core machine may need more than the default 10 s to stop a system
            akka.actor.testkit.typed.system-shutdown-default = 30s
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

  /** Waits for a stage's value; fails after {@link #TIMEOUT}. */
  public static <T> T join(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("no answer: " + e, e);
    }
  }

  /** Asks a user's dashboard on the server. */
  public static <R> R ask(TradingServer server, String userId,
      Function<ActorRef<R>, Dashboard.Command> command) {
    return join(server.trading().dashboard(userId).ask(command::apply, TIMEOUT));
  }

  /** Pushes ticks (symbol, price pairs, now) into the price feed and waits until recorded. */
  public static PriceFeed.Pushed push(TradingServer server, String... symbolPrice) {
    List<Tick> ticks = new ArrayList<>();
    Instant now = Instant.now();
    for (int i = 0; i + 1 < symbolPrice.length; i += 2) {
      ticks.add(new Tick(symbolPrice[i], new BigDecimal(symbolPrice[i + 1]), now));
    }
    return join(akka.actor.typed.javadsl.AskPattern.<PriceFeed.Command, PriceFeed.Pushed>ask(
        server.trading().feed(), replyTo -> new PriceFeed.PushTicks(ticks, replyTo), TIMEOUT,
        server.system().scheduler()));
  }

  /** Every event persisted under the id, in order, read from the journal. */
  public static List<Object> events(ActorSystem<?> system, String persistenceId) {
    return TestJournal.events(system, persistenceId);
  }
}
