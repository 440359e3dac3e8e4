package gambit.persistence.redis;

import static gambit.persistence.redis.JournalTestKit.atomic;
import static gambit.persistence.redis.JournalTestKit.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.ActorSystem;
import akka.actor.ExtendedActorSystem;
import akka.persistence.AtomicWrite;
import akka.testkit.javadsl.TestKit;
import gambit.testing.TestRedis;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The batch writer on its own, against a real Redis, where a test can decide in which order the
 * writes of a batch reach Redis (as happens when one of them falls back from EVALSHA to EVAL).
 */
class JournalWriterTest {

  private static ActorSystem system;
  private static JournalStore realStore;
  private static JournalSerialization serialization;

  private String id;
  private final String writerUuid = UUID.randomUUID().toString();

  @BeforeAll
  static void startSystem() {
    system = ActorSystem.create("JournalWriterTest",
        JournalTestKit.config(TestRedis.shared().uri(), ""));
    RedisPersistence redis = RedisPersistence.get(system);
    realStore = new JournalStore(redis.keys(), () -> redis.connector().commands());
    serialization = new JournalSerialization((ExtendedActorSystem) system);
  }

  @AfterAll
  static void stopSystem() {
    TestKit.shutdownActorSystem(system);
  }

  @BeforeEach
  void newId() {
    id = "writer-test-" + UUID.randomUUID();
  }

  private AtomicWrite write(long... sequenceNrs) {
    return atomic(java.util.Arrays.stream(sequenceNrs)
        .mapToObj(n -> event(id, n, "e-" + n, writerUuid))
        .toArray(akka.persistence.PersistentRepr[]::new));
  }

  /**
   * A store whose first append of {@code heldFirst} reaches Redis only after the first append of
   * {@code overtakerFirst} has been answered. Counts the appends it sends.
   */
  private static final class ReorderingStore extends JournalStore {
    private final long heldFirst;
    private final long overtakerFirst;
    private final CompletableFuture<Void> overtakerAnswered = new CompletableFuture<>();
    private final AtomicInteger appends = new AtomicInteger();
    private boolean held;

    ReorderingStore(long heldFirst, long overtakerFirst) {
      super(null, null);
      this.heldFirst = heldFirst;
      this.overtakerFirst = overtakerFirst;
    }

    @Override
    CompletionStage<WriteOutcome> append(String id, long first, long last, List<byte[]> records,
        boolean tagged) {
      if (first == heldFirst && !held) {
        held = true;
        return overtakerAnswered.thenCompose(ignored -> send(id, first, last, records, tagged));
      }
      CompletionStage<WriteOutcome> sent = send(id, first, last, records, tagged);
      if (first == overtakerFirst) {
        sent.whenComplete((outcome, error) -> overtakerAnswered.complete(null));
      }
      return sent;
    }

    private CompletionStage<WriteOutcome> send(String id, long first, long last,
        List<byte[]> records, boolean tagged) {
      appends.incrementAndGet();
      return realStore.append(id, first, last, records, tagged);
    }

    @Override
    CompletionStage<Long> skip(String id, long first, long last) {
      return realStore.skip(id, first, last);
    }

    @Override
    CompletionStage<Long> tag(String tag, List<byte[]> members) {
      return realStore.tag(tag, members);
    }

    @Override
    CompletionStage<Long> addPersistenceId(String id) {
      return realStore.addPersistenceId(id);
    }

    @Override
    CompletionStage<Long> tagsRecorded(String id, long first, long last) {
      return realStore.tagsRecorded(id, first, last);
    }
  }

  /** A store whose tag step never reaches Redis, as when the node dies between the steps. */
  private static final class TagsLostStore extends JournalStore {
    TagsLostStore() {
      super(null, null);
    }

    @Override
    CompletionStage<WriteOutcome> append(String id, long first, long last, List<byte[]> records,
        boolean tagged) {
      return realStore.append(id, first, last, records, tagged);
    }

    @Override
    CompletionStage<Long> tag(String tag, List<byte[]> members) {
      return CompletableFuture.failedFuture(new IllegalStateException("the node died here"));
    }

    @Override
    CompletionStage<Long> addPersistenceId(String id) {
      return realStore.addPersistenceId(id);
    }
  }

  private static List<String> tagMembers(String tag) throws Exception {
    return RedisPersistence.get(system).connector().commands()
        .zrange(RedisPersistence.get(system).keys().tagEvents(tag), 0, -1)
        .toCompletableFuture().get(10, TimeUnit.SECONDS).stream()
        .map(member -> new String(member, java.nio.charset.StandardCharsets.UTF_8)).toList();
  }

  private static List<Optional<Exception>> await(
      CompletionStage<Iterable<Optional<Exception>>> result) throws Exception {
    Iterable<Optional<Exception>> results =
        result.toCompletableFuture().get(10, TimeUnit.SECONDS);
    List<Optional<Exception>> list = new java.util.ArrayList<>();
    results.forEach(list::add);
    return list;
  }

  private static Throwable failureOf(CompletionStage<?> result) {
    try {
      result.toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      return RedisJournalException.unwrap(e.getCause());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("expected the batch to fail");
  }

  private long storedHighest() throws Exception {
    return realStore.highestSequenceNr(id).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void resendsWritesThatOvertookTheirPredecessorAndKeepsTheOrder() throws Exception {
    ReorderingStore store = new ReorderingStore(1, 2);
    JournalWriter writer = new JournalWriter(store, serialization, "test");

    List<Optional<Exception>> results = await(writer.write(List.of(write(1), write(2, 3),
        write(4))));

    assertEquals(List.of(Optional.empty(), Optional.empty(), Optional.empty()), results);
    // 1 held, 2 refused once and re-sent; 4 is refused and re-sent too when it reaches Redis
    // before the held 1 (on a loaded machine it may arrive after, and then goes through at once)
    int appends = store.appends.get();
    assertTrue(appends == 4 || appends == 5, "appends: " + appends);
    assertEquals(4, storedHighest());
    List<byte[]> stored = realStore.read(id, 1, 10, 10).toCompletableFuture().get();
    assertEquals(List.of(1L, 2L, 3L, 4L),
        stored.stream().map(r -> JournalRecord.decode(r).sequenceNr()).toList());
  }

  @Test
  void tagsLostBetweenTheEventsAndTheTagsAreRecordedByARepair() throws Exception {
    String tag = "tag-" + UUID.randomUUID();
    AtomicWrite tagged = atomic(
        event(id, 1, new akka.persistence.journal.Tagged("a", java.util.Set.of(tag)), writerUuid),
        event(id, 2, new akka.persistence.journal.Tagged("b", java.util.Set.of(tag)), writerUuid));
    failureOf(new JournalWriter(new TagsLostStore(), serialization, "test")
        .write(List.of(tagged)));
    assertEquals(2, storedHighest(), "the events are stored");
    assertEquals(List.of(), tagMembers(tag));
    List<long[]> marked = realStore.untaggedWrites(id).toCompletableFuture().get();
    assertEquals(List.of("1..2"), marked.stream().map(w -> w[0] + ".." + w[1]).toList());

    JournalWriter next = new JournalWriter(realStore, serialization, "test");
    next.repairTags(id).toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertEquals(List.of(id + ":1", id + ":2"), tagMembers(tag));
    assertEquals(0, realStore.untaggedWrites(id).toCompletableFuture().get().size());

    next.repairTags(id).toCompletableFuture().get(10, TimeUnit.SECONDS); // nothing left to do
    assertEquals(List.of(id + ":1", id + ":2"), tagMembers(tag));
  }

  @Test
  void doesNotResendWhenThePredecessorWasNotApplied() throws Exception {
    ReorderingStore store = new ReorderingStore(-1, -1);
    JournalWriter writer = new JournalWriter(store, serialization, "test");
    await(writer.write(List.of(write(1, 2, 3))));

    Throwable failure = failureOf(writer.write(List.of(write(5), write(6))));

    SequenceNumberConflictException conflict =
        assertInstanceOf(SequenceNumberConflictException.class, failure);
    assertEquals(4, conflict.expectedSequenceNr());
    assertEquals(3, store.appends.get(), "no re-send of 5 or 6");
    assertEquals(3, storedHighest());
  }

  @Test
  void failsAWriteWhoseSequenceNumbersAreNotConsecutive() {
    JournalWriter writer = new JournalWriter(realStore, serialization, "test");
    AtomicWrite broken = atomic(event(id, 1, "a", writerUuid), event(id, 3, "b", writerUuid));

    Throwable failure = failureOf(writer.write(List.of(broken)));

    assertInstanceOf(IllegalArgumentException.class, failure);
    assertTrue(failure.getMessage().contains("consecutive"), failure.getMessage());
  }

  @Test
  void failsSequenceNumbersThatRedisScoresCannotHoldExactly() {
    JournalWriter writer = new JournalWriter(realStore, serialization, "test");
    long tooLarge = JournalWriter.MAX_SEQUENCE_NR;

    Throwable failure = failureOf(writer.write(List.of(atomic(
        event(id, tooLarge, "a", writerUuid)))));

    assertTrue(failure.getMessage().contains("2^53"), failure.getMessage());
  }

  @Test
  void reportsRedisFailuresWithTheOperationTheIdAndWhere() {
    JournalStore unreachable = new JournalStore(RedisPersistence.get(system).keys(), () -> {
      throw new io.lettuce.core.RedisConnectionException("Unable to connect to 127.0.0.1:1");
    });
    JournalWriter writer = new JournalWriter(unreachable, serialization, "redis://127.0.0.1:1");

    Throwable failure = failureOf(writer.write(List.of(write(1))));

    RedisJournalException described = assertInstanceOf(RedisJournalException.class, failure);
    assertTrue(described.getMessage().startsWith("cannot write events 1..1 of persistence id '"
        + id + "' in Redis at redis://127.0.0.1:1: "), described.getMessage());
    assertInstanceOf(io.lettuce.core.RedisConnectionException.class, described.getCause());
  }
}
