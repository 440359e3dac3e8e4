package gambit.persistence.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.ActorRef;
import akka.actor.ActorSystem;
import akka.persistence.DeleteSnapshotSuccess;
import akka.persistence.DeleteSnapshotsSuccess;
import akka.persistence.Persistence;
import akka.persistence.SaveSnapshotFailure;
import akka.persistence.SaveSnapshotSuccess;
import akka.persistence.SelectedSnapshot;
import akka.persistence.SnapshotMetadata;
import akka.persistence.SnapshotProtocol.DeleteSnapshot;
import akka.persistence.SnapshotProtocol.DeleteSnapshots;
import akka.persistence.SnapshotProtocol.LoadSnapshot;
import akka.persistence.SnapshotProtocol.LoadSnapshotFailed;
import akka.persistence.SnapshotProtocol.LoadSnapshotResult;
import akka.persistence.SnapshotProtocol.SaveSnapshot;
import akka.persistence.SnapshotSelectionCriteria;
import akka.testkit.javadsl.TestKit;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import gambit.persistence.redis.TestSnapshotSerializer.ProbeRef;
import gambit.persistence.redis.TestSnapshotSerializer.Unreadable;
import gambit.testing.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import scala.Option;

/**
 * The snapshot store against a real Redis, driven with Akka's classic snapshot protocol the way
 * a persistent actor drives it. The first group mirrors every case of Akka's TCK
 * ({@code akka.persistence.snapshot.SnapshotStoreSpec}, 2.6.21); the rest covers what this store
 * adds: pruning, falling back past unreadable snapshots, binary safety, the key layout.
 *
 * <p>Each test uses its own persistence id on the JVM-wide test Redis. As in the TCK, most tests
 * start from five snapshots at sequence numbers 11..15 holding "s-1".."s-5"; here their
 * timestamps are also strictly increasing, so timestamp bounds can tell them apart.
 */
class RedisSnapshotStoreTest {

  private static final String PLUGIN = "akka-persistence-redis.snapshot";
  private static final String PRUNED_PLUGIN = "pruned-snapshots";

  private static ActorSystem system;
  private static RedisClient client;
  private static StatefulRedisConnection<byte[], byte[]> connection;
  private static RedisCommands<byte[], byte[]> redis;
  private static KeySpace keys;

  private TestKit probe;
  private String pid;

  @BeforeAll
  static void startSystem() {
    String uri = TestRedis.shared().uri();
    system = ActorSystem.create("RedisSnapshotStoreTest", config(uri));
    keys = RedisPersistence.get(system).keys();
    client = RedisClient.create(uri);
    connection = client.connect(ByteArrayCodec.INSTANCE);
    redis = connection.sync();
  }

  /** Only the URI of the plugin is set; a second store with keep = 2 for the pruning tests. */
  static Config config(String uri) {
    return ConfigFactory.load(ConfigFactory.parseString("""
        akka-persistence-redis.uri = "%s"
        akka.loggers = ["akka.event.slf4j.Slf4jLogger"]
        akka.logging-filter = "akka.event.slf4j.Slf4jLoggingFilter"
        akka.loglevel = WARNING
        akka.actor.serializers.gambit-test = "gambit.persistence.redis.TestSnapshotSerializer"
        akka.actor.serialization-bindings {
          "gambit.persistence.redis.TestSnapshotSerializer$ProbeRef" = gambit-test
          "gambit.persistence.redis.TestSnapshotSerializer$Unreadable" = gambit-test
        }
        pruned-snapshots = ${akka-persistence-redis.snapshot}
        pruned-snapshots.keep = 2
        """.formatted(uri)));
  }

  @AfterAll
  static void stopSystem() {
    TestKit.shutdownActorSystem(system);
    connection.close();
    client.shutdown();
  }

  @BeforeEach
  void newProbeAndPersistenceId() {
    probe = new TestKit(system);
    pid = "snapshot-test-" + UUID.randomUUID();
  }

  // ================================================================ the TCK's cases

  @Test
  void loadsNothingForAPersistenceIdWithoutSnapshots() {
    saveFive();
    pid = "never-saved-" + UUID.randomUUID();

    expectNothing(SnapshotSelectionCriteria.latest(), Long.MAX_VALUE);
  }

  @Test
  void loadsNothingWhenEverySnapshotIsNewerThanMaxTimestamp() {
    saveFive();

    expectNothing(criteria(Long.MAX_VALUE, 100), Long.MAX_VALUE);
  }

  @Test
  void loadsNothingWhenEverySnapshotIsAboveMaxSequenceNrOrToSequenceNr() {
    saveFive();

    expectNothing(criteria(7, Long.MAX_VALUE), Long.MAX_VALUE);
    expectNothing(SnapshotSelectionCriteria.latest(), 7);
  }

  @Test
  void loadsTheSnapshotWithTheHighestSequenceNr() {
    List<SnapshotMetadata> saved = saveFive();

    expectLoaded(SnapshotSelectionCriteria.latest(), Long.MAX_VALUE, saved.get(4), "s-5");
  }

  @Test
  void loadsTheNewestSnapshotAtOrBelowMaxSequenceNrOrToSequenceNr() {
    List<SnapshotMetadata> saved = saveFive();

    expectLoaded(criteria(13, Long.MAX_VALUE), Long.MAX_VALUE, saved.get(2), "s-3");
    expectLoaded(SnapshotSelectionCriteria.latest(), 13, saved.get(2), "s-3");
  }

  @Test
  void loadsTheNewestSnapshotWithinUpperSequenceNrAndTimestampBounds() {
    List<SnapshotMetadata> saved = saveFive();
    long thirdSaved = saved.get(2).timestamp();

    expectLoaded(criteria(13, thirdSaved), Long.MAX_VALUE, saved.get(2), "s-3");
    expectLoaded(criteria(Long.MAX_VALUE, thirdSaved), 13, saved.get(2), "s-3");
    expectLoaded(criteria(Long.MAX_VALUE, saved.get(1).timestamp()), Long.MAX_VALUE,
        saved.get(1), "s-2");
  }

  @Test
  void loadsOnlySnapshotsAtOrAboveMinSequenceNrAndMinTimestamp() {
    List<SnapshotMetadata> saved = saveFive();

    expectLoaded(criteria(13, Long.MAX_VALUE, 12, 0), Long.MAX_VALUE, saved.get(2), "s-3");
    expectNothing(criteria(Long.MAX_VALUE, Long.MAX_VALUE, 16, 0), Long.MAX_VALUE);
    expectLoaded(criteria(Long.MAX_VALUE, Long.MAX_VALUE, 0, saved.get(3).timestamp()),
        Long.MAX_VALUE, saved.get(4), "s-5");
    expectNothing(criteria(Long.MAX_VALUE, Long.MAX_VALUE, 0, saved.get(4).timestamp() + 1),
        Long.MAX_VALUE);
    expectNothing(criteria(12, Long.MAX_VALUE, 0, saved.get(2).timestamp()), Long.MAX_VALUE);
  }

  @Test
  void deletesOneSnapshotBySequenceNrWhenTheTimestampIsZero() {
    List<SnapshotMetadata> saved = saveFive();
    SnapshotMetadata anyTime = new SnapshotMetadata(pid, 13, 0L);

    store().tell(new DeleteSnapshot(anyTime), probe.getRef());
    probe.expectMsgEquals(new DeleteSnapshotSuccess(anyTime));

    expectLoaded(criteria(13, Long.MAX_VALUE), Long.MAX_VALUE, saved.get(1), "s-2");
    expectLoaded(criteria(14, Long.MAX_VALUE), Long.MAX_VALUE, saved.get(3), "s-4");
  }

  @Test
  void deleteByMetadataSparesASnapshotWhoseTimestampDiffers() {
    List<SnapshotMetadata> saved = saveFive();
    SnapshotMetadata otherTime = new SnapshotMetadata(pid, 13, saved.get(2).timestamp() + 1);

    store().tell(new DeleteSnapshot(otherTime), probe.getRef());
    probe.expectMsgEquals(new DeleteSnapshotSuccess(otherTime));

    expectLoaded(criteria(13, Long.MAX_VALUE), Long.MAX_VALUE, saved.get(2), "s-3");
    store().tell(new DeleteSnapshot(saved.get(2)), probe.getRef());
    probe.expectMsgEquals(new DeleteSnapshotSuccess(saved.get(2)));
    expectLoaded(criteria(13, Long.MAX_VALUE), Long.MAX_VALUE, saved.get(1), "s-2");
  }

  @Test
  void deletesEverySnapshotWithinUpperSequenceNrAndTimestampBounds() {
    List<SnapshotMetadata> saved = saveFive();
    SnapshotSelectionCriteria upToThird = criteria(13, saved.get(2).timestamp());

    store().tell(new DeleteSnapshots(pid, upToThird), probe.getRef());
    probe.expectMsgEquals(new DeleteSnapshotsSuccess(upToThird));

    expectNothing(upToThird, Long.MAX_VALUE);
    expectLoaded(criteria(14, saved.get(3).timestamp()), Long.MAX_VALUE, saved.get(3), "s-4");
  }

  @Test
  void deleteByCriteriaSparesSnapshotsNewerThanMaxTimestamp() {
    List<SnapshotMetadata> saved = saveFive();
    SnapshotSelectionCriteria beforeFourth = criteria(14, saved.get(3).timestamp() - 1);

    store().tell(new DeleteSnapshots(pid, beforeFourth), probe.getRef());
    probe.expectMsgEquals(new DeleteSnapshotsSuccess(beforeFourth));

    expectLoaded(criteria(14, saved.get(3).timestamp()), Long.MAX_VALUE, saved.get(3), "s-4");
    expectNothing(criteria(13, Long.MAX_VALUE), Long.MAX_VALUE);
  }

  @Test
  void deleteByCriteriaSparesSnapshotsBelowTheLowerBounds() {
    List<SnapshotMetadata> saved = saveFive();
    SnapshotSelectionCriteria middle = criteria(14, Long.MAX_VALUE, 12, 0);

    store().tell(new DeleteSnapshots(pid, middle), probe.getRef());
    probe.expectMsgEquals(new DeleteSnapshotsSuccess(middle));

    expectLoaded(criteria(14, Long.MAX_VALUE), Long.MAX_VALUE, saved.get(0), "s-1");
    expectLoaded(SnapshotSelectionCriteria.latest(), Long.MAX_VALUE, saved.get(4), "s-5");
  }

  @Test
  void savingTheSameSequenceNrAgainReplacesTheSnapshot() {
    List<SnapshotMetadata> saved = saveFive();
    awaitClockAfter(saved.get(4).timestamp());

    SnapshotMetadata again = save(store(), saved.get(4), "s-5-modified");

    assertEquals(15, again.sequenceNr());
    assertTrue(again.timestamp() > saved.get(4).timestamp(), "a new timestamp");
    expectLoaded(criteria(15, Long.MAX_VALUE), Long.MAX_VALUE, again, "s-5-modified");
    assertEquals(1, redis.zcount(keys.snapshotIndex(pid), 15, 15), "index entries for 15");
    assertEquals(5, redis.hlen(keys.snapshotData(pid)), "stored records");
  }

  @Test
  void savesAndLoadsA10000ByteSnapshot() {
    String big = "0".repeat(10_000);

    SnapshotMetadata saved = save(store(), new SnapshotMetadata(pid, 100, 0L), big);

    expectLoaded(SnapshotSelectionCriteria.latest(), Long.MAX_VALUE, saved, big);
  }

  @Test
  void roundTripsASnapshotWhoseSerializerNeedsTransportInformation() {
    ProbeRef snapshot = new ProbeRef(new TestKit(system).getRef());

    SnapshotMetadata saved = save(store(), new SnapshotMetadata(pid, 100, 0L), snapshot);

    expectLoaded(SnapshotSelectionCriteria.latest(), Long.MAX_VALUE, saved, snapshot);
  }

  @Test
  void roundTripsSnapshotMetadata() {
    SnapshotMetadata withMeta =
        new SnapshotMetadata(pid, 100, 0L).withMetadata("fictional metadata");
    save(store(), new SnapshotMetadata(pid, 90, 0L), "plain");
    save(store(), withMeta, "snap");

    SelectedSnapshot newest = loadSelected(SnapshotSelectionCriteria.latest());
    SelectedSnapshot older = loadSelected(criteria(99, Long.MAX_VALUE));

    assertEquals("snap", newest.snapshot());
    assertEquals(Option.apply("fictional metadata"), newest.metadata().metadata());
    assertEquals(Option.empty(), older.metadata().metadata());
  }

  // ================================================================ what this store adds

  @Test
  void keepsEverySnapshotByDefault() {
    saveFive();

    assertEquals(5, redis.zcard(keys.snapshotIndex(pid)));
    assertEquals(5, redis.hlen(keys.snapshotData(pid)));
  }

  @Test
  void keepsOnlyTheNewestSnapshotsWhenKeepIsSet() {
    ActorRef pruned =
        Persistence.get(system).snapshotStoreFor(PRUNED_PLUGIN, ConfigFactory.empty());
    List<SnapshotMetadata> saved = new ArrayList<>();
    for (int seq = 11; seq <= 15; seq++) {
      saved.add(save(pruned, new SnapshotMetadata(pid, seq, 0L), "s-" + (seq - 10)));
    }

    assertEquals(List.of("14", "15"), storedSequenceNrs());
    pruned.tell(new LoadSnapshot(pid, SnapshotSelectionCriteria.latest(), Long.MAX_VALUE),
        probe.getRef());
    probe.expectMsgEquals(result(saved.get(4), "s-5", Long.MAX_VALUE));

    save(pruned, new SnapshotMetadata(pid, 12, 0L), "late");
    assertEquals(List.of("14", "15"), storedSequenceNrs(), "an older save is pruned at once");
  }

  @Test
  void fallsBackToTheNextOlderSnapshotWhenTheNewestRecordIsDamaged() {
    List<SnapshotMetadata> saved = saveFive();
    damage(15);

    try (LogCapture log = LogCapture.of(RedisSnapshotStore.class)) {
      expectLoaded(SnapshotSelectionCriteria.latest(), Long.MAX_VALUE, saved.get(3), "s-4");

      assertEquals(1, log.warnings().size(), log.warnings().toString());
      assertTrue(log.warnings().get(0).startsWith(
          "Cannot read snapshot 15 of persistence id " + pid + " (snapshot record checksum"),
          log.warnings().get(0));
      assertTrue(log.warnings().get(0).endsWith("trying an older one, if any"));
    }
  }

  @Test
  void fallsBackToTheNextOlderSnapshotWhenTheNewestCannotBeDeserialized() {
    List<SnapshotMetadata> saved = saveFive();
    save(store(), new SnapshotMetadata(pid, 16, 0L), new Unreadable("changed class"));

    try (LogCapture log = LogCapture.of(RedisSnapshotStore.class)) {
      expectLoaded(SnapshotSelectionCriteria.latest(), Long.MAX_VALUE, saved.get(4), "s-5");

      assertEquals(1, log.warnings().size(), log.warnings().toString());
      assertTrue(log.warnings().get(0).contains("cannot deserialize snapshot 16 of " + pid),
          log.warnings().get(0));
    }
  }

  @Test
  void failsTheLoadWhenADamagedSnapshotHasNoOlderOneBehindIt() {
    saveFive();
    damage(11);

    store().tell(new LoadSnapshot(pid, criteria(11, Long.MAX_VALUE), Long.MAX_VALUE),
        probe.getRef());

    LoadSnapshotFailed failed = probe.expectMsgClass(LoadSnapshotFailed.class);
    assertInstanceOf(SnapshotRecord.CorruptSnapshotException.class, failed.cause());
  }

  @Test
  void failsTheLoadWhenMaxLoadAttemptsSnapshotsInARowAreUnreadable() {
    List<SnapshotMetadata> saved = saveFive();
    damage(13);
    damage(14);
    damage(15);

    try (LogCapture log = LogCapture.of(RedisSnapshotStore.class)) {
      store().tell(new LoadSnapshot(pid, SnapshotSelectionCriteria.latest(), Long.MAX_VALUE),
          probe.getRef());
      probe.expectMsgClass(LoadSnapshotFailed.class);

      assertEquals(3, log.warnings().size(), log.warnings().toString());
      assertTrue(log.warnings().get(2).endsWith("no load attempts left, the load fails"));
    }
    expectLoaded(criteria(12, Long.MAX_VALUE), Long.MAX_VALUE, saved.get(1), "s-2");
  }

  @Test
  void storesSnapshotAndMetadataBytesExactly() {
    byte[] everyByte = new byte[256 * 40];
    for (int i = 0; i < everyByte.length; i++) {
      everyByte[i] = (byte) i;
    }
    pid = "bin{ä}\r\n%7B\u0000-" + UUID.randomUUID();

    save(store(), new SnapshotMetadata(pid, 1, 0L).withMetadata(new byte[] {0, '\r', '\n', -1}),
        everyByte);
    SelectedSnapshot loaded = loadSelected(SnapshotSelectionCriteria.latest());

    assertArrayEquals(everyByte, (byte[]) loaded.snapshot());
    assertArrayEquals(new byte[] {0, '\r', '\n', -1}, (byte[]) loaded.metadata().metadata().get());
    assertEquals(pid, loaded.metadata().persistenceId());
  }

  @Test
  void keepsPersistenceIdsApartWhoseKeysWouldCollideWithoutEscaping() {
    String base = "escape-" + UUID.randomUUID();
    pid = base + "{x}";
    save(store(), new SnapshotMetadata(pid, 1, 0L), "braces");
    pid = base + "%7Bx%7D";
    save(store(), new SnapshotMetadata(pid, 1, 0L), "percent");

    assertEquals("percent", loadSelected(SnapshotSelectionCriteria.latest()).snapshot());
    pid = base + "{x}";
    assertEquals("braces", loadSelected(SnapshotSelectionCriteria.latest()).snapshot());
  }

  @Test
  void deletingTheLastSnapshotLeavesNoKeysBehind() {
    saveFive();

    store().tell(new DeleteSnapshots(pid, SnapshotSelectionCriteria.latest()), probe.getRef());
    probe.expectMsgClass(DeleteSnapshotsSuccess.class);

    assertEquals(0, redis.exists(keys.snapshotIndex(pid), keys.snapshotData(pid)));
  }

  @Test
  void refusesASequenceNrThatARedisScoreCannotHoldExactly() {
    SnapshotMetadata tooHigh = new SnapshotMetadata(pid, RedisSnapshotStorage.MAX_SEQUENCE_NR + 1,
        0L);

    store().tell(new SaveSnapshot(tooHigh, "s"), probe.getRef());

    SaveSnapshotFailure failure = probe.expectMsgClass(SaveSnapshotFailure.class);
    assertInstanceOf(IllegalArgumentException.class, failure.cause());
    expectNothing(SnapshotSelectionCriteria.latest(), Long.MAX_VALUE);
  }

  @Test
  void reportsASnapshotWithoutSerializerAsSaveFailure() {
    store().tell(new SaveSnapshot(new SnapshotMetadata(pid, 1, 0L), new Object()), probe.getRef());

    SaveSnapshotFailure failure = probe.expectMsgClass(SaveSnapshotFailure.class);
    assertInstanceOf(SnapshotSerialization.SnapshotSerializationException.class, failure.cause());
    expectNothing(SnapshotSelectionCriteria.latest(), Long.MAX_VALUE);
  }

  // ================================================================ helpers

  private static ActorRef store() {
    return Persistence.get(system).snapshotStoreFor(PLUGIN, ConfigFactory.empty());
  }

  private static SnapshotSelectionCriteria criteria(long maxSequenceNr, long maxTimestamp) {
    return SnapshotSelectionCriteria.create(maxSequenceNr, maxTimestamp);
  }

  private static SnapshotSelectionCriteria criteria(long maxSequenceNr, long maxTimestamp,
      long minSequenceNr, long minTimestamp) {
    return SnapshotSelectionCriteria.create(maxSequenceNr, maxTimestamp, minSequenceNr,
        minTimestamp);
  }

  /** Saves and returns the metadata the store acknowledged (with its timestamp). */
  private SnapshotMetadata save(ActorRef store, SnapshotMetadata metadata, Object snapshot) {
    store.tell(new SaveSnapshot(metadata, snapshot), probe.getRef());
    return probe.expectMsgClass(SaveSnapshotSuccess.class).metadata();
  }

  /** "s-1".."s-5" at sequence numbers 11..15, each saved in a later millisecond. */
  private List<SnapshotMetadata> saveFive() {
    List<SnapshotMetadata> saved = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      if (!saved.isEmpty()) {
        awaitClockAfter(saved.get(saved.size() - 1).timestamp());
      }
      saved.add(save(store(), new SnapshotMetadata(pid, 10 + i, 0L), "s-" + i));
    }
    return saved;
  }

  private static void awaitClockAfter(long millis) {
    while (System.currentTimeMillis() <= millis) {
      Thread.onSpinWait();
    }
  }

  private static LoadSnapshotResult result(SnapshotMetadata metadata, Object snapshot,
      long toSequenceNr) {
    return new LoadSnapshotResult(Option.apply(SelectedSnapshot.create(metadata, snapshot)),
        toSequenceNr);
  }

  private void expectLoaded(SnapshotSelectionCriteria criteria, long toSequenceNr,
      SnapshotMetadata metadata, Object snapshot) {
    store().tell(new LoadSnapshot(pid, criteria, toSequenceNr), probe.getRef());
    probe.expectMsgEquals(result(metadata, snapshot, toSequenceNr));
  }

  private void expectNothing(SnapshotSelectionCriteria criteria, long toSequenceNr) {
    store().tell(new LoadSnapshot(pid, criteria, toSequenceNr), probe.getRef());
    probe.expectMsgEquals(new LoadSnapshotResult(Option.empty(), toSequenceNr));
  }

  private SelectedSnapshot loadSelected(SnapshotSelectionCriteria criteria) {
    store().tell(new LoadSnapshot(pid, criteria, Long.MAX_VALUE), probe.getRef());
    LoadSnapshotResult result = probe.expectMsgClass(LoadSnapshotResult.class);
    assertTrue(result.snapshot().isDefined(), "no snapshot loaded for " + criteria);
    return result.snapshot().get();
  }

  /** Flips one byte in the middle of a stored record, as a disk or bug might. */
  private void damage(long sequenceNr) {
    byte[] field = Long.toString(sequenceNr).getBytes(StandardCharsets.US_ASCII);
    byte[] record = redis.hget(keys.snapshotData(pid), field);
    record[record.length / 2] ^= 0x5A;
    redis.hset(keys.snapshotData(pid), field, record);
  }

  private List<String> storedSequenceNrs() {
    List<String> fromIndex = redis.zrange(keys.snapshotIndex(pid), 0, -1).stream()
        .map(member -> new String(member, StandardCharsets.US_ASCII).split(":")[0])
        .toList();
    List<String> fromData = redis.hkeys(keys.snapshotData(pid)).stream()
        .map(field -> new String(field, StandardCharsets.US_ASCII))
        .sorted()
        .toList();
    assertEquals(fromIndex, fromData, "index and data disagree");
    return fromIndex;
  }
}
