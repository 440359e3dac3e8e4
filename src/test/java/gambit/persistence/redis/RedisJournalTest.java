package gambit.persistence.redis;

import static gambit.persistence.redis.JournalTestKit.atomic;
import static gambit.persistence.redis.JournalTestKit.event;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.ActorSystem;
import akka.persistence.AtomicWrite;
import akka.persistence.JournalProtocol;
import akka.persistence.PersistentRepr;
import akka.persistence.journal.Tagged;
import akka.testkit.javadsl.TestKit;
import gambit.persistence.redis.JournalTestKit.Replayed;
import gambit.persistence.redis.JournalTestKit.Written;
import gambit.persistence.redis.JournalTestPayloads.Bytes;
import gambit.persistence.redis.JournalTestPayloads.Move;
import gambit.persistence.redis.JournalTestPayloads.SlowToRead;
import gambit.persistence.redis.JournalTestPayloads.SlowToReadSerializer;
import gambit.persistence.redis.JournalTestPayloads.Unserializable;
import gambit.persistence.redis.TestSnapshotSerializer.ProbeRef;
import gambit.testing.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The journal's contract against a real Redis: every case of Akka's JournalSpec (the TCK),
 * rewritten for JUnit, plus the plugin's own guarantees (stale writers refused, chunked replay,
 * binary safety, tags, NOSCRIPT recovery). Each test starts like the TCK: events 1..5 of a fresh
 * persistence id, written as 1, 2, 3 and the atomic pair 4+5.
 */
class RedisJournalTest {

  private static final String TINY_CHUNKS = "tiny-chunk-journal";

  private static ActorSystem system;
  private static JournalTestKit journal;
  private static JournalTestKit tinyChunkJournal;
  private static RedisClient client;
  private static StatefulRedisConnection<String, String> connection;
  private static RedisCommands<String, String> redis;

  private String id;
  private String writerUuid;

  @BeforeAll
  static void startSystem() {
    String uri = TestRedis.shared().uri();
    system = ActorSystem.create("RedisJournalTest", JournalTestKit.config(uri,
        JournalTestPayloads.SERIALIZATION_CONFIG
            + TINY_CHUNKS + " { class = \"gambit.persistence.redis.RedisJournal\"\n"
            + "  replay-chunk-size = 3 }\n"));
    journal = new JournalTestKit(system, "akka-persistence-redis.journal");
    tinyChunkJournal = new JournalTestKit(system, TINY_CHUNKS);
    client = RedisClient.create(uri);
    connection = client.connect();
    redis = connection.sync();
  }

  @AfterAll
  static void stopSystem() {
    TestKit.shutdownActorSystem(system);
    connection.close();
    client.shutdown();
  }

  @BeforeEach
  void writeFirstFiveEvents() {
    id = "journal-test-" + UUID.randomUUID();
    writerUuid = UUID.randomUUID().toString();
    journal.write(atomic(a(1)), atomic(a(2)), atomic(a(3)), atomic(a(4), a(5)))
        .expectAllSucceeded();
  }

  /** Event {@code a-n} at sequence number n, as the TCK writes it. */
  private PersistentRepr a(long sequenceNr) {
    return event(id, sequenceNr, "a-" + sequenceNr, writerUuid);
  }

  private PersistentRepr b(long sequenceNr, Object payload) {
    return event(id, sequenceNr, payload, writerUuid);
  }

  private static List<Long> range(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().toList();
  }

  // ================================================================ replay bounds (TCK)

  @Test
  void replaysAllEventsWithTheirPayloadsAndWriter() {
    Replayed replayed = journal.replayAll(id);

    assertEquals(range(1, 5), replayed.sequenceNrs());
    assertEquals(List.of("a-1", "a-2", "a-3", "a-4", "a-5"), replayed.payloads());
    replayed.events().forEach(e -> {
      assertEquals(id, e.persistenceId());
      assertEquals(writerUuid, e.writerUuid());
      assertEquals("", e.manifest());
    });
    assertEquals(5, replayed.highestSequenceNr());
  }

  @Test
  void replaysFromALowerBound() {
    Replayed replayed = journal.replay(id, 3, Long.MAX_VALUE, Long.MAX_VALUE);

    assertEquals(range(3, 5), replayed.sequenceNrs());
    assertEquals(5, replayed.highestSequenceNr());
  }

  @Test
  void replaysUpToAnUpperBound() {
    Replayed replayed = journal.replay(id, 1, 3, Long.MAX_VALUE);

    assertEquals(range(1, 3), replayed.sequenceNrs());
    assertEquals(5, replayed.highestSequenceNr());
  }

  @Test
  void replaysAtMostMaxEvents() {
    Replayed replayed = journal.replay(id, 1, Long.MAX_VALUE, 3);

    assertEquals(range(1, 3), replayed.sequenceNrs());
    assertEquals(5, replayed.highestSequenceNr());
  }

  @Test
  void replaysBetweenALowerAndAnUpperBound() {
    assertEquals(range(2, 3), journal.replay(id, 2, 3, Long.MAX_VALUE).sequenceNrs());
  }

  @Test
  void replaysBetweenBoundsNoMoreThanMax() {
    Replayed replayed = journal.replay(id, 2, 5, 2);

    assertEquals(range(2, 3), replayed.sequenceNrs());
    assertEquals(5, replayed.highestSequenceNr());
  }

  @Test
  void replaysOneEventWhenTheBoundsAreEqual() {
    assertEquals(List.of(2L), journal.replay(id, 2, 2, Long.MAX_VALUE).sequenceNrs());
  }

  @Test
  void replaysOneEventWhenMaxIsOne() {
    assertEquals(List.of(2L), journal.replay(id, 2, 4, 1).sequenceNrs());
  }

  @Test
  void replaysNothingWhenMaxIsZero() {
    Replayed replayed = journal.replay(id, 2, 4, 0);

    assertEquals(List.of(), replayed.events());
    assertEquals(5, replayed.highestSequenceNr());
  }

  @Test
  void replaysNothingWhenTheLowerBoundExceedsTheUpperBound() {
    Replayed replayed = journal.replay(id, 3, 2, Long.MAX_VALUE);

    assertEquals(List.of(), replayed.events());
    assertEquals(5, replayed.highestSequenceNr());
  }

  @Test
  void replaysNothingAndReportsZeroForAnIdThatNeverWrote() {
    Replayed replayed = journal.replay("never-wrote-" + UUID.randomUUID(), 0, Long.MAX_VALUE,
        Long.MAX_VALUE);

    assertEquals(List.of(), replayed.events());
    assertEquals(0, replayed.highestSequenceNr());
  }

  @Test
  void reportsTheHighestSequenceNrWhateverTheLowerBound() {
    assertEquals(5, journal.replay(id, 3, Long.MAX_VALUE, Long.MAX_VALUE).highestSequenceNr());
    Replayed aboveAll = journal.replay(id, 9, Long.MAX_VALUE, Long.MAX_VALUE);

    assertEquals(List.of(), aboveAll.events());
    assertEquals(5, aboveAll.highestSequenceNr());
  }

  // ================================================================ deletion (TCK)

  @Test
  void doesNotReplayEventsDeletedByARangeDeletion() {
    journal.deleteTo(id, 3);

    assertEquals(range(4, 5), journal.replayAll(id).sequenceNrs());
  }

  @Test
  void keepsTheHighestSequenceNrAfterDeletingSomeEvents() {
    journal.deleteTo(id, 3);

    Replayed replayed = journal.replay(id, 0, Long.MAX_VALUE, Long.MAX_VALUE);
    assertEquals(range(4, 5), replayed.sequenceNrs());
    assertEquals(5, replayed.highestSequenceNr());
  }

  @Test
  void keepsTheHighestSequenceNrAfterDeletingEveryEvent() {
    journal.deleteTo(id, Long.MAX_VALUE);

    Replayed replayed = journal.replay(id, 0, Long.MAX_VALUE, Long.MAX_VALUE);
    assertEquals(List.of(), replayed.events());
    assertEquals(5, replayed.highestSequenceNr());
  }

  @Test
  void acceptsTheNextSequenceNrAfterEveryEventWasDeleted() {
    journal.deleteTo(id, Long.MAX_VALUE);

    journal.write(atomic(a(6))).expectAllSucceeded();
    assertEquals(List.of(6L), journal.replayAll(id).sequenceNrs());
  }

  // ================================================================ atomic writes (TCK+)

  @Test
  void writesAnAtomicWriteOfSeveralEventsTogether() {
    journal.write(atomic(a(6), a(7), a(8))).expectAllSucceeded();

    assertEquals(range(1, 8), journal.replayAll(id).sequenceNrs());
  }

  @Test
  void rejectsOnlyTheWriteWithTheUnserializableEvent() {
    Unserializable bad = new Unserializable();

    Written written = journal.write(atomic(b(6, "b-6")), atomic(b(7, bad)), atomic(b(8, "b-8")));

    assertEquals(JournalProtocol.WriteMessagesSuccessful$.MODULE$, written.batchReply());
    assertEquals("b-6", written.reply(0, JournalProtocol.WriteMessageSuccess.class)
        .persistent().payload());
    JournalProtocol.WriteMessageRejected rejected =
        written.reply(1, JournalProtocol.WriteMessageRejected.class);
    assertSame(bad, rejected.message().payload());
    assertInstanceOf(java.io.NotSerializableException.class, rejected.cause());
    assertEquals("b-8", written.reply(2, JournalProtocol.WriteMessageSuccess.class)
        .persistent().payload());

    Replayed replayed = journal.replayAll(id);
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 8L), replayed.sequenceNrs());
    assertEquals(8, replayed.highestSequenceNr());
  }

  @Test
  void rejectsAWholeAtomicWriteWhenOneOfItsEventsIsUnserializable() {
    Written written = journal.write(atomic(b(6, "b-6"), b(7, new Unserializable()), b(8, "b-8")));

    assertEquals(JournalProtocol.WriteMessagesSuccessful$.MODULE$, written.batchReply());
    for (int i = 0; i < 3; i++) {
      written.reply(i, JournalProtocol.WriteMessageRejected.class);
    }
    assertEquals(range(1, 5), journal.replayAll(id).sequenceNrs());

    journal.write(atomic(b(9, "b-9"))).expectAllSucceeded();
    Replayed replayed = journal.replayAll(id);
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 9L), replayed.sequenceNrs());
    assertEquals(9, replayed.highestSequenceNr());
  }

  // ================================================================ serialization (TCK+)

  @Test
  void roundTripsEventsThroughACustomSerializerAndItsManifest() {
    Move move = new Move("Nf3", 1);

    journal.write(atomic(b(6, move))).expectAllSucceeded();

    Replayed replayed = journal.replay(id, 6, Long.MAX_VALUE, Long.MAX_VALUE);
    assertEquals(List.of(move), replayed.payloads());
    assertEquals(6, replayed.highestSequenceNr());
  }

  @Test
  void roundTripsAnEventWhoseSerializerNeedsTransportInformation() {
    ProbeRef probe = new ProbeRef(new TestKit(system).getRef());

    journal.write(atomic(b(6, probe))).expectAllSucceeded();

    assertEquals(probe, journal.replay(id, 6, 6, 1).events().get(0).payload());
  }

  @Test
  void roundTripsMetadata() {
    PersistentRepr withStringMeta = b(6, new Move("e4", 1)).withMetadata("meta-data");
    PersistentRepr withCustomMeta = b(7, "b-7").withMetadata(new Move("meta", 7));

    Written written = journal.write(atomic(withStringMeta), atomic(withCustomMeta));

    written.expectAllSucceeded();
    assertEquals(scala.Option.apply("meta-data"),
        written.reply(0, JournalProtocol.WriteMessageSuccess.class).persistent().metadata());
    Replayed replayed = journal.replay(id, 6, 7, 2);
    assertEquals(scala.Option.apply("meta-data"), replayed.events().get(0).metadata());
    assertEquals(scala.Option.apply(new Move("meta", 7)), replayed.events().get(1).metadata());
    assertTrue(journal.replay(id, 1, 1, 1).events().get(0).metadata().isEmpty());
  }

  @Test
  void roundTripsTheEventAdapterManifestAndTheTimestamp() {
    PersistentRepr adapted = b(6, "b-6").withManifest("event-v3").withTimestamp(1_700_000_000_123L);
    long before = System.currentTimeMillis();

    journal.write(atomic(adapted), atomic(b(7, "b-7"))).expectAllSucceeded();

    List<PersistentRepr> events = journal.replay(id, 6, 7, 2).events();
    assertEquals("event-v3", events.get(0).manifest());
    assertEquals(1_700_000_000_123L, events.get(0).timestamp());
    assertTrue(events.get(1).timestamp() >= before, "journal stamps events that carry none");
  }

  @Test
  void roundTripsBinaryPayloadsByteForByte() {
    byte[] nasty = {0, '\r', '\n', (byte) 0xFF, (byte) 0xC3, 0x28, 0, '*', '3', '\r', '\n', '$'};
    byte[] everyByte = new byte[256];
    for (int i = 0; i < 256; i++) {
      everyByte[i] = (byte) i;
    }

    journal.write(atomic(b(6, new Bytes(nasty))), atomic(b(7, new Bytes(everyByte))),
        atomic(b(8, new Bytes(new byte[0])))).expectAllSucceeded();

    List<Object> payloads = journal.replay(id, 6, 8, 3).payloads();
    assertArrayEquals(nasty, ((Bytes) payloads.get(0)).value());
    assertArrayEquals(everyByte, ((Bytes) payloads.get(1)).value());
    assertArrayEquals(new byte[0], ((Bytes) payloads.get(2)).value());
  }

  // ================================================================ refusals

  @Test
  void refusesAStaleWriterSoTheHistoryDoesNotFork() {
    String newerWriter = UUID.randomUUID().toString();
    journal.write(atomic(event(id, 6, "newer-6", newerWriter))).expectAllSucceeded();

    Written stale = journal.write(atomic(b(6, "stale-6"), b(7, "stale-7")));

    SequenceNumberConflictException conflict =
        assertInstanceOf(SequenceNumberConflictException.class, stale.failure());
    assertEquals(7, conflict.expectedSequenceNr());
    assertEquals(6, conflict.firstSequenceNr());
    assertTrue(conflict.getMessage().contains("'" + id + "'"), conflict.getMessage());
    assertTrue(conflict.getMessage().contains("expected sequence number 7"));
    assertTrue(conflict.getMessage().contains("got 6"));
    stale.reply(0, JournalProtocol.WriteMessageFailure.class);
    stale.reply(1, JournalProtocol.WriteMessageFailure.class);

    Replayed replayed = journal.replayAll(id);
    assertEquals(range(1, 6), replayed.sequenceNrs());
    assertEquals("newer-6", replayed.events().get(5).payload());
    assertEquals(newerWriter, replayed.events().get(5).writerUuid());
    assertEquals(6, replayed.highestSequenceNr());
  }

  @Test
  void refusesAWriteThatWouldLeaveAGap() {
    Written written = journal.write(atomic(b(7, "b-7")));

    SequenceNumberConflictException conflict =
        assertInstanceOf(SequenceNumberConflictException.class, written.failure());
    assertEquals(6, conflict.expectedSequenceNr());
    assertEquals(5, journal.replayAll(id).highestSequenceNr());
  }

  @Test
  void failsTheWholeBatchWhenOneOfItsWritesIsRefused() {
    journal.write(atomic(event(id, 6, "newer-6", "other-writer"))).expectAllSucceeded();

    Written written = journal.write(atomic(b(6, "b-6")), atomic(b(7, "b-7")));

    assertInstanceOf(SequenceNumberConflictException.class, written.failure());
    assertEquals(2, written.eventReplies().size());
    written.eventReplies().forEach(reply ->
        assertInstanceOf(JournalProtocol.WriteMessageFailure.class, reply));
  }

  @Test
  void acceptsAnExactRepeatOfAnAppliedWriteWithoutStoringItTwice() {
    AtomicWrite write = atomic(b(6, "b-6").withTimestamp(42), b(7, "b-7").withTimestamp(42));
    journal.write(write).expectAllSucceeded();

    journal.write(write).expectAllSucceeded();

    assertEquals(range(1, 7), journal.replayAll(id).sequenceNrs());
    Written different = journal.write(atomic(b(6, "b-6").withTimestamp(43),
        b(7, "b-7").withTimestamp(43)));
    assertInstanceOf(SequenceNumberConflictException.class, different.failure());
  }

  // ================================================================ chunked replay

  @Test
  void replaysEventsAcrossManyChunksInOrderAndHonoursMax() {
    List<AtomicWrite> writes = new ArrayList<>();
    for (long n = 6; n <= 25; n++) {
      writes.add(atomic(a(n)));
    }
    journal.write(writes.toArray(AtomicWrite[]::new)).expectAllSucceeded();

    Replayed all = tinyChunkJournal.replayAll(id);
    assertEquals(range(1, 25), all.sequenceNrs());
    assertEquals("a-25", all.events().get(24).payload());
    assertEquals(range(4, 10), tinyChunkJournal.replay(id, 4, 20, 7).sequenceNrs());
    assertEquals(range(4, 6), tinyChunkJournal.replay(id, 4, 20, 3).sequenceNrs());
    assertEquals(range(23, 25), tinyChunkJournal.replay(id, 23, 30, 100).sequenceNrs());
  }

  @Test
  void deliversChunksOneAfterAnotherWhileTheNextIsReadAhead() {
    List<AtomicWrite> writes = new ArrayList<>();
    for (long n = 6; n <= 40; n++) {
      writes.add(atomic(b(n, new SlowToRead((int) n))));
    }
    journal.write(writes.toArray(AtomicWrite[]::new)).expectAllSucceeded();
    SlowToReadSerializer.MOST_AT_ONCE.set(0);

    Replayed replayed = tinyChunkJournal.replay(id, 6, Long.MAX_VALUE, Long.MAX_VALUE);

    assertEquals(range(6, 40), replayed.sequenceNrs());
    assertEquals(new SlowToRead(40), replayed.events().get(34).payload());
    assertEquals(1, SlowToReadSerializer.MOST_AT_ONCE.get(),
        "the replay callback ran for two chunks at the same time");
  }

  @Test
  void replaysAcrossAHugeDeletedRangeWithoutScanningIt() {
    for (int block = 0; block < 10; block++) {
      long first = 6 + block * 2000L;
      PersistentRepr[] events = LongStream.range(first, first + 2000)
          .mapToObj(n -> b(n, "e")).toArray(PersistentRepr[]::new);
      journal.write(atomic(events)).expectAllSucceeded();
    }
    journal.deleteTo(id, 19_995);
    redis.configResetstat();

    Replayed replayed = tinyChunkJournal.replay(id, 1, Long.MAX_VALUE, Long.MAX_VALUE);

    assertEquals(range(19_996, 20_005), replayed.sequenceNrs());
    assertEquals(20_005, replayed.highestSequenceNr());
    long reads = commandCalls("zrangebyscore");
    assertTrue(reads >= 4 && reads <= 5, "10 events in chunks of 3 take 4-5 reads, not " + reads);
  }

  private static long commandCalls(String command) {
    for (String line : redis.info("commandstats").split("\r?\n")) {
      if (line.startsWith("cmdstat_" + command + ":")) {
        String calls = line.substring(line.indexOf("calls=") + 6);
        return Long.parseLong(calls.substring(0, calls.indexOf(',')));
      }
    }
    return 0;
  }

  // ================================================================ pipelining and scripts

  @Test
  void appliesManyWritesOfOneBatchInOrder() {
    List<AtomicWrite> writes = new ArrayList<>();
    for (long n = 6; n <= 505; n++) {
      writes.add(atomic(b(n, "b-" + n)));
    }

    journal.write(writes.toArray(AtomicWrite[]::new)).expectAllSucceeded();

    Replayed replayed = journal.replayAll(id);
    assertEquals(range(1, 505), replayed.sequenceNrs());
    assertEquals("b-505", replayed.events().get(504).payload());
  }

  @Test
  void keepsWritingAfterRedisForgetsTheScripts() {
    redis.scriptFlush();

    journal.write(atomic(a(6)), atomic(a(7), a(8)), atomic(a(9))).expectAllSucceeded();
    redis.scriptFlush();
    journal.write(atomic(a(10))).expectAllSucceeded();

    assertEquals(range(1, 10), journal.replayAll(id).sequenceNrs());
  }

  // ================================================================ tags and ids

  @Test
  void recordsTagsWithIncreasingOffsetsOncePerEvent() {
    String tag = "tag-" + UUID.randomUUID();
    String other = "other-" + UUID.randomUUID();
    AtomicWrite tagged = atomic(
        b(6, new Tagged("b-6", Set.of(tag))).withTimestamp(6),
        b(7, new Tagged("b-7", Set.of(tag, other))).withTimestamp(7));
    AtomicWrite next = atomic(b(8, new Tagged("b-8", Set.of(tag))).withTimestamp(8));

    journal.write(tagged).expectAllSucceeded();
    journal.write(next).expectAllSucceeded();
    journal.write(tagged).expectAllSucceeded();

    List<ScoredValue<String>> entries = redis.zrangeWithScores(key(keys().tagEvents(tag)), 0, -1);
    assertEquals(List.of(id + ":6", id + ":7", id + ":8"),
        entries.stream().map(ScoredValue::getValue).toList());
    assertTrue(entries.get(0).getScore() < entries.get(1).getScore());
    assertTrue(entries.get(1).getScore() < entries.get(2).getScore());
    assertEquals(String.valueOf((long) entries.get(2).getScore()),
        redis.get(key(keys().tagOffset(tag))));
    assertEquals(List.of(id + ":7"), redis.zrange(key(keys().tagEvents(other)), 0, -1));
    assertEquals(List.of("b-6", "b-7", "b-8"), journal.replay(id, 6, 8, 3).payloads());
  }

  @Test
  void aTaggedWriteKeepsNoUntaggedMarkOnceItsTagsAreRecorded() {
    String tag = "tag-" + UUID.randomUUID();
    journal.write(atomic(b(6, new Tagged("b-6", Set.of(tag))))).expectAllSucceeded();

    new akka.testkit.javadsl.TestKit(system).awaitCond(java.time.Duration.ofSeconds(5),
        () -> redis.zcard(key(keys().untagged(id))) == 0);
    assertEquals(List.of(id + ":6"), redis.zrange(key(keys().tagEvents(tag)), 0, -1));
  }

  @Test
  void aRecoveryRecordsTheTagsOfAWriteStoredWithoutThem() {
    String tag = "tag-" + UUID.randomUUID();
    journal.write(atomic(b(6, new Tagged("b-6", Set.of(tag))),
        b(7, new Tagged("b-7", Set.of(tag))))).expectAllSucceeded();
    // as the store looks when the writer died between its events and its tags
    redis.del(key(keys().tagEvents(tag)));
    redis.zadd(key(keys().untagged(id)), 6, "6:7");

    assertEquals(7, journal.replay(id, 1, Long.MAX_VALUE, Long.MAX_VALUE).highestSequenceNr());

    assertEquals(List.of(id + ":6", id + ":7"), redis.zrange(key(keys().tagEvents(tag)), 0, -1));
    assertEquals(0, redis.zcard(key(keys().untagged(id))));
  }

  @Test
  void recordsEveryWritingPersistenceId() {
    assertTrue(redis.sismember(key(keys().persistenceIds()), id));
    assertFalse(redis.sismember(key(keys().persistenceIds()), id + "-none"));
  }

  private static KeySpace keys() {
    return RedisPersistence.get(system).keys();
  }

  private static String key(byte[] key) {
    return new String(key, StandardCharsets.UTF_8);
  }
}
