package gambit.persistence.redis;

import akka.persistence.SelectedSnapshot;
import akka.persistence.SnapshotMetadata;
import akka.persistence.SnapshotSelectionCriteria;
import akka.persistence.snapshot.japi.SnapshotStore;
import com.typesafe.config.Config;
import gambit.persistence.redis.RedisSnapshotStorage.StoredSnapshot;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.concurrent.Future;
import scala.jdk.javaapi.FutureConverters;

/**
 * Akka Persistence snapshot store on Redis; plugin id {@code akka-persistence-redis.snapshot}.
 *
 * <p>A snapshot is serialized with Akka Serialization into a versioned {@link SnapshotRecord}
 * and stored by {@link RedisSnapshotStorage} (keys and scripts are documented there): saving
 * replaces a snapshot with the same sequence number and prunes to the configured {@code keep} in
 * the same atomic script.
 *
 * <p>Loading returns the matching snapshot with the highest sequence number. When that one cannot
 * be read (damaged record, serializer gone or refusing), a WARN is logged and the next older
 * matching snapshot is tried, up to {@code max-load-attempts} snapshots in all; if none of them
 * can be read, or a damaged one has no older one behind it, the load fails rather than returning
 * nothing, because the events before the snapshot may have been deleted.
 *
 * <p>Deleting by metadata removes the snapshot with that sequence number, and only when its
 * timestamp equals the metadata's, unless the metadata's timestamp is 0 (any).
 *
 * <p>Akka's {@code SnapshotStore} base class runs every operation inside the plugin's circuit
 * breaker, stamps the save time into the metadata and replies to the persistent actor. Redis
 * failures (unreachable, timeout) fail the operation; nothing is retried here. The first
 * operation opens the plugin's shared connection ({@link RedisPersistence}) and may block this
 * actor for up to {@code connect-timeout}; later ones never block. Decoding runs on the plugin
 * dispatcher, never on a Redis I/O thread.
 */
public final class RedisSnapshotStore extends SnapshotStore {

  private static final Logger log = LoggerFactory.getLogger(RedisSnapshotStore.class);

  private final RedisSnapshotStoreSettings settings;
  private final RedisSnapshotStorage storage;
  private final SnapshotSerialization serialization;
  private final Executor executor;

  /**
   * Called by Akka Persistence.
   *
   * @param config the plugin's section, merged over Akka's snapshot-store fallback
   * @param configPath the plugin id
   * @throws IllegalArgumentException when a setting is invalid (the plugin then fails to start)
   */
  public RedisSnapshotStore(Config config, String configPath) {
    this.settings = RedisSnapshotStoreSettings.from(config, configPath);
    RedisPersistence plugin = RedisPersistence.get(context().system());
    this.storage = new RedisSnapshotStorage(plugin.keys(), () -> plugin.connector().commands());
    this.serialization = new SnapshotSerialization(context().system());
    this.executor = context().dispatcher();
    log.info("Redis snapshot store {} started (keep = {}, max-load-attempts = {})", configPath,
        settings.keep() == 0 ? "all" : settings.keep(), settings.maxLoadAttempts());
  }

  // ---------------------------------------------------------------- load

  @Override
  public Future<Optional<SelectedSnapshot>> doLoadAsync(String persistenceId,
      SnapshotSelectionCriteria criteria) {
    return toScala(load(persistenceId, criteria, 1, null));
  }

  /**
   * Loads the newest snapshot matching {@code criteria}; {@code previousFailure} is why the
   * attempt before this one could not read a newer snapshot (null on the first attempt).
   */
  private CompletionStage<Optional<SelectedSnapshot>> load(String persistenceId,
      SnapshotSelectionCriteria criteria, int attempt, Throwable previousFailure) {
    return storage.newest(persistenceId, criteria).thenComposeAsync(found -> {
      if (found.isPresent()) {
        return readOrFallBack(persistenceId, criteria, found.get(), attempt);
      }
      return previousFailure == null
          ? CompletableFuture.completedFuture(Optional.empty())
          : CompletableFuture.failedFuture(previousFailure);
    }, executor);
  }

  private CompletionStage<Optional<SelectedSnapshot>> readOrFallBack(String persistenceId,
      SnapshotSelectionCriteria criteria, StoredSnapshot stored, int attempt) {
    try {
      return CompletableFuture.completedFuture(
          Optional.of(serialization.fromRecord(persistenceId, stored)));
    } catch (Exception e) { // Scala code below may throw undeclared checked exceptions
      int left = settings.maxLoadAttempts() - attempt;
      log.warn("Cannot read snapshot {} of persistence id {} ({}); {}", stored.sequenceNr(),
          persistenceId, e.getMessage(),
          left > 0 ? "trying an older one, if any" : "no load attempts left, the load fails");
      if (left <= 0) {
        return CompletableFuture.failedFuture(e);
      }
      return load(persistenceId, below(criteria, stored.sequenceNr()), attempt + 1, e);
    }
  }

  private static SnapshotSelectionCriteria below(SnapshotSelectionCriteria criteria,
      long sequenceNr) {
    return SnapshotSelectionCriteria.create(sequenceNr - 1, criteria.maxTimestamp(),
        criteria.minSequenceNr(), criteria.minTimestamp());
  }

  // ---------------------------------------------------------------- save

  @Override
  public Future<Void> doSaveAsync(SnapshotMetadata metadata, Object snapshot) {
    return toScala(save(metadata, snapshot));
  }

  private CompletionStage<Void> save(SnapshotMetadata metadata, Object snapshot) {
    byte[] record;
    try {
      record = serialization.toRecord(metadata, snapshot);
    } catch (Exception e) { // Scala code below may throw undeclared checked exceptions
      return CompletableFuture.failedFuture(e);
    }
    return storage.save(metadata.persistenceId(), metadata.sequenceNr(), metadata.timestamp(),
        record, settings.keep()).thenAccept(pruned -> log.debug(
            "Saved snapshot {} of {} ({} bytes), pruned {} older", metadata.sequenceNr(),
            metadata.persistenceId(), record.length, pruned));
  }

  // ---------------------------------------------------------------- delete

  @Override
  public Future<Void> doDeleteAsync(SnapshotMetadata metadata) {
    CompletionStage<Void> done = storage
        .delete(metadata.persistenceId(), metadata.sequenceNr(), metadata.timestamp())
        .thenAccept(deleted -> log.debug("Deleted {} snapshot(s) of {} for {}", deleted,
            metadata.persistenceId(), metadata));
    return toScala(done);
  }

  @Override
  public Future<Void> doDeleteAsync(String persistenceId, SnapshotSelectionCriteria criteria) {
    CompletionStage<Void> done = storage.deleteMatching(persistenceId, criteria)
        .thenAccept(deleted -> log.debug("Deleted {} snapshot(s) of {} matching {}", deleted,
            persistenceId, criteria));
    return toScala(done);
  }

  // ---------------------------------------------------------------- helpers

  /**
   * The stage as a Scala future that fails with the original exception, not the
   * {@code CompletionException} that composed stages wrap it in, so the persistent actor's
   * {@code SaveSnapshotFailure} / {@code LoadSnapshotFailed} carries the real cause.
   */
  private static <T> Future<T> toScala(CompletionStage<T> stage) {
    CompletableFuture<T> unwrapped = new CompletableFuture<>();
    stage.whenComplete((value, error) -> {
      if (error == null) {
        unwrapped.complete(value);
      } else {
        unwrapped.completeExceptionally(
            error instanceof CompletionException && error.getCause() != null
                ? error.getCause() : error);
      }
    });
    return FutureConverters.asScala(unwrapped);
  }
}
