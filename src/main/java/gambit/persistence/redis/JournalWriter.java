package gambit.persistence.redis;

import akka.persistence.AtomicWrite;
import akka.persistence.PersistentRepr;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Writes batches of AtomicWrites for {@link RedisJournal}; see there for the guarantees. Every
 * Redis command of a batch that does not depend on an earlier answer is sent from
 * {@link #write} itself, in batch order. {@link #write} must be called from one thread at a
 * time (the journal actor's); the stages complete on Lettuce threads.
 */
final class JournalWriter {

  private static final Logger log = LoggerFactory.getLogger(JournalWriter.class);

  /** Redis sorted-set scores are doubles: integers are exact below this. */
  static final long MAX_SEQUENCE_NR = 1L << 53;

  /** Ids known to be in the ids set; forgotten when this many are known, to bound memory. */
  private static final int KNOWN_IDS_LIMIT = 100_000;

  private static final CompletableFuture<Boolean> NO_PREDECESSOR =
      CompletableFuture.completedFuture(false);

  private final JournalStore store;
  private final JournalSerialization serialization;
  private final String redisUri;
  private final Set<String> knownIds = ConcurrentHashMap.newKeySet();

  /** @param redisUri where Redis is, without password, for error messages */
  JournalWriter(JournalStore store, JournalSerialization serialization, String redisUri) {
    this.store = store;
    this.serialization = serialization;
    this.redisUri = redisUri;
  }

  /**
   * Writes a batch. Completes, once every write has finished, with one entry per AtomicWrite in
   * batch order: empty = stored, an exception = rejected (its event could not be serialized).
   * Fails with the first failure in batch order when any write failed (refused, Redis error);
   * Akka then reports every event of the batch as failed.
   */
  CompletionStage<Iterable<Optional<Exception>>> write(Iterable<AtomicWrite> batch) {
    long receivedAt = System.currentTimeMillis();
    Map<String, CompletionStage<Boolean>> appliedById = new HashMap<>();
    List<CompletableFuture<Optional<Exception>>> results = new ArrayList<>();
    for (AtomicWrite write : batch) {
      CompletionStage<Boolean> predecessor =
          appliedById.getOrDefault(write.persistenceId(), NO_PREDECESSOR);
      InFlight inFlight = start(write, receivedAt, predecessor);
      appliedById.put(write.persistenceId(), inFlight.applied());
      results.add(inFlight.result().toCompletableFuture());
    }
    return inBatchOrder(results);
  }

  /**
   * @param applied completes with true once the write took effect in Redis (events stored or
   *     sequence numbers consumed), false when it did not; never fails
   * @param result empty = stored, an exception = rejected; a failed stage = failure
   */
  private record InFlight(CompletionStage<Boolean> applied,
      CompletionStage<Optional<Exception>> result) {}

  private InFlight start(AtomicWrite write, long receivedAt, CompletionStage<Boolean> predecessor) {
    List<PersistentRepr> events = CollectionConverters.asJava(write.payload());
    String id = write.persistenceId();
    long first = write.lowestSequenceNr();
    long last = write.highestSequenceNr();
    Optional<String> invalid = checkSequenceNumbers(events, first, last);
    if (invalid.isPresent()) {
      return new InFlight(NO_PREDECESSOR, CompletableFuture.failedFuture(
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

  /**
   * Rejects the write but consumes its sequence numbers in Redis, in batch order, so that the
   * writer's next write (numbered after them) is accepted. The rejection stands even when Redis
   * fails here: the next write of the batch then fails on its own.
   */
  private InFlight reject(String id, long first, long last, Exception cause) {
    log.debug("Rejecting events {}..{} of '{}': cannot serialize: {}", first, last, id,
        cause.toString());
    CompletionStage<Boolean> consumed = store.skip(id, first, last)
        .handle((highest, error) -> error == null && highest >= last);
    return new InFlight(consumed, consumed.thenApply(ignored -> Optional.of(cause)));
  }

  private InFlight append(String id, long first, long last, List<JournalRecord> records,
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
          throw new CompletionException(RedisJournalException.describe(error, "write events "
              + first + ".." + last + " of persistence id '" + id + "'", redisUri));
        });
    return new InFlight(applied, result);
  }

  /**
   * A write refused because Redis is still behind it (stored highest &lt; first - 1) was
   * overtaken by a predecessor of the same batch (a predecessor that fell back from EVALSHA to
   * EVAL reaches Redis later than it was sent): send it once more after the predecessor, if that
   * one was applied. The script checks again, so this cannot fork the history.
   */
  private CompletionStage<JournalStore.WriteOutcome> resendIfOvertaken(
      JournalStore.WriteOutcome sent, String id, long first, long last, List<byte[]> encoded,
      CompletionStage<Boolean> predecessor) {
    boolean behind = sent.status() == JournalStore.Status.REFUSED
        && sent.storedHighest() < first - 1;
    if (!behind) {
      return CompletableFuture.completedFuture(sent);
    }
    return predecessor.thenCompose(applied -> {
      if (!applied) {
        return CompletableFuture.completedFuture(sent);
      }
      log.debug("Re-sending events {}..{} of '{}': they overtook their predecessor", first, last,
          id);
      return store.append(id, first, last, encoded);
    });
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

  /** SADD once per id and journal instance; sent now, so it shares the write's round trip. */
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

  private CompletionStage<Iterable<Optional<Exception>>> inBatchOrder(
      List<CompletableFuture<Optional<Exception>>> results) {
    return CompletableFuture.allOf(results.toArray(new CompletableFuture<?>[0]))
        .<Iterable<Optional<Exception>>>handle((ignored, anyError) -> {
          List<Optional<Exception>> ordered = new ArrayList<>(results.size());
          for (CompletableFuture<Optional<Exception>> result : results) {
            ordered.add(result.join());
          }
          return ordered;
        })
        .whenComplete((ignored, error) -> logConflict(error));
  }

  /** One WARN per failed batch: a conflict means two incarnations of an entity were alive. */
  private static void logConflict(Throwable error) {
    if (RedisJournalException.unwrap(error) instanceof SequenceNumberConflictException conflict) {
      log.warn(conflict.getMessage());
    }
  }
}
