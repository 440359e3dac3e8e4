package gambit.persistence.redis;

import akka.persistence.SnapshotSelectionCriteria;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The snapshot store's Redis side: stored records in, stored records out, no Akka serialization.
 * Each operation is one Lua script over the two keys of one persistence id, so it is atomic and
 * one round trip, and it runs on Redis Cluster too (both keys share the id's hash tag).
 *
 * <p>Keys (see {@link KeySpace}):
 *
 * <pre>
 * &lt;prefix&gt;:s:{&lt;id&gt;}:index  sorted set: score = sequence number,
 *                              member = "&lt;sequence number&gt;:&lt;timestamp&gt;" (decimal ASCII)
 * &lt;prefix&gt;:s:{&lt;id&gt;}:data   hash: field = "&lt;sequence number&gt;",
 *                              value = {@link SnapshotRecord}
 * </pre>
 *
 * The timestamp sits in the index member so that timestamp criteria are checked without reading
 * any record. Both keys disappear when the last snapshot of an id is deleted.
 *
 * <p>Limitation: scores are doubles, so sequence numbers above 2^53 cannot be stored exactly;
 * {@link #save} refuses them. Akka sequence numbers grow by one per event, so no real entity
 * gets near that.
 *
 * <p>Thread-safe. Every method returns a stage that fails (instead of throwing) when Redis cannot
 * be reached or refuses the script; the stage completes on a Lettuce I/O thread.
 */
final class RedisSnapshotStorage {

  /** The highest sequence number that a sorted-set score holds exactly. */
  static final long MAX_SEQUENCE_NR = 1L << 53;

  private static final LuaScript SAVE = LuaScript.fromResource("snapshot-save");
  private static final LuaScript LOAD = LuaScript.fromResource("snapshot-load");
  private static final LuaScript DELETE = LuaScript.fromResource("snapshot-delete");

  private final KeySpace keys;
  private final Supplier<RedisClusterAsyncCommands<byte[], byte[]>> redis;

  /**
   * @param keys the key names
   * @param redis gives the commands of the shared connection; called once per operation, and
   *     may throw when Redis cannot be reached (the operation then fails)
   */
  RedisSnapshotStorage(KeySpace keys, Supplier<RedisClusterAsyncCommands<byte[], byte[]>> redis) {
    this.keys = keys;
    this.redis = redis;
  }

  /** A record as stored, with the sequence number and timestamp of its index entry. */
  record StoredSnapshot(long sequenceNr, long timestamp, byte[] record) {}

  /**
   * Stores {@code record} under {@code sequenceNr}, replacing a snapshot with the same number, and
   * then keeps only the {@code keep} snapshots with the highest sequence numbers (0 = all). The
   * new snapshot itself is pruned when {@code keep} newer ones exist. Fails with
   * {@link IllegalArgumentException} for a sequence number outside 0..2^53 or a negative
   * timestamp.
   *
   * @return how many snapshots were pruned
   */
  CompletionStage<Long> save(String persistenceId, long sequenceNr, long timestamp, byte[] record,
      int keep) {
    if (sequenceNr < 0 || sequenceNr > MAX_SEQUENCE_NR) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("sequence number "
          + sequenceNr + " of " + persistenceId + " is outside 0.." + MAX_SEQUENCE_NR
          + ", which Redis sorted-set scores hold exactly"));
    }
    if (timestamp < 0) {
      // the scripts parse index members as digits only
      return CompletableFuture.failedFuture(new IllegalArgumentException(
          "timestamp " + timestamp + " of snapshot " + sequenceNr + " of " + persistenceId
          + " is negative"));
    }
    return run(SAVE, ScriptOutputType.INTEGER, persistenceId,
        ascii(sequenceNr), ascii(timestamp), record, ascii(keep));
  }

  /** The snapshot with the highest sequence number that {@code criteria} matches, if any. */
  CompletionStage<Optional<StoredSnapshot>> newest(String persistenceId,
      SnapshotSelectionCriteria criteria) {
    CompletionStage<List<Object>> reply =
        run(LOAD, ScriptOutputType.MULTI, persistenceId, bounds(criteria));
    return reply.thenApply(RedisSnapshotStorage::toStored);
  }

  /**
   * Deletes the snapshot with this sequence number, if its timestamp is {@code timestamp} or
   * {@code timestamp} is 0 (any).
   *
   * @return how many snapshots were deleted (0 or 1)
   */
  CompletionStage<Long> delete(String persistenceId, long sequenceNr, long timestamp) {
    boolean anyTime = timestamp == 0;
    return deleteMatching(persistenceId, SnapshotSelectionCriteria.create(sequenceNr,
        anyTime ? Long.MAX_VALUE : timestamp, sequenceNr, anyTime ? Long.MIN_VALUE : timestamp));
  }

  /** Deletes every snapshot that {@code criteria} matches; returns how many. */
  CompletionStage<Long> deleteMatching(String persistenceId, SnapshotSelectionCriteria criteria) {
    return run(DELETE, ScriptOutputType.INTEGER, persistenceId, bounds(criteria));
  }

  // ---------------------------------------------------------------- helpers

  private <T> CompletionStage<T> run(LuaScript script, ScriptOutputType type,
      String persistenceId, byte[]... args) {
    byte[][] scriptKeys = {keys.snapshotIndex(persistenceId), keys.snapshotData(persistenceId)};
    try {
      return script.run(redis.get(), type, scriptKeys, args);
    } catch (RuntimeException e) {
      // e.g. the first connection attempt failed: report it through the stage like any other
      return CompletableFuture.failedFuture(e);
    }
  }

  /** The four bounds in the order the load and delete scripts take them. */
  private static byte[][] bounds(SnapshotSelectionCriteria criteria) {
    return new byte[][] {
        ascii(criteria.maxSequenceNr()), ascii(criteria.minSequenceNr()),
        ascii(criteria.maxTimestamp()), ascii(criteria.minTimestamp())};
  }

  private static Optional<StoredSnapshot> toStored(List<Object> reply) {
    if (reply == null || reply.isEmpty()) {
      return Optional.empty();
    }
    long sequenceNr = Long.parseLong(text(reply.get(0)));
    long timestamp = Long.parseLong(text(reply.get(1)));
    return Optional.of(new StoredSnapshot(sequenceNr, timestamp, (byte[]) reply.get(2)));
  }

  private static String text(Object bulk) {
    return new String((byte[]) bulk, StandardCharsets.US_ASCII);
  }

  private static byte[] ascii(long value) {
    return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
  }
}
