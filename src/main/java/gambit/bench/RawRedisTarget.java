package gambit.bench;

import gambit.persistence.redis.JournalRecord;
import gambit.persistence.redis.KeySpace;
import gambit.persistence.redis.LuaScript;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The reference without Akka: Lettuce commands on one multiplexed connection (as the plugin
 * has), storing per event exactly the bytes the journal stores, under the journal's key layout
 * ({@link KeySpace}, the run's own ids).
 *
 * <p>Every write encodes a {@link JournalRecord} (the journal's stored form: sequence number,
 * writer UUID, timestamp, serializer id and the event bytes), as the journal does for every
 * event, and sends it with one of two commands:
 * <ul>
 *   <li>{@code ZADD events seq record}: the least Redis work that stores the record where the
 *       journal does; the floor for any plugin.</li>
 *   <li>the journal's own {@code journal-write.lua} with the journal's arguments: the same Redis
 *       work per write as the plugin (check the stored highest, ZADD, SET highest), without
 *       Akka and without the plugin's Java code.</li>
 * </ul>
 * Methods block the calling thread except the writers they return; not thread-safe.
 */
final class RawRedisTarget {

  /** The journal's append script (see the journal's resources for its contract). */
  static final LuaScript JOURNAL_WRITE = LuaScript.fromResource("journal-write");

  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

  private final RedisClusterAsyncCommands<byte[], byte[]> redis;
  private final KeySpace keys;

  /** @param keyPrefix the run's key prefix: every key this class writes starts with it */
  RawRedisTarget(RedisClusterAsyncCommands<byte[], byte[]> redis, String keyPrefix) {
    this.redis = redis;
    this.keys = new KeySpace(keyPrefix);
  }

  /** Which command a write runs. */
  enum Command { ZADD, JOURNAL_SCRIPT }

  byte[] eventsKey(String persistenceId) {
    return keys.events(persistenceId);
  }

  /**
   * One closed-loop writer per persistence id, each appending events 1, 2, 3, ... of
   * {@code payload} with the given command.
   */
  List<ClosedLoop.Writer> writers(Command command, List<String> persistenceIds, byte[] payload) {
    List<ClosedLoop.Writer> writers = new ArrayList<>();
    for (String id : persistenceIds) {
      byte[] events = keys.events(id);
      byte[][] scriptKeys = {events, keys.highestSequenceNr(id)};
      String writerUuid = UUID.randomUUID().toString();
      writers.add(command == Command.ZADD
          ? sequence -> redis.zadd(events, (double) sequence, record(sequence, writerUuid, payload))
          : sequence -> JOURNAL_WRITE.run(redis, ScriptOutputType.MULTI, scriptKeys,
              ascii(sequence), ascii(sequence), record(sequence, writerUuid, payload)));
    }
    return writers;
  }

  /** Stores {@code events} records into {@code key}, pipelined, {@code batch} per ZADD. */
  void fill(byte[] key, int events, int batch, byte[] payload) throws InterruptedException {
    String writerUuid = UUID.randomUUID().toString();
    List<CompletionStage<Long>> pending = new ArrayList<>();
    for (int first = 1; first <= events; first += batch) {
      int last = Math.min(events, first + batch - 1);
      List<ScoredValue<byte[]>> values = new ArrayList<>();
      for (long seq = first; seq <= last; seq++) {
        values.add(ScoredValue.just(seq, record(seq, writerUuid, payload)));
      }
      @SuppressWarnings("unchecked")
      ScoredValue<byte[]>[] array = values.toArray(ScoredValue[]::new);
      pending.add(redis.zadd(key, array));
    }
    for (CompletionStage<Long> write : pending) {
      await(write);
    }
  }

  /**
   * Reads every member of {@code key} in score order, {@code chunk} at a time, one ZRANGEBYSCORE
   * after the other (as a replay that streams in chunks must), and returns how many it read.
   * Members are not decoded.
   */
  long readAll(byte[] key, int chunk) throws InterruptedException {
    long read = 0;
    double from = 1;
    while (true) {
      List<ScoredValue<byte[]>> values = await(redis.zrangebyscoreWithScores(key,
          Range.from(Range.Boundary.including(from), Range.Boundary.unbounded()),
          Limit.create(0, chunk)));
      read += values.size();
      if (values.size() < chunk) {
        return read;
      }
      from = values.get(values.size() - 1).getScore() + 1;
    }
  }

  long count(byte[] key) throws InterruptedException {
    return await(redis.zcard(key));
  }

  /** Deletes every key that starts with {@code prefix} (the run's own keys, nothing else). */
  void deleteKeysStartingWith(String prefix) throws InterruptedException {
    ScanArgs match = ScanArgs.Builder.matches(prefix + "*").limit(1000);
    ScanCursor cursor = ScanCursor.INITIAL;
    do {
      KeyScanCursor<byte[]> page = await(redis.scan(cursor, match));
      if (!page.getKeys().isEmpty()) {
        await(redis.unlink(page.getKeys().toArray(byte[][]::new)));
      }
      cursor = page;
    } while (!cursor.isFinished());
  }

  /** The JVM's and Redis' CPU counters now. */
  Usage.Sample usageSample() {
    return Usage.Sample.now(redis);
  }

  /**
   * BGREWRITEAOF, then waits (polling INFO persistence) until no rewrite is running or
   * scheduled. For a Redis of our own only: it forks the server.
   */
  void rewriteAppendOnlyFile() throws InterruptedException {
    try {
      await(redis.bgrewriteaof());
    } catch (IllegalStateException e) {
      // "Background append only file rewriting already in progress": wait for that one
    }
    long deadline = System.nanoTime() + CALL_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      Map<String, String> persistence = Environment.parseInfo(await(redis.info("persistence")));
      if ("0".equals(persistence.get("aof_rewrite_in_progress"))
          && "0".equals(persistence.get("aof_rewrite_scheduled"))) {
        return;
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
    throw new IllegalStateException("the AOF rewrite did not finish within "
        + CALL_TIMEOUT.toSeconds() + " s");
  }

  /** What the journal stores for event {@code sequence} of a {@link BenchEntity}. */
  static byte[] record(long sequence, String writerUuid, byte[] payload) {
    return new JournalRecord(sequence, writerUuid, "", System.currentTimeMillis(),
        new JournalRecord.Payload(BenchEventSerializer.IDENTIFIER, "", payload), List.of(),
        Optional.empty()).encode();
  }

  /** The first member of {@code key} (lowest score), or null when the key is empty. */
  byte[] firstMember(byte[] key) throws InterruptedException {
    List<byte[]> first = await(redis.zrange(key, 0, 0));
    return first.isEmpty() ? null : first.get(0);
  }

  private static byte[] ascii(long value) {
    return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
  }

  private static <T> T await(CompletionStage<T> stage) throws InterruptedException {
    try {
      return stage.toCompletableFuture().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Redis call failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("Redis call timed out after " + CALL_TIMEOUT.toSeconds()
          + " s", e);
    }
  }
}
