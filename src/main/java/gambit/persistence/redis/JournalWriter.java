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
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes batches of AtomicWrites for {@link RedisJournal}; see there for the guarantees. Every
 * Redis command of a batch that does not depend on an earlier answer is sent from
 * {@link #write} itself, in batch order. {@link #write} must be called from one thread at a
 * time (the journal actor's); the stages complete on Lettuce threads.
 *
 * <p>Every AtomicWrite is one script call, also when a batch holds several writes of one id.
 * Merging a run of consecutive, serializable writes of one id into one call would keep each
 * write all-or-nothing and keep rejections per write (a rejected write would end the run), but
 * it would save nothing where it matters here: a typed {@code EventSourcedBehavior} sends one
 * AtomicWrite per batch (only classic actors batch several), so it is not done.
 */
final class JournalWriter {

  private static final Logger log = LoggerFactory.getLogger(JournalWriter.class);

  /** Redis sorted-set scores are doubles: integers are exact below this. */
  static final long MAX_SEQUENCE_NR = 1L << 53;

  /** Ids known to be in the ids set; forgotten when this many are known, to bound memory. */
  private static final int KNOWN_IDS_LIMIT = 100_000;

  private static final CompletableFuture<Boolean> NOT_APPLIED =
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
   *
   * <p>Each write is driven by callbacks on the replies of its own commands (one per Redis
   * reply) rather than by a chain of derived stages: a write costs few allocations and no
   * hand-off between threads besides Redis' answer.
   */
  CompletionStage<Iterable<Optional<Exception>>> write(Iterable<AtomicWrite> batch) {
    long receivedAt = System.currentTimeMillis();
    List<AtomicWrite> writes = new ArrayList<>();
    batch.forEach(writes::add);
    BatchResult result = new BatchResult(writes.size());
    Map<String, CompletableFuture<Boolean>> appliedById = new HashMap<>();
    for (int i = 0; i < writes.size(); i++) {
      AtomicWrite write = writes.get(i);
      CompletableFuture<Boolean> predecessor = appliedById.get(write.persistenceId());
      appliedById.put(write.persistenceId(),
          start(write, receivedAt, predecessor, result.slot(i)));
    }
    return result.future();
  }

  /**
   * Starts one AtomicWrite and reports its outcome to {@code slot}.
   *
   * @param predecessor the applied-future of the previous write of the same id in this batch,
   *     or null
   * @return completes with true once the write took effect in Redis (events stored or sequence
   *     numbers consumed), false when it did not; never fails
   */
  private CompletableFuture<Boolean> start(AtomicWrite write, long receivedAt,
      CompletableFuture<Boolean> predecessor, Slot slot) {
    String id = write.persistenceId();
    long first = write.lowestSequenceNr();
    long last = write.highestSequenceNr();
    List<PersistentRepr> events = eventsOf(write);
    String invalid = checkSequenceNumbers(events, first, last);
    if (invalid != null) {
      slot.failed(new IllegalArgumentException(invalid + " (persistence id '" + id + "')"));
      return NOT_APPLIED;
    }
    List<JournalRecord> records = new ArrayList<>(events.size());
    for (PersistentRepr event : events) {
      try {
        records.add(serialization.toRecord(event, receivedAt));
      } catch (Exception e) {
        return reject(id, first, last, e, slot);
      }
    }
    List<byte[]> encoded = new ArrayList<>(records.size());
    boolean tagged = false;
    for (JournalRecord record : records) {
      encoded.add(record.encode());
      tagged |= !record.tags().isEmpty();
    }
    // untagged records are not kept: the reply's thread then never reads them
    return new Append(id, first, last, tagged ? records : null, encoded, predecessor, slot)
        .send();
  }

  /** The events in an indexed list: the payload is a linked Scala list, slow to index. */
  private static List<PersistentRepr> eventsOf(AtomicWrite write) {
    List<PersistentRepr> events = new ArrayList<>();
    scala.collection.Iterator<PersistentRepr> payload = write.payload().iterator();
    while (payload.hasNext()) {
      events.add(payload.next());
    }
    return events;
  }

  /** Null when the events are numbered first, first + 1, ..., last; else what is wrong. */
  private static String checkSequenceNumbers(List<PersistentRepr> events, long first,
      long last) {
    if (first < 1 || last >= MAX_SEQUENCE_NR) {
      return "sequence numbers " + first + ".." + last + " are outside 1..2^53-1";
    }
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).sequenceNr() != first + i) {
        return "the events of an AtomicWrite must have consecutive sequence numbers, got "
            + events.get(i).sequenceNr() + " at position " + i + " after " + first;
      }
    }
    return null;
  }

  /**
   * Rejects the write but consumes its sequence numbers in Redis, in batch order, so that the
   * writer's next write (numbered after them) is accepted. The rejection stands even when Redis
   * fails here: the next write of the batch then fails on its own.
   */
  private CompletableFuture<Boolean> reject(String id, long first, long last, Exception cause,
      Slot slot) {
    log.debug("Rejecting events {}..{} of '{}': cannot serialize: {}", first, last, id,
        cause.toString());
    CompletableFuture<Boolean> consumed = new CompletableFuture<>();
    store.skip(id, first, last).whenComplete((highest, error) -> {
      consumed.complete(error == null && highest >= last);
      slot.succeeded(Optional.of(cause));
    });
    return consumed;
  }

  /**
   * One AtomicWrite on its way through Redis: the events script, possibly its re-send, the tag
   * step and the recording of the id, each started from the previous reply's callback (on a
   * Lettuce thread). Reports to its slot exactly once.
   */
  private final class Append {
    private final String id;
    private final long first;
    private final long last;
    /** The records, when one of them has a tag; else null. */
    private final List<JournalRecord> records;
    private final List<byte[]> encoded;
    private final CompletableFuture<Boolean> predecessor;
    private final Slot slot;
    private final CompletableFuture<Boolean> applied = new CompletableFuture<>();
    /** The SADD of the id, or null when the id is known to be recorded already. */
    private CompletionStage<Long> idRecorded;

    Append(String id, long first, long last, List<JournalRecord> records, List<byte[]> encoded,
        CompletableFuture<Boolean> predecessor, Slot slot) {
      this.id = id;
      this.first = first;
      this.last = last;
      this.records = records;
      this.encoded = encoded;
      this.predecessor = predecessor;
      this.slot = slot;
    }

    /** Sends the commands that depend on no answer (the SADD shares the round trip). */
    CompletableFuture<Boolean> send() {
      idRecorded = recordPersistenceId(id);
      store.append(id, first, last, encoded, records != null).whenComplete((outcome, error) ->
          step(() -> onFirstAnswer(outcome, error)));
      return applied;
    }

    /**
     * Runs a step on a reply's thread. Should a step throw (a bug), the write fails with that
     * exception rather than never answering; a slot takes only its first report.
     */
    private void step(Runnable body) {
      try {
        body.run();
      } catch (RuntimeException e) {
        applied.complete(false);
        failed(e);
      }
    }

    private void onFirstAnswer(JournalStore.WriteOutcome outcome, Throwable error) {
      if (error != null) {
        applied.complete(false);
        failed(error);
      } else if (overtookPredecessor(outcome)) {
        predecessor.thenAccept(predecessorApplied -> step(() -> resendAfterPredecessor(
            predecessorApplied, outcome)));
      } else {
        onWritten(outcome);
      }
    }

    /**
     * A write refused because Redis is still behind it (stored highest &lt; first - 1) was
     * overtaken by a predecessor of the same batch (a predecessor that fell back from EVALSHA
     * to EVAL reaches Redis later than it was sent): it is sent once more after the
     * predecessor, if that one was applied. The script checks again, so this cannot fork the
     * history.
     */
    private boolean overtookPredecessor(JournalStore.WriteOutcome outcome) {
      return predecessor != null && outcome.status() == JournalStore.Status.REFUSED
          && outcome.storedHighest() < first - 1;
    }

    private void resendAfterPredecessor(boolean predecessorApplied,
        JournalStore.WriteOutcome refused) {
      if (!predecessorApplied) {
        onWritten(refused);
        return;
      }
      log.debug("Re-sending events {}..{} of '{}': they overtook their predecessor", first,
          last, id);
      boolean tagged = records != null;
      store.append(id, first, last, encoded, tagged).whenComplete((outcome, error) -> step(() -> {
        if (error != null) {
          applied.complete(false);
          failed(error);
        } else {
          onWritten(outcome);
        }
      }));
    }

    /** The events script's final answer: refused, or stored (now or before) and on to tags. */
    private void onWritten(JournalStore.WriteOutcome outcome) {
      applied.complete(outcome.status() != JournalStore.Status.REFUSED);
      if (outcome.status() == JournalStore.Status.REFUSED) {
        failed(new SequenceNumberConflictException(id, outcome.storedHighest(), first, last));
        return;
      }
      if (outcome.status() == JournalStore.Status.ALREADY_STORED) {
        log.debug("Events {}..{} of '{}' were already stored (re-sent write)", first, last, id);
      }
      CompletionStage<Void> tagged = recordTags(id, records);
      if (tagged == null) {
        afterTags();
      } else {
        tagged.whenComplete((ignored, error) -> {
          if (error != null) {
            failed(error);
          } else {
            // not awaited: should it fail, the id's next recovery records the tags again
            store.tagsRecorded(id, first, last);
            afterTags();
          }
        });
      }
    }

    private void afterTags() {
      if (idRecorded == null) {
        slot.succeeded(Optional.empty());
        return;
      }
      idRecorded.whenComplete((ignored, error) -> {
        if (error != null) {
          failed(error);
        } else {
          slot.succeeded(Optional.empty());
        }
      });
    }

    private void failed(Throwable error) {
      slot.failed(RedisJournalException.describe(error, "write events " + first + ".." + last
          + " of persistence id '" + id + "'", redisUri));
    }
  }

  /**
   * Records the tag entries of the id's writes that were stored but whose tags may be missing
   * (the writer stopped between the two steps), write after write, and clears their marks. The
   * tag script skips entries already present, so repeating this is harmless.
   *
   * @return completes when done; fails when Redis fails or a stored record cannot be read
   */
  CompletionStage<Void> repairTags(String id) {
    return store.untaggedWrites(id).thenCompose(writes -> {
      CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
      for (long[] write : writes) {
        chain = chain.thenCompose(ignored -> repairTags(id, write[0], write[1]));
      }
      return chain;
    });
  }

  private CompletionStage<Void> repairTags(String id, long first, long last) {
    return store.read(id, first, last, (int) Math.min(Integer.MAX_VALUE, last - first + 1))
        .thenCompose(stored -> {
          List<JournalRecord> records = stored.stream().map(JournalRecord::decode).toList();
          CompletionStage<Void> tagged = recordTags(id, records);
          log.info("Recording the tags of events {}..{} of '{}', stored without them before",
              first, last, id);
          return tagged == null ? CompletableFuture.<Void>completedFuture(null) : tagged;
        })
        .thenCompose(ignored -> store.tagsRecorded(id, first, last))
        .thenApply(removed -> null);
  }

  /**
   * Adds the events to their tags' sorted sets, one script call per tag.
   *
   * @param records the records, or null when none has a tag (the common case, which then costs
   *     nothing)
   * @return null when there was nothing to record
   */
  private CompletionStage<Void> recordTags(String id, List<JournalRecord> records) {
    if (records == null) {
      return null;
    }
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

  /**
   * SADD once per id and journal instance; sent now, so it shares the write's round trip. Null
   * when the id is known to be in the set already.
   */
  private CompletionStage<Long> recordPersistenceId(String id) {
    if (knownIds.contains(id)) {
      return null;
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
   * The outcome of one batch: one slot per AtomicWrite, each reported exactly once, from any
   * thread. When the last slot is reported the future completes, with the results in batch
   * order or with the first failure in batch order.
   */
  private static final class BatchResult {
    private final AtomicReferenceArray<Object> outcomes;
    private final AtomicInteger pending;
    private final CompletableFuture<Iterable<Optional<Exception>>> future =
        new CompletableFuture<>();

    BatchResult(int size) {
      this.outcomes = new AtomicReferenceArray<>(size);
      this.pending = new AtomicInteger(size);
      if (size == 0) {
        future.complete(List.of());
      }
    }

    CompletableFuture<Iterable<Optional<Exception>>> future() {
      return future;
    }

    Slot slot(int index) {
      return new Slot(this, index);
    }

    /** Only the first report of a slot counts. */
    void report(int index, Object outcome) {
      if (outcomes.compareAndSet(index, null, outcome) && pending.decrementAndGet() == 0) {
        complete();
      }
    }

    @SuppressWarnings("unchecked")
    private void complete() {
      List<Optional<Exception>> results = new ArrayList<>(outcomes.length());
      for (int i = 0; i < outcomes.length(); i++) {
        Object outcome = outcomes.get(i);
        if (outcome instanceof Throwable failure) {
          logConflict(failure);
          future.completeExceptionally(failure);
          return;
        }
        results.add((Optional<Exception>) outcome);
      }
      future.complete(results);
    }
  }

  /** Where one AtomicWrite reports: empty = stored, an exception = rejected, or a failure. */
  private record Slot(BatchResult batch, int index) {
    void succeeded(Optional<Exception> result) {
      batch.report(index, result);
    }

    void failed(Throwable failure) {
      batch.report(index, failure);
    }
  }

  /** One WARN per failed batch: a conflict means two incarnations of an entity were alive. */
  private static void logConflict(Throwable error) {
    if (RedisJournalException.unwrap(error) instanceof SequenceNumberConflictException conflict) {
      log.warn(conflict.getMessage());
    }
  }
}
