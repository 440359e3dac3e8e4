package gambit.persistence.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import akka.actor.ActorRef;
import akka.actor.ActorSystem;
import akka.pattern.CircuitBreakerOpenException;
import akka.persistence.Persistence;
import akka.persistence.SaveSnapshotFailure;
import akka.persistence.SaveSnapshotSuccess;
import akka.persistence.SnapshotMetadata;
import akka.persistence.SnapshotProtocol.LoadSnapshot;
import akka.persistence.SnapshotProtocol.LoadSnapshotFailed;
import akka.persistence.SnapshotProtocol.LoadSnapshotResult;
import akka.persistence.SnapshotProtocol.SaveSnapshot;
import akka.persistence.SnapshotSelectionCriteria;
import akka.testkit.javadsl.TestKit;
import com.typesafe.config.ConfigFactory;
import gambit.node.RedisServerProcess;
import gambit.testing.TestRedis;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The snapshot store while its Redis is stopped and after it comes back: operations fail (they
 * do not hang), the circuit breaker configured for the plugin opens, and once Redis is back the
 * store serves the snapshot saved before the outage. Uses a Redis of its own.
 */
class RedisSnapshotStoreOutageTest {

  private static final String PLUGIN = "akka-persistence-redis.snapshot";

  private RedisServerProcess server;
  private ActorSystem system;

  @BeforeEach
  void start() {
    server = TestRedis.start(Map.of());
    system = ActorSystem.create("RedisSnapshotStoreOutageTest", ConfigFactory.load(
        ConfigFactory.parseString("""
            akka-persistence-redis.uri = "%s"
            akka.loggers = ["akka.event.slf4j.Slf4jLogger"]
            akka.logging-filter = "akka.event.slf4j.Slf4jLoggingFilter"
            akka.loglevel = WARNING
            akka-persistence-redis.snapshot.circuit-breaker {
              max-failures = 2
              reset-timeout = 500ms
            }
            """.formatted(server.uri()))));
  }

  @AfterEach
  void stop() {
    TestKit.shutdownActorSystem(system);
    server.close();
  }

  @Test
  void failsWhileRedisIsDownOpensTheBreakerAndRecoversAfterwards() {
    TestKit probe = new TestKit(system);
    ActorRef store = Persistence.get(system).snapshotStoreFor(PLUGIN, ConfigFactory.empty());
    store.tell(new SaveSnapshot(new SnapshotMetadata("outage", 1, 0L), "before"), probe.getRef());
    SnapshotMetadata saved = probe.expectMsgClass(SaveSnapshotSuccess.class).metadata();

    server.close();

    LoadSnapshot load = new LoadSnapshot("outage", SnapshotSelectionCriteria.latest(), 99);
    store.tell(load, probe.getRef());
    probe.expectMsgClass(LoadSnapshotFailed.class);
    store.tell(load, probe.getRef());
    probe.expectMsgClass(LoadSnapshotFailed.class);
    store.tell(new SaveSnapshot(new SnapshotMetadata("outage", 2, 0L), "during"), probe.getRef());
    SaveSnapshotFailure open = probe.expectMsgClass(SaveSnapshotFailure.class);
    assertInstanceOf(CircuitBreakerOpenException.class, open.cause());

    server.restart();

    LoadSnapshotResult result = probe.awaitAssert(Duration.ofSeconds(30), () -> {
      store.tell(load, probe.getRef());
      return probe.expectMsgClass(LoadSnapshotResult.class);
    });
    assertEquals(saved, result.snapshot().get().metadata());
    assertEquals("before", result.snapshot().get().snapshot());
  }
}
