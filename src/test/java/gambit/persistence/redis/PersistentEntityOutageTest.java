package gambit.persistence.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.LoggingTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import gambit.node.RedisServerProcess;
import gambit.testing.TestRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An entity persisting while Redis is down: the persist fails within a couple of seconds (the
 * connector rejects commands at once, the journal's short circuit breaker opens), the failure is
 * logged with a cause that says what is wrong, the ActorSystem stays up, and once Redis is back
 * the same entity (restarted by its back-off supervision) recovers every event acknowledged
 * before the outage and persists again.
 */
class PersistentEntityOutageTest {

  private static final String SHORT_TIMEOUTS = """
      akka-persistence-redis.command-timeout = 1s
      akka-persistence-redis.connect-timeout = 1s
      akka-persistence-redis.journal.circuit-breaker {
        max-failures = 2
        call-timeout = 3s
        reset-timeout = 500ms
      }
      akka.actor.testkit.typed.filter-leeway = 3s
      """;

  @Test
  void persistFailsFastWhileRedisIsDownAndTheEntityPersistsAgainOnceItIsBack() {
    String id = "outage-" + UUID.randomUUID();
    try (RedisServerProcess redis = TestRedis.start(Map.of("appendfsync", "always"))) {
      ActorTestKit testKit =
          ActorTestKit.create("outage", AppendOnlyLog.config(redis.uri(), SHORT_TIMEOUTS));
      try {
        ActorRef<AppendOnlyLog.Command> log = testKit.spawn(AppendOnlyLog.create(id));
        TestProbe<Long> acks = testKit.createTestProbe();
        List<String> before = appendAll(log, acks, "before-1", "before-2", "before-3");

        redis.kill();
        // the persist must fail and be logged within filter-leeway (3 s), far below the
        // 20 s circuit-breaker call-timeout the plugin ships with
        LoggingTestKit.error("Failed to persist event")
            .withMessageContains(id)
            .withCustom(event -> event.getThrowable().isPresent()
                && RedisConnectorTest.fullText(event.getThrowable().get()).contains("Redis"))
            .expect(testKit.system(), () -> {
              log.tell(new AppendOnlyLog.Append("during-outage", acks.getRef()));
              return null;
            });
        acks.expectNoMessage(Duration.ofMillis(200));
        assertFalse(testKit.system().getWhenTerminated().toCompletableFuture().isDone());

        redis.restart();
        List<String> after = new ArrayList<>(before);
        after.add(appendOnceServed(log, testKit, "after-outage"));

        assertEquals(after, readOnce(log, testKit));
      } finally {
        testKit.shutdownTestKit();
      }
    }
  }

  private static List<String> appendAll(ActorRef<AppendOnlyLog.Command> log, TestProbe<Long> acks,
      String... texts) {
    for (String text : texts) {
      log.tell(new AppendOnlyLog.Append(text, acks.getRef()));
    }
    assertEquals(List.of(1L, 2L, 3L), acks.receiveSeveralMessages(texts.length));
    return List.of(texts);
  }

  /**
   * Retries until the entity, restarted by its back-off, has recovered and stored the event.
   * Every attempt asks first whether the event is already there, so a late acknowledgement of an
   * earlier attempt cannot make it stored twice.
   */
  private static String appendOnceServed(ActorRef<AppendOnlyLog.Command> log,
      ActorTestKit testKit, String text) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      List<String> state = tryRead(log, testKit);
      if (state != null && state.contains(text)) {
        return text;
      }
      if (state != null) {
        TestProbe<Long> ack = testKit.createTestProbe();
        log.tell(new AppendOnlyLog.Append(text, ack.getRef()));
        if (tryReceive(ack) != null) {
          return text;
        }
      }
    }
    throw new AssertionError("the entity did not persist again within 20 s of Redis' restart");
  }

  private static List<String> readOnce(ActorRef<AppendOnlyLog.Command> log, ActorTestKit kit) {
    List<String> state = tryRead(log, kit);
    assertTrue(state != null, "the entity did not answer a read");
    return state;
  }

  private static List<String> tryRead(ActorRef<AppendOnlyLog.Command> log, ActorTestKit kit) {
    TestProbe<List<String>> probe = kit.createTestProbe();
    log.tell(new AppendOnlyLog.Read(probe.getRef()));
    return tryReceive(probe);
  }

  private static <T> T tryReceive(TestProbe<T> probe) {
    try {
      return probe.receiveMessage(Duration.ofSeconds(1));
    } catch (AssertionError timeout) {
      return null;
    }
  }
}
