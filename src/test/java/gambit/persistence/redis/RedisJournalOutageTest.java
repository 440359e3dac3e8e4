package gambit.persistence.redis;

import static gambit.persistence.redis.JournalTestKit.atomic;
import static gambit.persistence.redis.JournalTestKit.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.ActorRef;
import akka.actor.ActorSystem;
import akka.persistence.JournalProtocol;
import akka.persistence.PersistentRepr;
import akka.testkit.javadsl.TestKit;
import gambit.node.RedisServerProcess;
import gambit.persistence.redis.JournalTestKit.Written;
import gambit.testing.TestRedis;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The journal while its Redis is down and after it is back: writes and replays fail at once
 * with a clear error (not after a timeout), and the same journal works again without a restart.
 */
class RedisJournalOutageTest {

  /** Far longer than any wait below: a failure that arrives proves it did not time out. */
  private static final String SLOW_TIMEOUTS = """
      akka-persistence-redis.command-timeout = 60s
      akka-persistence-redis.journal.circuit-breaker {
        call-timeout = 120s
        reset-timeout = 200ms
      }
      """;

  private RedisServerProcess server;
  private ActorSystem system;
  private JournalTestKit journal;

  @BeforeEach
  void start() {
    server = TestRedis.start(Map.of("appendfsync", "always"));
    system = ActorSystem.create("RedisJournalOutageTest",
        JournalTestKit.config(server.uri(), SLOW_TIMEOUTS));
    journal = new JournalTestKit(system, "akka-persistence-redis.journal");
  }

  @AfterEach
  void stop() {
    TestKit.shutdownActorSystem(system);
    server.close();
  }

  @Test
  void failsFastWhileRedisIsDownAndWorksAgainOnceItIsBack() {
    String id = "outage-" + UUID.randomUUID();
    String writer = UUID.randomUUID().toString();
    PersistentRepr second = event(id, 2, "e-2", writer).withTimestamp(2);
    journal.write(atomic(event(id, 1, "e-1", writer))).expectAllSucceeded();

    server.kill();
    awaitDisconnected();

    Written failed = journal.write(atomic(second));
    RedisJournalException error = assertInstanceOf(RedisJournalException.class, failed.failure());
    assertTrue(error.getMessage().startsWith("cannot write events 2..2 of persistence id '" + id
        + "' in Redis at " + server.uri()), error.getMessage());
    assertInstanceOf(JournalProtocol.WriteMessageFailure.class, failed.eventReplies().get(0));
    assertReplayFails(id);

    server.restart();
    awaitWritten(atomic(second));
    assertEquals(List.of(1L, 2L), journal.replayAll(id).sequenceNrs());
  }

  /** Lettuce notices the closed socket on its own; from then on commands are rejected. */
  private void awaitDisconnected() {
    RedisConnector<byte[], byte[]> connector = RedisPersistence.get(system).connector();
    new TestKit(system).awaitCond(Duration.ofSeconds(10), Duration.ofMillis(20),
        "the connection to notice that Redis is gone", () -> !connector.isOpen());
  }

  private void assertReplayFails(String id) {
    TestKit probe = new TestKit(system);
    journal.journal().tell(new JournalProtocol.ReplayMessages(1, Long.MAX_VALUE, Long.MAX_VALUE,
        id, probe.getRef()), ActorRef.noSender());
    JournalProtocol.ReplayMessagesFailure failure =
        probe.expectMsgClass(JournalTestKit.TIMEOUT, JournalProtocol.ReplayMessagesFailure.class);
    assertTrue(failure.cause().getMessage().contains(id), failure.cause().getMessage());
  }

  /**
   * Repeats the write until it succeeds: Lettuce reconnects with a back-off and the circuit
   * breaker may be open for a moment. The write carries a fixed timestamp, so a copy that
   * Lettuce re-sent after reconnecting counts as the same write.
   */
  private void awaitWritten(akka.persistence.AtomicWrite write) {
    new TestKit(system).awaitCond(Duration.ofSeconds(30), Duration.ofMillis(100),
        "the journal to write again after Redis came back",
        () -> journal.write(write).batchReply()
            == JournalProtocol.WriteMessagesSuccessful$.MODULE$);
  }
}
