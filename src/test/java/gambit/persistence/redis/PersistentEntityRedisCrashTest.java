package gambit.persistence.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import gambit.node.RedisServerProcess;
import gambit.testing.TestRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What an entity was told is stored survives a crash of Redis: with {@code appendfsync always},
 * every acknowledged event is on disk before the acknowledgement, so after SIGKILL and a restart
 * of Redis a fresh ActorSystem recovers all of them, in order.
 */
class PersistentEntityRedisCrashTest {

  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(10);

  @Test
  void everyAcknowledgedEventIsReplayedAfterRedisIsKilledAndRestarted() {
    String id = "durable-" + UUID.randomUUID();
    try (RedisServerProcess redis = TestRedis.start(Map.of("appendfsync", "always"))) {
      List<String> acknowledged = persistThenKill(redis, id, 100);

      redis.restart();

      ActorTestKit second = ActorTestKit.create("durability-after",
          AppendOnlyLog.config(redis.uri(), ""));
      try {
        assertEquals(acknowledged, read(second, id));
      } finally {
        second.shutdownTestKit();
      }
    }
  }

  /**
   * Sends {@code count} appends without waiting in between (so the journal batches them), waits
   * for every acknowledgement, then kills Redis while the ActorSystem is still running.
   */
  private static List<String> persistThenKill(RedisServerProcess redis, String id, int count) {
    ActorTestKit first = ActorTestKit.create("durability-before",
        AppendOnlyLog.config(redis.uri(), ""));
    try {
      ActorRef<AppendOnlyLog.Command> log = first.spawn(AppendOnlyLog.create(id));
      TestProbe<Long> acks = first.createTestProbe();
      List<String> texts = new ArrayList<>();
      for (int i = 1; i <= count; i++) {
        texts.add("event-" + i);
        log.tell(new AppendOnlyLog.Append("event-" + i, acks.getRef()));
      }
      Set<Long> sequenceNrs = new HashSet<>(acks.receiveSeveralMessages(count, ACK_TIMEOUT));
      assertEquals(count, sequenceNrs.size(), "distinct acknowledged sequence numbers");

      redis.kill();
      return texts;
    } finally {
      first.shutdownTestKit();
    }
  }

  private static List<String> read(ActorTestKit testKit, String id) {
    ActorRef<AppendOnlyLog.Command> log = testKit.spawn(AppendOnlyLog.create(id));
    TestProbe<List<String>> probe = testKit.createTestProbe();
    log.tell(new AppendOnlyLog.Read(probe.getRef()));
    return probe.receiveMessage(ACK_TIMEOUT);
  }
}
