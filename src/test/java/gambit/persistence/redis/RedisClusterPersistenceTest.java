package gambit.persistence.redis;

import static gambit.persistence.redis.JournalTestKit.atomic;
import static gambit.persistence.redis.JournalTestKit.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.ActorRef;
import akka.actor.ActorSystem;
import akka.persistence.DeleteSnapshotsSuccess;
import akka.persistence.JournalProtocol;
import akka.persistence.Persistence;
import akka.persistence.SaveSnapshotSuccess;
import akka.persistence.SelectedSnapshot;
import akka.persistence.SnapshotMetadata;
import akka.persistence.SnapshotProtocol;
import akka.persistence.SnapshotSelectionCriteria;
import akka.persistence.journal.Tagged;
import akka.testkit.javadsl.TestKit;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import gambit.persistence.redis.JournalTestKit.Replayed;
import gambit.persistence.redis.JournalTestKit.Written;
import gambit.testing.TestRedisCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The journal and the snapshot store on a real three-master Redis Cluster, through Akka's own
 * plugin protocols, for persistence ids whose keys land on every master (and ids with braces,
 * which must not break the hash tag). Checks with the servers where the keys went.
 */
class RedisClusterPersistenceTest {

  private static final String PREFIX = "cluster-test";
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static TestRedisCluster cluster;
  private static ActorSystem system;
  private static JournalTestKit journal;
  private static ActorRef snapshots;

  @BeforeAll
  static void start() {
    cluster = TestRedisCluster.start();
    system = ActorSystem.create("RedisClusterPersistenceTest", config(cluster.uri()));
    journal = new JournalTestKit(system, "akka-persistence-redis.journal");
    snapshots = Persistence.get(system)
        .snapshotStoreFor("akka-persistence-redis.snapshot", ConfigFactory.empty());
  }

  @AfterAll
  static void stop() {
    if (system != null) {
      TestKit.shutdownActorSystem(system);
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  static Config config(String uri) {
    return ConfigFactory.parseString("""
            akka.loggers = ["akka.event.slf4j.Slf4jLogger"]
            akka.logging-filter = "akka.event.slf4j.Slf4jLoggingFilter"
            akka.loglevel = WARNING
            akka.persistence.journal.plugin = "akka-persistence-redis.journal"
            akka.persistence.snapshot-store.plugin = "akka-persistence-redis.snapshot"
            akka-persistence-redis.key-prefix = "%s"
            akka-persistence-redis.uri = "%s"
            """.formatted(PREFIX, uri))
        .withFallback(ConfigFactory.defaultReference())
        .resolve();
  }

  // ---------------------------------------------------------------- journal

  @Test
  void eventsAreWrittenReplayedWithBoundsAndDeletedOnEveryNode() {
    Set<Integer> nodesUsed = new HashSet<>();
    for (String id : idsOnEveryNode("journal")) {
      String writer = UUID.randomUUID().toString();
      journal.write(atomic(event(id, 1, "e-1", writer)),
          atomic(event(id, 2, "e-2", writer), event(id, 3, "e-3", writer)),
          atomic(event(id, 4, "e-4", writer), event(id, 5, "e-5", writer)))
          .expectAllSucceeded();

      assertEquals(List.of("e-1", "e-2", "e-3", "e-4", "e-5"), journal.replayAll(id).payloads());
      assertEquals(List.of(2L, 3L, 4L), journal.replay(id, 2, 4, Long.MAX_VALUE).sequenceNrs());
      assertEquals(List.of(3L, 4L), journal.replay(id, 3, Long.MAX_VALUE, 2).sequenceNrs());

      journal.deleteTo(id, 3);
      Replayed afterDelete = journal.replayAll(id);
      assertEquals(List.of(4L, 5L), afterDelete.sequenceNrs());
      assertEquals(5, afterDelete.highestSequenceNr());

      nodesUsed.add(ownerHolding(new KeySpace(PREFIX).events(id)));
      journal.deleteTo(id, 5);
      assertEquals(5, journal.replayAll(id).highestSequenceNr());
    }
    assertEquals(Set.of(0, 1, 2), nodesUsed);
  }

  @Test
  void taggedEventsReachTagKeysOnOtherNodesThanTheirId() {
    String writer = UUID.randomUUID().toString();
    List<String> tags = tagsOnEveryNode();
    String id = "tagged-{" + UUID.randomUUID() + "}";

    journal.write(atomic(event(id, 1, new Tagged("tagged-1", Set.copyOf(tags)), writer)))
        .expectAllSucceeded();

    assertEquals(List.of("tagged-1"), journal.replayAll(id).payloads());
    Set<Integer> tagNodes = new HashSet<>();
    for (String tag : tags) {
      tagNodes.add(ownerHolding(new KeySpace(PREFIX).tagEvents(tag)));
    }
    assertEquals(Set.of(0, 1, 2), tagNodes);
  }

  @Test
  void writeThatSkipsSequenceNumbersIsRefusedOnTheCluster() {
    String id = idsOnEveryNode("stale").get(0);
    String writer = UUID.randomUUID().toString();
    journal.write(atomic(event(id, 1, "first", writer))).expectAllSucceeded();

    Written skipping = journal.write(atomic(event(id, 3, "third", writer)));

    assertTrue(skipping.eventReplies().get(0) instanceof JournalProtocol.WriteMessageFailure,
        skipping.toString());
    assertEquals(List.of("first"), journal.replayAll(id).payloads());
  }

  private static List<String> tagsOnEveryNode() {
    List<String> tags = new ArrayList<>();
    Set<Integer> covered = new HashSet<>();
    for (int i = 0; covered.size() < 3; i++) {
      String tag = "tag-" + i;
      if (covered.add(nodeOf(new KeySpace(PREFIX).tagEvents(tag)))) {
        tags.add(tag);
      }
    }
    return tags;
  }

  // ---------------------------------------------------------------- snapshot store

  @Test
  void snapshotsAreSavedLoadedByCriteriaAndDeletedOnEveryNode() {
    Set<Integer> nodesUsed = new HashSet<>();
    for (String id : idsOnEveryNode("snap")) {
      long savedAt10 = save(id, 10, "at-10");
      save(id, 20, "at-20");
      save(id, 30, "at-30");

      assertEquals(Optional.of("at-30"), load(id, SnapshotSelectionCriteria.latest(), 99));
      assertEquals(Optional.of("at-20"), load(id, criteria(25, Long.MAX_VALUE, 0), 99));
      assertEquals(Optional.of("at-10"), load(id, criteria(Long.MAX_VALUE, savedAt10, 0), 99));
      assertEquals(Optional.of("at-10"), load(id, SnapshotSelectionCriteria.latest(), 15));
      assertEquals(Optional.empty(), load(id, criteria(Long.MAX_VALUE, Long.MAX_VALUE, 31), 99));

      deleteSnapshots(id, criteria(20, Long.MAX_VALUE, 0));
      assertEquals(Optional.empty(), load(id, criteria(25, Long.MAX_VALUE, 0), 99));
      assertEquals(Optional.of("at-30"), load(id, SnapshotSelectionCriteria.latest(), 99));

      nodesUsed.add(ownerHolding(new KeySpace(PREFIX).snapshotData(id)));
    }
    assertEquals(Set.of(0, 1, 2), nodesUsed);
  }

  /**
   * Saves and returns the timestamp the store recorded (Akka's snapshot store stamps the save
   * time itself), after waiting for the clock to move on, so that every save of one id gets a
   * timestamp of its own and a timestamp criterion can tell them apart.
   */
  private static long save(String id, long sequenceNr, String snapshot) {
    TestKit probe = new TestKit(system);
    SnapshotMetadata metadata = new SnapshotMetadata(id, sequenceNr, 0L);
    snapshots.tell(new SnapshotProtocol.SaveSnapshot(metadata, snapshot), probe.getRef());
    SnapshotMetadata saved = probe.expectMsgClass(TIMEOUT, SaveSnapshotSuccess.class).metadata();
    assertEquals(sequenceNr, saved.sequenceNr());
    long now = System.currentTimeMillis();
    while (System.currentTimeMillis() <= now) {
      Thread.onSpinWait();
    }
    return saved.timestamp();
  }

  private static Optional<Object> load(String id, SnapshotSelectionCriteria criteria,
      long toSequenceNr) {
    TestKit probe = new TestKit(system);
    snapshots.tell(new SnapshotProtocol.LoadSnapshot(id, criteria, toSequenceNr),
        probe.getRef());
    SnapshotProtocol.LoadSnapshotResult result =
        probe.expectMsgClass(TIMEOUT, SnapshotProtocol.LoadSnapshotResult.class);
    if (result.snapshot().isEmpty()) {
      return Optional.empty();
    }
    SelectedSnapshot selected = result.snapshot().get();
    assertEquals(id, selected.metadata().persistenceId());
    return Optional.of(selected.snapshot());
  }

  private static void deleteSnapshots(String id, SnapshotSelectionCriteria criteria) {
    TestKit probe = new TestKit(system);
    snapshots.tell(new SnapshotProtocol.DeleteSnapshots(id, criteria), probe.getRef());
    probe.expectMsgClass(TIMEOUT, DeleteSnapshotsSuccess.class);
  }

  private static SnapshotSelectionCriteria criteria(long maxSequenceNr, long maxTimestamp,
      long minSequenceNr) {
    return SnapshotSelectionCriteria.create(maxSequenceNr, maxTimestamp, minSequenceNr, 0L);
  }

  // ---------------------------------------------------------------- helpers

  /** Ids with awkward characters, and plain ones until every master owns at least one. */
  private static List<String> idsOnEveryNode(String area) {
    List<String> ids = new ArrayList<>(List.of(area + "-{brace}", area + "}{", "}" + area,
        area + "-%7B", area + ":colon:ü"));
    Set<Integer> covered = new HashSet<>();
    ids.forEach(id -> covered.add(nodeOf(new KeySpace(PREFIX).events(id))));
    for (int i = 0; covered.size() < 3; i++) {
      String id = area + "-" + i;
      if (covered.add(nodeOf(new KeySpace(PREFIX).events(id)))) {
        ids.add(id);
      }
    }
    return ids;
  }

  private static int nodeOf(byte[] key) {
    String text = new String(key, StandardCharsets.UTF_8);
    return cluster.nodeOfSlot(Math.toIntExact(cluster.node(0).clusterKeyslot(text)));
  }

  /** The node that holds {@code key}, asserting that it is the owner of the key's slot. */
  private static int ownerHolding(byte[] key) {
    String text = new String(key, StandardCharsets.UTF_8);
    int owner = nodeOf(key);
    assertTrue(cluster.node(owner).exists(text) == 1, text + " is not on node " + owner);
    return owner;
  }
}
