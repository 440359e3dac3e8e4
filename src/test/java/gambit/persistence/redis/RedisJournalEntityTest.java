package gambit.persistence.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.Done;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.persistence.typed.PersistenceId;
import akka.persistence.typed.javadsl.CommandHandler;
import akka.persistence.typed.javadsl.EventHandler;
import akka.persistence.typed.javadsl.EventSourcedBehavior;
import gambit.testing.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The journal under a typed EventSourcedBehavior, as Gambit's entities use it: recovery after a
 * restart, tags from {@code tagsFor}, and a stale second incarnation that must stop rather than
 * fork the history.
 */
class RedisJournalEntityTest {

  private static final String TAG = "ledger-entries";

  private static ActorTestKit testKit;

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create("RedisJournalEntityTest",
        JournalTestKit.config(TestRedis.shared().uri(), ""));
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  // ---------------------------------------------------------------- a minimal entity

  /** Appends strings; replies Done once an entry is persisted. */
  static final class Ledger extends EventSourcedBehavior<Ledger.Command, String, List<String>> {

    interface Command {}

    record Append(String entry, ActorRef<Done> replyTo) implements Command {}

    record Read(ActorRef<List<String>> replyTo) implements Command {}

    static Behavior<Command> create(String id) {
      return new Ledger(PersistenceId.ofUniqueId(id));
    }

    private Ledger(PersistenceId id) {
      super(id);
    }

    @Override
    public List<String> emptyState() {
      return List.of();
    }

    @Override
    public CommandHandler<Command, String, List<String>> commandHandler() {
      return newCommandHandlerBuilder().forAnyState()
          .onCommand(Append.class, (state, append) -> Effect().persist(append.entry())
              .thenReply(append.replyTo(), newState -> Done.done()))
          .onCommand(Read.class, (state, read) -> Effect().reply(read.replyTo(), state))
          .build();
    }

    @Override
    public EventHandler<List<String>, String> eventHandler() {
      return (state, entry) -> {
        List<String> next = new ArrayList<>(state);
        next.add(entry);
        return List.copyOf(next);
      };
    }

    @Override
    public Set<String> tagsFor(String entry) {
      return Set.of(TAG);
    }
  }

  private static void append(ActorRef<Ledger.Command> ledger, String entry) {
    TestProbe<Done> probe = testKit.createTestProbe();
    ledger.tell(new Ledger.Append(entry, probe.getRef()));
    probe.expectMessage(Duration.ofSeconds(10), Done.done());
  }

  private static List<String> read(ActorRef<Ledger.Command> ledger) {
    TestProbe<List<String>> probe = testKit.createTestProbe();
    ledger.tell(new Ledger.Read(probe.getRef()));
    return probe.receiveMessage(Duration.ofSeconds(10));
  }

  // ---------------------------------------------------------------- tests

  @Test
  void recoversItsEntriesAfterARestartAndTagsThemInOrder() {
    String id = "ledger-" + UUID.randomUUID();
    ActorRef<Ledger.Command> first = testKit.spawn(Ledger.create(id));
    append(first, "a");
    append(first, "b");
    append(first, "c");
    testKit.stop(first);

    ActorRef<Ledger.Command> restarted = testKit.spawn(Ledger.create(id));

    assertEquals(List.of("a", "b", "c"), read(restarted));
    assertEquals(List.of(id + ":1", id + ":2", id + ":3"), tagMembersOf(id));
  }

  @Test
  void aStaleIncarnationStopsInsteadOfForkingTheHistory() {
    String id = "ledger-" + UUID.randomUUID();
    ActorRef<Ledger.Command> stale = testKit.spawn(Ledger.create(id));
    append(stale, "stale-1");
    ActorRef<Ledger.Command> current = testKit.spawn(Ledger.create(id));
    assertEquals(List.of("stale-1"), read(current));
    append(current, "current-2");

    TestProbe<Done> staleReply = testKit.createTestProbe();
    stale.tell(new Ledger.Append("stale-2", staleReply.getRef()));

    staleReply.expectTerminated(stale, Duration.ofSeconds(10));
    staleReply.expectNoMessage(Duration.ofMillis(100));
    ActorRef<Ledger.Command> recovered = testKit.spawn(Ledger.create(id));
    assertEquals(List.of("stale-1", "current-2"), read(recovered));
  }

  /** The members of the test tag that belong to this id, in tag offset order. */
  private static List<String> tagMembersOf(String id) {
    RedisPersistence redis = RedisPersistence.get(testKit.system());
    String key = new String(redis.keys().tagEvents(TAG), StandardCharsets.UTF_8);
    RedisClient client = RedisClient.create(redis.settings().uri());
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      return connection.sync().zrange(key, 0, -1).stream()
          .filter(member -> member.startsWith(id + ":"))
          .toList();
    } finally {
      client.shutdown();
    }
  }
}
