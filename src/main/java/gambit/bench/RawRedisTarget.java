package gambit.bench;

import gambit.persistence.redis.LuaScript;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The reference without Akka: Lettuce commands on one multiplexed connection (as the plugin
 * has), writing the same bytes per event that a journal stores.
 *
 * <p>A stored member is the 8-byte big-endian sequence number followed by the serialized event
 * record (the layout {@code gambit.persistence.redis.KeySpace} documents for the journal), with
 * the sequence number also as the score. Two write commands are measured:
 * <ul>
 *   <li>{@code ZADD key seq member}: the least Redis work that stores the record where a journal
 *       would; the floor for any plugin.</li>
 *   <li>{@link #GUARDED_APPEND}: a Lua script that does what the design requires of every
 *       journal write: refuse a sequence number that does not follow the stored highest one,
 *       ZADD, update the highest. It shows how much of the gap to ZADD is Redis' script cost.</li>
 * </ul>
 * Keys: {@code <prefix>:raw:{<writer id>}:events} (sorted set) and {@code ...:hsn} (string).
 * Methods block the calling thread except the writers they return; not thread-safe.
 */
final class RawRedisTarget {

  /** KEYS[1] events, KEYS[2] highest sequence number; ARGV[1] sequence number, ARGV[2] member. */
  static final LuaScript GUARDED_APPEND = LuaScript.of("bench-guarded-append", """
      local seq = tonumber(ARGV[1])
      local highest = tonumber(redis.call('GET', KEYS[2]) or '0')
      if seq ~= highest + 1 then
        return redis.error_reply('sequence number ' .. seq .. ' does not follow ' .. highest)
      end
      redis.call('ZADD', KEYS[1], seq, ARGV[2])
      redis.call('SET', KEYS[2], seq)
      return seq
      """);

  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

  private final RedisClusterAsyncCommands<byte[], byte[]> redis;
  private final String keyPrefix;

  RawRedisTarget(RedisClusterAsyncCommands<byte[], byte[]> redis, String keyPrefix) {
    this.redis = redis;
    this.keyPrefix = keyPrefix;
  }

  /** Which command a write runs. */
  enum Command { ZADD, LUA }

  byte[] eventsKey(String writerId) {
    return key(writerId, "events");
  }

  /**
   * One closed-loop writer per id, each appending {@code record} under sequence numbers 1, 2, 3,
   * ... with the given command.
   */
  List<ClosedLoop.Writer> writers(Command command, List<String> writerIds, byte[] record) {
    List<ClosedLoop.Writer> writers = new ArrayList<>();
    for (String id : writerIds) {
      byte[] events = eventsKey(id);
      byte[] highest = key(id, "hsn");
      writers.add(command == Command.ZADD
          ? sequence -> redis.zadd(events, (double) sequence, member(sequence, record))
          : sequence -> GUARDED_APPEND.run(redis, ScriptOutputType.INTEGER,
              new byte[][] {events, highest}, ascii(sequence), member(sequence, record)));
    }
    return writers;
  }

  /** Stores {@code events} members into {@code key}, pipelined, {@code batch} per ZADD. */
  void fill(byte[] key, int events, int batch, byte[] record) throws InterruptedException {
    List<CompletionStage<Long>> pending = new ArrayList<>();
    for (int first = 1; first <= events; first += batch) {
      int last = Math.min(events, first + batch - 1);
      List<ScoredValue<byte[]>> values = new ArrayList<>();
      for (long seq = first; seq <= last; seq++) {
        values.add(ScoredValue.just(seq, member(seq, record)));
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

  /** The stored member: 8-byte big-endian sequence number, then the record. */
  static byte[] member(long sequence, byte[] record) {
    return ByteBuffer.allocate(Long.BYTES + record.length).putLong(sequence).put(record).array();
  }

  private byte[] key(String writerId, String suffix) {
    return (keyPrefix + ":raw:{" + writerId + "}:" + suffix).getBytes(StandardCharsets.UTF_8);
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
