package gambit.persistence.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import akka.actor.ActorRef;
import akka.actor.ActorSystem;
import akka.persistence.AtomicWrite;
import akka.persistence.DeleteMessagesSuccess;
import akka.persistence.JournalProtocol;
import akka.persistence.Persistence;
import akka.persistence.PersistentEnvelope;
import akka.persistence.PersistentRepr;
import akka.testkit.javadsl.TestKit;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Drives a journal plugin actor with Akka's classic journal protocol, as a persistent actor
 * would: {@code WriteMessages}, {@code ReplayMessages}, {@code DeleteMessagesTo}. Each call
 * uses a fresh probe and waits for the complete answer.
 */
final class JournalTestKit {

  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final ActorSystem system;
  private final ActorRef journal;

  JournalTestKit(ActorSystem system, String pluginId) {
    this.system = system;
    this.journal = Persistence.get(system).journalFor(pluginId, ConfigFactory.empty());
  }

  /**
   * A config with the plugin as the default journal on the given Redis, plus {@code extra}
   * (HOCON) on top; nothing else of the plugin is set, so its reference.conf is what runs.
   */
  static Config config(String redisUri, String extra) {
    return ConfigFactory.parseString(extra)
        .withFallback(ConfigFactory.parseString(
            "akka.persistence.journal.plugin = \"akka-persistence-redis.journal\"\n"
            + "akka.persistence.snapshot-store.plugin = \"\"\n"
            + "akka.loglevel = WARNING\n"
            + "akka-persistence-redis.uri = \"" + redisUri + "\"\n"))
        .withFallback(ConfigFactory.load())
        .resolve();
  }

  ActorRef journal() {
    return journal;
  }

  // ---------------------------------------------------------------- building writes

  static PersistentRepr event(String id, long sequenceNr, Object payload, String writerUuid) {
    return PersistentRepr.apply(payload, sequenceNr, id, "", false, ActorRef.noSender(),
        writerUuid);
  }

  static AtomicWrite atomic(PersistentRepr... events) {
    return new AtomicWrite(CollectionConverters.asScala(Arrays.asList(events)).toList());
  }

  // ---------------------------------------------------------------- write

  /**
   * The journal's answer to one WriteMessages: the batch reply (WriteMessagesSuccessful or
   * WriteMessagesFailed) and one reply per event, in order.
   */
  record Written(Object batchReply, List<Object> eventReplies) {

    Written expectAllSucceeded() {
      assertEquals(JournalProtocol.WriteMessagesSuccessful$.MODULE$, batchReply,
          "batch reply; event replies: " + eventReplies);
      eventReplies.forEach(reply ->
          assertInstanceOf(JournalProtocol.WriteMessageSuccess.class, reply));
      return this;
    }

    /** The cause the batch failed with (asserts that it failed). */
    Throwable failure() {
      return assertInstanceOf(JournalProtocol.WriteMessagesFailed.class, batchReply,
          "batch reply; event replies: " + eventReplies).cause();
    }

    @SuppressWarnings("unchecked")
    <T> T reply(int index, Class<T> type) {
      return assertInstanceOf(type, eventReplies.get(index));
    }
  }

  Written write(AtomicWrite... writes) {
    TestKit probe = new TestKit(system);
    List<PersistentEnvelope> list = Arrays.asList(writes);
    journal.tell(new JournalProtocol.WriteMessages(
        CollectionConverters.asScala(list).toList(), probe.getRef(), 1), ActorRef.noSender());
    Object batch = probe.expectMsgAnyClassOf(TIMEOUT,
        JournalProtocol.WriteMessagesSuccessful$.class, JournalProtocol.WriteMessagesFailed.class);
    int events = Arrays.stream(writes).mapToInt(AtomicWrite::size).sum();
    List<Object> replies = new ArrayList<>();
    for (int i = 0; i < events; i++) {
      replies.add(probe.expectMsgClass(TIMEOUT, Object.class));
    }
    return new Written(batch, replies);
  }

  // ---------------------------------------------------------------- replay

  /** The events a replay delivered and the highest sequence number it reported. */
  record Replayed(List<PersistentRepr> events, long highestSequenceNr) {

    List<Long> sequenceNrs() {
      return events.stream().map(PersistentRepr::sequenceNr).toList();
    }

    List<Object> payloads() {
      return events.stream().map(PersistentRepr::payload).toList();
    }
  }

  Replayed replay(String id, long from, long to, long max) {
    TestKit probe = new TestKit(system);
    journal.tell(new JournalProtocol.ReplayMessages(from, to, max, id, probe.getRef()),
        ActorRef.noSender());
    List<PersistentRepr> events = new ArrayList<>();
    while (true) {
      Object message = probe.expectMsgClass(TIMEOUT, Object.class);
      if (message instanceof JournalProtocol.ReplayedMessage replayed) {
        events.add(replayed.persistent());
      } else if (message instanceof JournalProtocol.RecoverySuccess success) {
        return new Replayed(events, success.highestSequenceNr());
      } else {
        throw new AssertionError("unexpected replay message " + message);
      }
    }
  }

  Replayed replayAll(String id) {
    return replay(id, 1, Long.MAX_VALUE, Long.MAX_VALUE);
  }

  // ---------------------------------------------------------------- delete

  void deleteTo(String id, long toSequenceNr) {
    TestKit probe = new TestKit(system);
    journal.tell(new JournalProtocol.DeleteMessagesTo(id, toSequenceNr, probe.getRef()),
        ActorRef.noSender());
    probe.expectMsg(TIMEOUT, new DeleteMessagesSuccess(toSequenceNr));
    probe.expectNoMessage(Duration.ofMillis(100));
  }
}
