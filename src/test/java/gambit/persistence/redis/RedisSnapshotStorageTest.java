package gambit.persistence.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import akka.persistence.SnapshotSelectionCriteria;
import gambit.testing.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Redis side of the snapshot store on its own: the documented key layout, the guards. */
class RedisSnapshotStorageTest {

  private static RedisClient client;
  private static StatefulRedisConnection<byte[], byte[]> connection;
  private static RedisCommands<byte[], byte[]> redis;
  private static final KeySpace KEYS = new KeySpace("storage-test");

  private final String pid = "storage-" + UUID.randomUUID();
  private final RedisSnapshotStorage storage =
      new RedisSnapshotStorage(KEYS, () -> connection.async());

  @BeforeAll
  static void connect() {
    client = RedisClient.create(TestRedis.shared().uri());
    connection = client.connect(ByteArrayCodec.INSTANCE);
    redis = connection.sync();
  }

  @AfterAll
  static void disconnect() {
    connection.close();
    client.shutdown();
  }

  @Test
  void writesTheDocumentedKeyLayout() throws Exception {
    get(storage.save(pid, 15, 1_700_000_000_123L, new byte[] {1, 2, 3}, 0));

    assertEquals(List.of("15:1700000000123"), ascii(redis.zrange(KEYS.snapshotIndex(pid), 0, -1)));
    assertEquals(15.0, redis.zscore(KEYS.snapshotIndex(pid), bytes("15:1700000000123")));
    assertEquals(List.of("15"), ascii(redis.hkeys(KEYS.snapshotData(pid))));
    assertArrayEquals(new byte[] {1, 2, 3}, redis.hget(KEYS.snapshotData(pid), bytes("15")));
  }

  @Test
  void returnsTheStoredRecordWithItsIndexEntry() throws Exception {
    get(storage.save(pid, 7, 1000, new byte[] {9}, 0));
    get(storage.save(pid, 8, 2000, new byte[] {10}, 0));

    RedisSnapshotStorage.StoredSnapshot found =
        get(storage.newest(pid, SnapshotSelectionCriteria.create(7, Long.MAX_VALUE))).get();

    assertEquals(7, found.sequenceNr());
    assertEquals(1000, found.timestamp());
    assertArrayEquals(new byte[] {9}, found.record());
  }

  @Test
  void reportsHowManySnapshotsASavePrunedAndADeleteRemoved() throws Exception {
    for (long seq = 1; seq <= 4; seq++) {
      get(storage.save(pid, seq, 1000 + seq, new byte[] {(byte) seq}, 0));
    }

    assertEquals(2L, get(storage.save(pid, 5, 1005, new byte[] {5}, 3)));
    assertEquals(0L, get(storage.delete(pid, 3, 9999)));
    assertEquals(1L, get(storage.delete(pid, 3, 1003)));
    assertEquals(2L, get(storage.deleteMatching(pid, SnapshotSelectionCriteria.latest())));
  }

  @Test
  void refusesANegativeTimestampWithoutWriting() {
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> get(storage.save(pid, 1, -5, new byte[] {1}, 0)));

    assertInstanceOf(IllegalArgumentException.class, e.getCause());
    assertEquals(0L, redis.exists(KEYS.snapshotIndex(pid), KEYS.snapshotData(pid)));
  }

  @Test
  void failsTheStageWhenNoConnectionCanBeHad() {
    RedisSnapshotStorage unreachable = new RedisSnapshotStorage(KEYS, () -> {
      throw new IllegalStateException("no Redis");
    });

    ExecutionException e = assertThrows(ExecutionException.class,
        () -> get(unreachable.newest(pid, SnapshotSelectionCriteria.latest())));
    assertEquals("no Redis", e.getCause().getMessage());
  }

  private static <T> T get(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private static List<String> ascii(List<byte[]> values) {
    return values.stream().map(v -> new String(v, StandardCharsets.US_ASCII)).toList();
  }
}
