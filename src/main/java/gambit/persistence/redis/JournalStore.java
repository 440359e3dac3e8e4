package gambit.persistence.redis;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The journal's Redis commands, one method per operation, on raw encoded records. Every method
 * sends its command(s) before it returns (Lettuce pipelines them on the shared connection, in
 * call order) and completes the stage on a Lettuce I/O thread. A connection that cannot be
 * opened, a rejected command (Redis down) or an error reply fails the stage; nothing is thrown.
 * Thread-safe.
 *
 * <p>Keys (see {@link KeySpace}): per persistence id the events sorted set (score = sequence
 * number, member = {@link JournalRecord}), the highest-sequence-number string and the sorted
 * set of tagged writes whose tags are not recorded yet, all under the id's hash tag; per tag a
 * sorted set of {@link TagMember}s scored by offset plus its offset counter; and the set of
 * all persistence ids.
 *
 * <p>Not final only so that tests can change the order in which calls reach Redis.
 */
class JournalStore {

  private static final LuaScript WRITE = LuaScript.fromResource("journal-write");
  private static final LuaScript SKIP = LuaScript.fromResource("journal-skip");
  private static final LuaScript TAG = LuaScript.fromResource("journal-tag");

  /** Ids whose keys are cached; the cache is emptied when it holds this many, to bound memory. */
  private static final int CACHED_IDS_LIMIT = 10_000;

  private final KeySpace keys;
  private final Supplier<RedisClusterAsyncCommands<byte[], byte[]>> redis;
  private final Map<String, IdKeys> idKeys = new ConcurrentHashMap<>();

  /**
   * @param redis gives the shared connection's commands; may throw when Redis cannot be reached
   */
  JournalStore(KeySpace keys, Supplier<RedisClusterAsyncCommands<byte[], byte[]>> redis) {
    this.keys = keys;
    this.redis = redis;
  }

  /**
   * The two journal keys of one persistence id, built once: a write or a replay chunk would
   * otherwise escape the id and encode both keys again. The arrays are shared and never changed.
   */
  private record IdKeys(byte[] events, byte[] highestSequenceNr, byte[] untagged) {}

  private IdKeys keysOf(String persistenceId) {
    IdKeys cached = idKeys.get(persistenceId);
    if (cached != null) {
      return cached;
    }
    if (idKeys.size() >= CACHED_IDS_LIMIT) {
      idKeys.clear();
    }
    IdKeys built = new IdKeys(keys.events(persistenceId), keys.highestSequenceNr(persistenceId),
        keys.untagged(persistenceId));
    idKeys.put(persistenceId, built);
    return built;
  }

  /** What the write script did with one AtomicWrite. */
  enum Status { WRITTEN, ALREADY_STORED, REFUSED }

  /**
   * @param status what happened
   * @param storedHighest the highest stored sequence number the script saw before acting
   */
  record WriteOutcome(Status status, long storedHighest) {}

  /**
   * Appends the records of one AtomicWrite, first..last, in one script call: all are stored or
   * none. Refused (nothing stored) unless {@code first} is the stored highest + 1, except that an
   * exact repeat of stored records reports {@link Status#ALREADY_STORED}. A {@code tagged}
   * write is also marked as {@linkplain #untaggedWrites untagged} in the same step, until
   * {@link #tagsRecorded} says otherwise.
   */
  CompletionStage<WriteOutcome> append(String persistenceId, long first, long last,
      List<byte[]> records, boolean tagged) {
    byte[][] args = new byte[records.size() + 2][];
    args[0] = decimal(first);
    args[1] = decimal(last);
    for (int i = 0; i < records.size(); i++) {
      args[i + 2] = records.get(i);
    }
    IdKeys journalKeys = keysOf(persistenceId);
    byte[][] scriptKeys = tagged
        ? new byte[][] {journalKeys.events(), journalKeys.highestSequenceNr(),
            journalKeys.untagged()}
        : new byte[][] {journalKeys.events(), journalKeys.highestSequenceNr()};
    return this.<List<Object>>call(r -> WRITE.run(r, ScriptOutputType.MULTI, scriptKeys, args))
        .thenApply(JournalStore::toOutcome);
  }

  /**
   * Consumes the sequence numbers first..last of a rejected write without storing events: the
   * stored highest moves to {@code last} when {@code first} directly follows it. Completes with
   * the stored highest sequence number after the call.
   */
  CompletionStage<Long> skip(String persistenceId, long first, long last) {
    byte[][] scriptKeys = {keysOf(persistenceId).highestSequenceNr()};
    return call(r -> SKIP.run(r, ScriptOutputType.INTEGER, scriptKeys, decimal(first),
        decimal(last)));
  }

  /** Records the members under the tag, each once, with the next offsets of the tag. */
  CompletionStage<Long> tag(String tag, List<byte[]> members) {
    byte[][] scriptKeys = {keys.tagEvents(tag), keys.tagOffset(tag)};
    return call(r -> TAG.run(r, ScriptOutputType.INTEGER, scriptKeys,
        members.toArray(new byte[0][])));
  }

  /**
   * The tagged writes of the id whose tag entries may be missing (the writer died, or Redis
   * failed, between the events and the tags), oldest first, as {first, last} pairs.
   */
  CompletionStage<List<long[]>> untaggedWrites(String persistenceId) {
    return this.<List<byte[]>>call(r -> r.zrange(keysOf(persistenceId).untagged(), 0, -1))
        .thenApply(members -> members.stream().map(JournalStore::range).toList());
  }

  /** The tag entries of the write first..last are all recorded: it is no longer untagged. */
  CompletionStage<Long> tagsRecorded(String persistenceId, long first, long last) {
    byte[] member = (first + ":" + last).getBytes(StandardCharsets.US_ASCII);
    return call(r -> r.zrem(keysOf(persistenceId).untagged(), member));
  }

  private static long[] range(byte[] member) {
    String text = new String(member, StandardCharsets.US_ASCII);
    int colon = text.indexOf(':');
    return new long[] {Long.parseLong(text.substring(0, colon)),
        Long.parseLong(text.substring(colon + 1))};
  }

  /** Adds the id to the set of all persistence ids (idempotent). */
  CompletionStage<Long> addPersistenceId(String persistenceId) {
    byte[] member = persistenceId.getBytes(StandardCharsets.UTF_8);
    return call(r -> r.sadd(keys.persistenceIds(), member));
  }

  /** The highest sequence number ever written for the id, 0 when none. */
  CompletionStage<Long> highestSequenceNr(String persistenceId) {
    return this.<byte[]>call(r -> r.get(keysOf(persistenceId).highestSequenceNr()))
        .thenApply(value -> value == null
            ? 0L : Long.parseLong(new String(value, StandardCharsets.US_ASCII)));
  }

  /**
   * At most {@code limit} stored records with from &lt;= sequence number &lt;= to, in sequence
   * order. Deleted numbers cost nothing: the sorted set is searched by score.
   */
  CompletionStage<List<byte[]>> read(String persistenceId, long from, long to, int limit) {
    Range<Long> range = Range.create(from, to);
    byte[] events = keysOf(persistenceId).events();
    return call(r -> r.zrangebyscore(events, range, Limit.create(0, limit)));
  }

  /** Removes every stored event with sequence number &lt;= to; the highest number stays. */
  CompletionStage<Long> deleteTo(String persistenceId, long to) {
    Range<Long> range = Range.from(Range.Boundary.unbounded(), Range.Boundary.including(to));
    return call(r -> r.zremrangebyscore(keysOf(persistenceId).events(), range));
  }

  /** Runs a command, turning a failure to obtain the connection into a failed stage. */
  private <T> CompletionStage<T> call(
      Function<RedisClusterAsyncCommands<byte[], byte[]>, CompletionStage<T>> command) {
    try {
      return command.apply(redis.get());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static WriteOutcome toOutcome(List<Object> reply) {
    long code = (Long) reply.get(0);
    long storedHighest = (Long) reply.get(1);
    Status status = code == 1 ? Status.WRITTEN : code == 2 ? Status.ALREADY_STORED
        : Status.REFUSED;
    return new WriteOutcome(status, storedHighest);
  }

  private static byte[] decimal(long value) {
    return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
  }
}
