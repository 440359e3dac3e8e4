package gambit.chess;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Adapter;
import akka.persistence.Persistence;
import akka.persistence.SnapshotProtocol;
import akka.persistence.SnapshotSelectionCriteria;
import akka.testkit.javadsl.TestKit;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import gambit.testing.TestJournal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * What the game tests share: a node config on a real Redis under a key prefix of their own, and
 * reading what a game persisted straight from the journal and snapshot store (through Akka's
 * plugin protocol, as a recovering entity would).
 */
final class ChessTestKit {

  static final Duration TIMEOUT = Duration.ofSeconds(15);
  static final String JOURNAL = "akka-persistence-redis.journal";
  static final String SNAPSHOTS = "akka-persistence-redis.snapshot";

  private ChessTestKit() {}

  /** A fresh Redis key prefix, so tests on the shared Redis never see each other's data. */
  static String newPrefix(String stem) {
    return stem + "-" + UUID.randomUUID();
  }

  /**
   * The node's config (application.conf) on Redis at {@code redisUri} under {@code keyPrefix},
   * with {@code overrides} (HOCON) on top.
   */
  static Config config(String redisUri, String keyPrefix, String overrides) {
    return ConfigFactory.parseString(overrides)
        .withFallback(ConfigFactory.parseString("""
            akka.loglevel = INFO
            akka.coordinated-shutdown.run-by-jvm-shutdown-hook = off
            akka.remote.artery.canonical.port = 0
            akka-persistence-redis.uri = "%s"
            akka-persistence-redis.key-prefix = "%s"
            """.formatted(redisUri, keyPrefix)))
        .withFallback(ConfigFactory.load())
        .resolve();
  }

  /** Every event persisted under the id, in order, read from the journal. */
  static List<Object> events(ActorSystem<?> system, String persistenceId) {
    return TestJournal.events(system, persistenceId);
  }

  /** The newest snapshot stored under the id: its sequence number and state. */
  static Optional<Stored> newestSnapshot(ActorSystem<?> system, String persistenceId) {
    akka.actor.ActorSystem classic = Adapter.toClassic(system);
    TestKit probe = new TestKit(classic);
    Persistence.get(classic).snapshotStoreFor(SNAPSHOTS, ConfigFactory.empty())
        .tell(new SnapshotProtocol.LoadSnapshot(persistenceId, SnapshotSelectionCriteria.latest(),
            Long.MAX_VALUE), probe.getRef());
    Object answer = probe.receiveOne(TIMEOUT);
    if (!(answer instanceof SnapshotProtocol.LoadSnapshotResult result)) {
      throw new AssertionError("unexpected snapshot store answer " + answer);
    }
    if (result.snapshot().isEmpty()) {
      return Optional.empty();
    }
    var selected = result.snapshot().get();
    return Optional.of(new Stored(selected.metadata().sequenceNr(), selected.snapshot()));
  }

  record Stored(long sequenceNr, Object snapshot) {}

  /** Polls until the condition holds; fails after {@link #TIMEOUT}. */
  static void awaitTrue(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }
}
