package gambit.persistence.redis;

import akka.actor.ExtendedActorSystem;
import akka.persistence.AtomicWrite;
import akka.persistence.PersistentRepr;
import akka.persistence.journal.japi.AsyncWriteJournal;
import com.typesafe.config.Config;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.concurrent.Future;
import scala.concurrent.Promise;

/**
 * The Akka Persistence journal on Redis, plugin id {@code akka-persistence-redis.journal}.
 *
 * <h2>Writes</h2>
 * Each {@link AtomicWrite} is serialized into {@link JournalRecord}s and appended by one Lua
 * script call over the persistence id's keys (events sorted set + highest sequence number, one
 * hash slot): all events or none, one round trip. The commands of a batch are all sent from
 * {@link #doAsyncWriteMessages} itself (see {@link JournalWriter}), in batch order, so Redis
 * applies the writes of one id in the order the entity made them; Lettuce pipelines them on the
 * shared connection.
 *
 * <p>A write is accepted only when its first sequence number is the stored highest + 1. Anything
 * else is refused with a {@link SequenceNumberConflictException}, reported as a write
 * <em>failure</em> (the entity stops), never as a rejection: a stale second incarnation of an
 * entity cannot fork its history. Two exceptions, both safe because the script re-checks:
 * <ul>
 *   <li>An exact repeat of an applied write (the same records at the same sequence numbers, as
 *       when Lettuce re-sends a command after a reconnect) succeeds without storing anything.
 *       An Akka-level retry is never exact (the writer UUID or timestamp differs), so it is
 *       refused like any other stale write.</li>
 *   <li>When a write of a batch reaches Redis before its predecessor of the same id (possible
 *       only when the predecessor fell back from {@code EVALSHA} to {@code EVAL} after
 *       {@code NOSCRIPT}), it is refused as "behind" and sent once more after the predecessor
 *       was applied.</li>
 * </ul>
 *
 * <p>An event that cannot be serialized rejects only its own AtomicWrite ({@code Optional.of}
 * the exception; the other writes of the batch proceed). Its sequence numbers are still
 * consumed (the stored highest moves past them, no event is stored), because the writer goes on
 * numbering after them; replay then shows a gap there, which Akka accepts.
 *
 * <h2>Tags and persistence ids</h2>
 * Events wrapped in {@link akka.persistence.journal.Tagged} are stored unwrapped, with their
 * tags in the record. After the event script succeeded, one script per tag adds
 * {@link TagMember}s to the tag's sorted set, scored by the tag's own INCR counter, so each tag
 * has a global order; a member already present is skipped, so retries do not duplicate. Tag keys
 * live in other hash slots than the id's keys, which is why this is a second step. The
 * AtomicWrite is acknowledged only after both steps succeeded, but the steps are not atomic
 * together: if the node dies (or Redis fails) between them, the events are stored and their tag
 * entries are missing; the writer sees a failure. The event script therefore also marks a
 * tagged write as untagged (a third key of the id, in the same atomic step), and the writer
 * clears the mark once the tags are recorded; when the id next recovers, the journal records
 * the tags of every write still marked before it answers the highest sequence number, so the
 * id writes nothing new before its old events are in their tags. Such late entries get the
 * tags' offsets of their repair time. Every id that
 * writes is also added to the ids set (once per id per journal instance, pipelined with its
 * first write).
 *
 * <h2>Replay, highest sequence number, deletion</h2>
 * Replay reads the events sorted set by score in chunks of {@code replay-chunk-size}, so deleted
 * ranges are skipped without cost and memory stays bounded; records are deserialized and handed
 * to Akka's callback on the {@code replay-dispatcher}, one chunk after the other, never
 * concurrently. The read of the next chunk is sent before a chunk is delivered, so Redis works
 * while events are deserialized, and at most two chunks are held at a time. The highest sequence
 * number is a key of its own, so it survives deletion of every event. Deletion removes events up
 * to a number in one command; tag entries of deleted events stay (a read journal skips entries
 * whose event is gone).
 *
 * <h2>Failures</h2>
 * While Redis is unreachable every command fails at once ({@link RedisConnector}), so writes fail
 * fast with a {@link RedisJournalException} naming the id and the Redis URI; Akka's circuit
 * breaker (the {@code circuit-breaker} keys of the plugin section) wraps writes, deletes and
 * highest-sequence-number reads and stops calling Redis for {@code reset-timeout} after
 * {@code max-failures} failures in a row. Lettuce reconnects in the background. Commands that
 * were already on the wire when the connection broke are kept by Lettuce and re-sent after the
 * reconnect, so their writes end only then, or after {@code command-timeout}; such a re-sent write
 * is the exact repeat described above.
 *
 * <p>Sequence numbers must stay below 2^53 (Redis scores are doubles); a larger one fails the
 * write. Methods are called on the journal actor's thread; futures complete on Lettuce or
 * replay-dispatcher threads.
 */
public final class RedisJournal extends AsyncWriteJournal {

  private static final Logger log = LoggerFactory.getLogger(RedisJournal.class);
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  private final String pluginId;
  private final JournalSettings settings;
  private final RedisPersistence redis;
  private final String redisUri;
  private final JournalStore store;
  private final JournalSerialization serialization;
  private final JournalWriter writer;
  private final Executor replayExecutor;

  /** Called by Akka with the plugin's config section and its path. */
  public RedisJournal(Config config, String configPath) {
    this.pluginId = configPath;
    this.settings = JournalSettings.from(config, configPath);
    ExtendedActorSystem system = (ExtendedActorSystem) context().system();
    this.redis = RedisPersistence.get(system);
    this.redisUri = RedisConnector.redact(redis.settings().uri());
    this.store = new JournalStore(redis.keys(), () -> redis.connector().commands());
    this.serialization = new JournalSerialization(system);
    this.writer = new JournalWriter(store, serialization, redisUri);
    this.replayExecutor = system.dispatchers().lookup(settings.replayDispatcher());
  }

  /**
   * Opens the shared connection now, so the first recovery does not pay for it. Redis being
   * unreachable does not stop the journal: every operation tries again (and fails fast) until
   * the connection is up.
   */
  @Override
  public void preStart() {
    log.info("Redis journal '{}' started: Redis at {}, key prefix '{}', replay chunk size {}",
        pluginId, redisUri, redis.keys().prefix(), settings.replayChunkSize());
    try {
      redis.connector();
    } catch (RuntimeException e) {
      log.warn("Redis at {} is not reachable yet ({}); the journal '{}' fails its operations "
          + "until it is", redisUri, e.toString(), pluginId);
    }
  }

  @Override
  public Future<Iterable<Optional<Exception>>> doAsyncWriteMessages(
      Iterable<AtomicWrite> messages) {
    return toScala(writer.write(messages));
  }

  // ---------------------------------------------------------------- replay

  @Override
  public Future<Void> doAsyncReplayMessages(String persistenceId, long fromSequenceNr,
      long toSequenceNr, long max, Consumer<PersistentRepr> replayCallback) {
    if (max <= 0 || toSequenceNr < fromSequenceNr) {
      return toScala(DONE);
    }
    CompletionStage<Void> replay = replayFrom(persistenceId, Math.max(1, fromSequenceNr),
        Math.min(toSequenceNr, JournalWriter.MAX_SEQUENCE_NR), max, replayCallback);
    return toScala(replay.exceptionally(error -> {
      throw new CompletionException(RedisJournalException.describe(error, "replay events "
          + fromSequenceNr + ".." + toSequenceNr + " of persistence id '" + persistenceId + "'",
          redisUri));
    }));
  }

  /**
   * Reads the first chunk, then delivers chunk after chunk on the replay executor, each only
   * after the previous one was delivered, so the callback is never called concurrently. The read
   * of the next chunk is sent before the current one is decoded and delivered, so Redis and the
   * network work while the events are deserialized: at most two chunks are held at a time.
   */
  private CompletionStage<Void> replayFrom(String id, long from, long to, long max,
      Consumer<PersistentRepr> callback) {
    int limit = (int) Math.min(settings.replayChunkSize(), max);
    return store.read(id, from, to, limit)
        .thenComposeAsync(chunk -> deliver(id, chunk, limit, to, max, callback), replayExecutor);
  }

  /**
   * Delivers one chunk, after sending the read of the next one when there can be one: the chunk
   * is full, it does not use up {@code remaining} and its last event is below {@code to}. The
   * next read starts after the last record's sequence number, read without decoding the record.
   *
   * @param limit the most events the chunk's read asked for
   * @param remaining how many events the replay may still deliver, this chunk included
   */
  private CompletionStage<Void> deliver(String id, List<byte[]> chunk, int limit, long to,
      long remaining, Consumer<PersistentRepr> callback) {
    long left = remaining - chunk.size();
    CompletionStage<List<byte[]>> next = null;
    int nextLimit = (int) Math.min(settings.replayChunkSize(), left);
    if (chunk.size() == limit && left > 0) {
      long last = JournalRecord.sequenceNrOf(chunk.get(chunk.size() - 1));
      if (last < to) {
        next = store.read(id, last + 1, to, nextLimit);
      }
    }
    for (byte[] stored : chunk) {
      callback.accept(serialization.toRepr(id, JournalRecord.decode(stored)));
    }
    if (next == null) {
      return DONE;
    }
    // composed only now, so the next chunk's delivery cannot overlap this one's
    return next.thenComposeAsync(
        nextChunk -> deliver(id, nextChunk, nextLimit, to, left, callback), replayExecutor);
  }

  /**
   * The stored highest sequence number; Akka asks for it when the id recovers, before it
   * writes again, so that is when the tags of writes stored without them are recorded (see
   * "Tags"). Both reads are sent at once: one round trip when nothing needs repair.
   */
  @Override
  public Future<Long> doAsyncReadHighestSequenceNr(String persistenceId, long fromSequenceNr) {
    CompletionStage<Long> highest = store.highestSequenceNr(persistenceId);
    CompletionStage<Void> repaired = writer.repairTags(persistenceId).exceptionally(error -> {
      // the events themselves are fine: recovery goes on, the next recovery tries again
      log.warn("Could not record the missing tags of '{}': {}", persistenceId,
          RedisJournalException.unwrap(error).toString());
      return null;
    });
    return toScala(repaired.thenCombine(highest, (ignored, value) -> value).exceptionally(error -> {
      throw new CompletionException(RedisJournalException.describe(error,
          "read the highest sequence number of persistence id '" + persistenceId + "'",
          redisUri));
    }));
  }

  // ---------------------------------------------------------------- deletion

  @Override
  public Future<Void> doAsyncDeleteMessagesTo(String persistenceId, long toSequenceNr) {
    CompletionStage<Void> deleted = store.deleteTo(persistenceId, toSequenceNr)
        .thenAccept(count -> log.debug("Deleted {} events of '{}' up to {}", count,
            persistenceId, toSequenceNr))
        .exceptionally(error -> {
          throw new CompletionException(RedisJournalException.describe(error,
              "delete events up to " + toSequenceNr + " of persistence id '" + persistenceId
                  + "'", redisUri));
        });
    return toScala(deleted);
  }

  /** A Scala future with the stage's own exception (not a CompletionException around it). */
  private static <T> Future<T> toScala(CompletionStage<T> stage) {
    Promise<T> promise = Promise.apply();
    stage.whenComplete((value, error) -> {
      if (error == null) {
        promise.success(value);
      } else {
        promise.failure(RedisJournalException.unwrap(error));
      }
    });
    return promise.future();
  }
}
