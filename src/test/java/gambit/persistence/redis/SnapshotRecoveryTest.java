package gambit.persistence.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.Done;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.persistence.typed.PersistenceId;
import akka.persistence.typed.RecoveryCompleted;
import akka.persistence.typed.javadsl.CommandHandler;
import akka.persistence.typed.javadsl.EventHandler;
import akka.persistence.typed.javadsl.EventSourcedBehavior;
import akka.persistence.typed.javadsl.RetentionCriteria;
import akka.persistence.typed.javadsl.SignalHandler;
import gambit.testing.TestRedis;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Journal and snapshot store together under a typed EventSourcedBehavior: an entity that
 * snapshots every 5 events recovers from its newest snapshot plus the events after it; one
 * without snapshots recovers from all its events. Both end in the same state.
 */
class SnapshotRecoveryTest {

  private static ActorTestKit testKit;

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create("SnapshotRecoveryTest", JournalTestKit.config(
        TestRedis.shared().uri(),
        "akka.persistence.snapshot-store.plugin = \"akka-persistence-redis.snapshot\""));
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  /** What an entity reports when its recovery completes. */
  record Recovered(long total, int eventsReplayed) {}

  /** Sums numbers; reports the sum and how many events its recovery replayed. */
  static final class Summer extends EventSourcedBehavior<Summer.Command, Long, Long> {

    interface Command {}

    record Add(long amount, ActorRef<Done> replyTo) implements Command {}

    private final int snapshotEvery;
    private final ActorRef<Recovered> recoveries;
    private final AtomicInteger replayed = new AtomicInteger();
    private boolean recovering = true;

    static Behavior<Command> create(String id, int snapshotEvery, ActorRef<Recovered> recoveries) {
      return Behaviors.setup(context -> new Summer(id, snapshotEvery, recoveries));
    }

    private Summer(String id, int snapshotEvery, ActorRef<Recovered> recoveries) {
      super(PersistenceId.ofUniqueId(id));
      this.snapshotEvery = snapshotEvery;
      this.recoveries = recoveries;
    }

    @Override
    public Long emptyState() {
      return 0L;
    }

    @Override
    public CommandHandler<Command, Long, Long> commandHandler() {
      return newCommandHandlerBuilder().forAnyState()
          .onCommand(Add.class, (sum, add) -> Effect().persist(add.amount())
              .thenReply(add.replyTo(), newSum -> Done.done()))
          .build();
    }

    @Override
    public EventHandler<Long, Long> eventHandler() {
      return (sum, amount) -> {
        if (recovering) {
          replayed.incrementAndGet();
        }
        return sum + amount;
      };
    }

    @Override
    public RetentionCriteria retentionCriteria() {
      return snapshotEvery == 0 ? RetentionCriteria.disabled()
          : RetentionCriteria.snapshotEvery(snapshotEvery, 2);
    }

    @Override
    public SignalHandler<Long> signalHandler() {
      return newSignalHandlerBuilder()
          .onSignal(RecoveryCompleted.instance(), sum -> {
            recovering = false;
            recoveries.tell(new Recovered(sum, replayed.get()));
          })
          .build();
    }
  }

  private static Recovered runAndRecover(int snapshotEvery) {
    String id = "summer-" + UUID.randomUUID();
    TestProbe<Recovered> recoveries = testKit.createTestProbe();
    TestProbe<Done> acks = testKit.createTestProbe();
    ActorRef<Summer.Command> first = testKit.spawn(Summer.create(id, snapshotEvery,
        recoveries.getRef()));
    assertEquals(new Recovered(0, 0), recoveries.receiveMessage(Duration.ofSeconds(10)));
    for (int i = 1; i <= 12; i++) {
      first.tell(new Summer.Add(i, acks.getRef()));
      acks.expectMessage(Duration.ofSeconds(10), Done.done());
    }
    testKit.stop(first);

    testKit.spawn(Summer.create(id, snapshotEvery, recoveries.getRef()));
    return recoveries.receiveMessage(Duration.ofSeconds(10));
  }

  @Test
  void recoversFromTheNewestSnapshotAndTheEventsAfterIt() {
    // snapshots after events 5 and 10; recovery replays 11 and 12 only
    assertEquals(new Recovered(78, 2), runAndRecover(5));
  }

  @Test
  void recoversFromEventsAloneWithoutSnapshots() {
    assertEquals(new Recovered(78, 12), runAndRecover(0));
  }
}
