package gambit.persistence.redis;

import akka.actor.ExtendedActorSystem;
import akka.persistence.AtomicWrite;
import akka.persistence.PersistentRepr;
import akka.persistence.journal.japi.AsyncWriteJournal;
import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.concurrent.Future;
import scala.concurrent.Promise;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The Akka Persistence journal on Redis, plugin id {@code akka-persistence-redis.journal}.
 *
 * <h2>Writes</h2>
 * Each {@link AtomicWrite} is serialized into {@link JournalRecord}s and appended by one Lua
 * script call over the persistence id's keys (events sorted set + highest sequence number, one
 * hash slot): all events or none, one round trip. The commands of a batch are all sent from
 * {@link #doAsyncWriteMessages} itself, in batch order, so Redis applies the writes of one id in
 * the order the entity made them; Lettuce pipelines them on the shared connection.
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
 * entries are missing; the writer sees a failure, and a later exact retry would add them, an
 * Akka-level retry does not. A read journal reading by tag misses such events. Every id that
 * writes is also added to the ids set (once per id per journal instance, pipelined with its
 * first write).
 *
 * <h2>Replay, highest sequence number, deletion</h2>
 * Replay reads the events sorted set by score in chunks of {@code replay-chunk-size}, so deleted
 * ranges are skipped without cost and memory stays bounded; records are deserialized and handed
 * to Akka's callback on the {@code replay-dispatcher}, one chunk after the other, never
 * concurrently. The highest sequence number is a key of its own, so it survives deletion of every
 * event. Deletion removes events up to a number; tag entries of deleted events stay (a read
 * journal skips entries whose event is gone).
 *
 * <h2>Failures</h2>
 * While Redis is unreachable every command fails at once ({@link RedisConnector}), so writes fail
 * fast with a {@link RedisJournalException} naming the id and the Redis URI; Akka's circuit
 * breaker (the {@code circuit-breaker} keys of the plugin section) wraps writes, deletes and
 * highest-sequence-number reads and stops calling Redis for {@code reset-timeout} after
 * {@code max-failures} failures in a row. Lettuce reconnects in the background.
 *
 * <p>Sequence numbers must stay below 2^53 (Redis scores are doubles); a larger one fails the
 * write. Methods are called on the journal actor's thread; futures complete on Lettuce or
 * replay-dispatcher threads.
 */
public final class RedisJournal extends AsyncWriteJournal {

  private static final Logger log = LoggerFactory.getLogger(RedisJournal.class);

  /** Redis sorted-set scores are doubles: integers are exact up to here. */
  static final long MAX_SEQUENCE_NR = 1L << 53;

  /** Ids known to be in the ids set; cleared when it reaches this size to bound memory. */
  private static final int KNOWN_IDS_LIMIT = 100_000;

  private static final CompletableFuture<Boolean> NO_PREDECESSOR =
      CompletableFuture.completedFuture(false);

  private final String pluginId;
  private final JournalSettings settings;
  private final RedisPersistence redis;
  private final JournalStore store;
  private final JournalSerialization serialization;
  private final Executor replayExecutor;
  private final Set<String> knownIds = ConcurrentHashMap.newKeySet();

  /** Called by Akka with the plugin's config section and its path. */
  public RedisJournal(Config config, String configPath) {
    this.pluginId = configPath;
    this.settings = JournalSettings.from(config, configPath);
    ExtendedActorSystem system = (ExtendedActorSystem) context().system();
    this.redis = RedisPersistence.get(system);
    this.store = new JournalStore(redis.keys(), () -> redis.connector().commands());
    this.serialization = new JournalSerialization(system);
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
        pluginId, RedisConnector.redact(redis.settings().uri()), redis.keys().prefix(),
        settings.replayChunkSize());
    try {
      redis.connector();
    } catch (RuntimeException e) {
      log.warn("Redis at {} is not reachable yet ({}); the journal '{}' fails its operations "
          + "until it is", RedisConnector.redact(redis.settings().uri()), e.toString(), pluginId);
    }
  }

  // ---------------------------------------------------------------- writes

  @Override
  public Future<Iterable<Optional<Exception>>> doAsyncWriteMessages(
      Iterable<AtomicWrite> messages) {
    long receivedAt = System.currentTimeMillis();
    Map<String, CompletionStage<Boolean>> appliedById = new HashMap<>();
    List<CompletableFuture<Optional<Exception>>> results = new ArrayList<>();
    for (AtomicWrite write : messages) {
      CompletionStage<Boolean> predecessor =
          appliedById.getOrDefault(write.persistenceId(), NO_PREDECESSOR);
      WriteInFlight inFlight = startWrite(write, receivedAt, predecessor);
      appliedById.put(write.persistenceId(), inFlight.applied());
      results.add(inFlight.result().toCompletableFuture());
    }
    return toScala(inBatchOrder(results));
  }

  /**
   * @param applied completes with true once the write took effect in Redis (events stored or
   *     sequence numbers consumed), false when it did not
   * @param result what Akka gets for this AtomicWrite: empty = success, an exception =
   *     rejection; a failed stage = failure
   */
  private record WriteInFlight(CompletionStage<Boolean> applied,
      CompletionStage<Optional<Exception>> result) {}

  private WriteInFlight startWrite(AtomicWrite write, long receivedAt,
      CompletionStage<Boolean> predecessor) {
    List<PersistentRepr> events = CollectionConverters.asJava(write.payload());
    String id = write.persistenceId();
    long first = write.lowestSequenceNr();
    long last = write.highestSequenceNr();
    Optional<String> invalid = checkSequenceNumbers(events, first, last);
    if (invalid.isPresent()) {
      return new WriteInFlight(NO_PREDECESSOR, CompletableFuture.failedFuture(
          new IllegalArgumentException(invalid.get() + " (persistence id '" + id + "')")));
    }
    List<JournalRecord> records = new ArrayList<>(events.size());
    for (PersistentRepr event : events) {
      try {
        records.add(serialization.toRecord(event, receivedAt));
      } catch (Exception e) {
        return reject(id, first, last, e);
      }
    }
    return append(id, first, last, records, predecessor);
  }

  private static Optional<String> checkSequenceNumbers(List<PersistentRepr> events, long first,
      long last) {
    if (first < 1 || last >= MAX_SEQUENCE_NR) {
      return Optional.of("sequence numbers " + first + ".." + last + " are outside 1..2^53-1");
    }
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).sequenceNr() != first + i) {
        return Optional.of("the events of an AtomicWrite must have consecutive sequence numbers, "
            + "got " + events.get(i).sequenceNr() + " at position " + i + " after " + first);
      }
    }
    return Optional.empty();
  }

  /** Rejects the write, consuming its sequence numbers in Redis (in batch order). */
  private WriteInFlight reject(String id, long first, long last, Exception cause) {
    log.debug("Rejecting events {}..{} of '{}': cannot serialize: {}", first, last, id,
        cause.toString());
    CompletionStage<Boolean> consumed = store.skip(id, first, last)
        .handle((highest, error) -> error == null && highest >= last);
    return new WriteInFlight(consumed, consumed.thenApply(ignored -> Optional.of(cause)));
  }

  private WriteInFlight append(String id, long first, long last, List<JournalRecord> records,
      CompletionStage<Boolean> predecessor) {
    List<byte[]> encoded = records.stream().map(JournalRecord::encode).toList();
    CompletionStage<Long> idRecorded = recordPersistenceId(id);
    CompletionStage<JournalStore.WriteOutcome> outcome = store.append(id, first, last, encoded)
        .thenCompose(sent -> resendIfOvertaken(sent, id, first, last, encoded, predecessor));
    CompletionStage<Boolean> applied = outcome.handle((o, error) -> error == null
        && o.status() != JournalStore.Status.REFUSED);
    CompletionStage<Optional<Exception>> result = outcome
        .thenCompose(o -> afterAppend(o, id, first, last, records))
        .thenCombine(idRecorded, (done, ignored) -> Optional.<Exception>empty())
        .exceptionally(error -> {
          throw new CompletionException(describe(error, "write events " + first + ".." + last
              + " of persistence id '" + id + "'"));
        });
    return new WriteInFlight(applied, result);
  }

  /**
   * A write refused because Redis is still behind it (stored highest &lt; first - 1) was
   * overtaken by a predecessor of the same batch that fell back to EVAL: send it once more after
   * the predecessor, if that one was applied. The script checks again, so this cannot fork.
   */
  private CompletionStage<JournalStore.WriteOutcome> resendIfOvertaken(
      JournalStore.WriteOutcome sent, String id, long first, long last, List<byte[]> encoded,
      CompletionStage<Boolean> predecessor) {
    boolean behind = sent.status() == JournalStore.Status.REFUSED
        && sent.storedHighest() < first - 1;
    if (!behind) {
      return CompletableFuture.completedFuture(sent);
    }
    return predecessor.thenCompose(applied -> applied
        ? store.append(id, first, last, encoded)
        : CompletableFuture.completedFuture(sent));
  }

  private CompletionStage<Void> afterAppend(JournalStore.WriteOutcome outcome, String id,
      long first, long last, List<JournalRecord> records) {
    if (outcome.status() == JournalStore.Status.REFUSED) {
      return CompletableFuture.failedFuture(
          new SequenceNumberConflictException(id, outcome.storedHighest(), first, last));
    }
    if (outcome.status() == JournalStore.Status.ALREADY_STORED) {
      log.debug("Events {}..{} of '{}' were already stored (re-sent write)", first, last, id);
    }
    return recordTags(id, records);
  }

  /** Adds the events to their tags' sorted sets, one script call per tag. */
  private CompletionStage<Void> recordTags(String id, List<JournalRecord> records) {
    Map<String, List<byte[]>> membersByTag = new TreeMap<>();
    for (JournalRecord record : records) {
      for (String tag : record.tags()) {
        membersByTag.computeIfAbsent(tag, t -> new ArrayList<>())
            .add(new TagMember(id, record.sequenceNr()).encode());
      }
    }
    CompletableFuture<?>[] calls = membersByTag.entrySet().stream()
        .map(entry -> store.tag(entry.getKey(), entry.getValue()).toCompletableFuture())
        .toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(calls);
  }

  private CompletionStage<Long> recordPersistenceId(String id) {
    if (knownIds.contains(id)) {
      return CompletableFuture.completedFuture(0L);
    }
    return store.addPersistenceId(id).thenApply(added -> {
      if (knownIds.size() >= KNOWN_IDS_LIMIT) {
        knownIds.clear();
      }
      knownIds.add(id);
      return added;
    });
  }

  /**
   * The results in batch order once every write has finished; the first failure in batch order
   * fails the whole batch (Akka then reports every event of the batch as failed).
   */
  private CompletionStage<Iterable<Optional<Exception>>> inBatchOrder(
      List<CompletableFuture<Optional<Exception>>> results) {
    return CompletableFuture.allOf(results.toArray(new CompletableFuture[0]))
        .<Iterable<Optional<Exception>>>handle((ignored, anyError) -> {
          List<Optional<Exception>> ordered = new ArrayList<>(results.size());
          for (CompletableFuture<Optional<Exception>> result : results) {
            ordered.add(result.join());
          }
          return ordered;
        })
        .whenComplete((ignored, error) -> logConflict(error));
  }

  private void logConflict(Throwable error) {
    if (unwrap(error) instanceof SequenceNumberConflictException conflict) {
      log.warn("{} (plugin '{}')", conflict.getMessage(), pluginId);
    }
  }

  // ---------------------------------------------------------------- replay

  @Override
  public Future<Void> doAsyncReplayMessages(String persistenceId, long fromSequenceNr,
      long toSequenceNr, long max, Consumer<PersistentRepr> replayCallback) {
    if (max <= 0 || toSequenceNr < fromSequenceNr) {
      return toScala(CompletableFuture.completedFuture(null));
    }
    CompletionStage<Void> replay = replayFrom(persistenceId, Math.max(1, fromSequenceNr),
        Math.min(toSequenceNr, MAX_SEQUENCE_NR), max, replayCallback);
    return toScala(replay.exceptionally(error -> {
      throw new CompletionException(describe(error, "replay events " + fromSequenceNr + ".."
          + toSequenceNr + " of persistence id '" + persistenceId + "'"));
    }));
  }

  /**
   * Reads one chunk, delivers it on the replay executor, then continues after its last event.
   * Each chunk starts only after the previous one was delivered, so the callback is never
   * called concurrently.
   */
  private CompletionStage<Void> replayFrom(String id, long from, long to, long remaining,
      Consumer<PersistentRepr> callback) {
    int limit = (int) Math.min(settings.replayChunkSize(), remaining);
    return store.read(id, from, to, limit).thenComposeAsync(chunk -> {
      long lastDelivered = from - 1;
      for (byte[] stored : chunk) {
        JournalRecord record = JournalRecord.decode(stored);
        callback.accept(serialization.toRepr(id, record));
        lastDelivered = record.sequenceNr();
      }
      long left = remaining - chunk.size();
      if (chunk.size() < limit || left <= 0 || lastDelivered >= to) {
        return CompletableFuture.completedFuture(null);
      }
      return replayFrom(id, lastDelivered + 1, to, left, callback);
    }, replayExecutor);
  }

  @Override
  public Future<Long> doAsyncReadHighestSequenceNr(String persistenceId, long fromSequenceNr) {
    return toScala(store.highestSequenceNr(persistenceId).exceptionally(error -> {
      throw new CompletionException(describe(error,
          "read the highest sequence number of persistence id '" + persistenceId + "'"));
    }));
  }

  // ---------------------------------------------------------------- deletion

  @Override
  public Future<Void> doAsyncDeleteMessagesTo(String persistenceId, long toSequenceNr) {
    CompletionStage<Void> deleted = store.deleteTo(persistenceId, toSequenceNr)
        .thenAccept(count -> log.debug("Deleted {} events of '{}' up to {}", count,
            persistenceId, toSequenceNr))
        .exceptionally(error -> {
          throw new CompletionException(describe(error, "delete events up to " + toSequenceNr
              + " of persistence id '" + persistenceId + "'"));
        });
    return toScala(deleted);
  }

  // ---------------------------------------------------------------- helpers

  /** Our own exceptions pass through; anything else is wrapped with what failed and where. */
  private RuntimeException describe(Throwable error, String operation) {
    Throwable cause = unwrap(error);
    if (cause instanceof RedisJournalException own) {
      return own;
    }
    return new RedisJournalException("cannot " + operation + " in Redis at "
        + RedisConnector.redact(redis.settings().uri()) + ": " + cause, cause);
  }

  private static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** A Scala future with the stage's own exception (not a CompletionException around it). */
  private static <T> Future<T> toScala(CompletionStage<T> stage) {
    Promise<T> promise = Promise.apply();
    stage.whenComplete((value, error) -> {
      if (error == null) {
        promise.success(value);
      } else {
        promise.failure(unwrap(error));
      }
    });
    return promise.future();
  }
}
