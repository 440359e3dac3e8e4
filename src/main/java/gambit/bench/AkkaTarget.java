package gambit.bench;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.AskPattern;
import akka.japi.function.Function;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Writes and replays through {@link BenchEntity} entities persisting to one journal plugin.
 * Entities are spawned as system actors (no sharding, no remoting: only persistence is
 * measured). Each run uses fresh persistence ids, so no run replays another run's events.
 * Methods block the calling thread; not thread-safe.
 */
final class AkkaTarget {

  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(30);

  private final ActorSystem<?> system;
  private final String journalPluginId;
  /** Actor names must stay unique while a stopped entity's name is still being released. */
  private static final AtomicLong SPAWNED = new AtomicLong();

  AkkaTarget(ActorSystem<?> system, String journalPluginId) {
    this.system = system;
    this.journalPluginId = journalPluginId;
  }

  String journalPluginId() {
    return journalPluginId;
  }

  /**
   * Closed-loop writes: {@code writers} entities, each with one {@link BenchEntity.Append} in
   * flight (sent with ask; the reply comes after the journal confirmed the write). Entities are
   * recovered before the warm-up starts and stopped after the run.
   *
   * @param usage samples CPU counters at the start and end of the measured window
   */
  ClosedLoop.Result write(String idPrefix, int writers, byte[] payload, Duration warmup,
      Duration measured, Supplier<Usage.Sample> usage) throws InterruptedException {
    List<ActorRef<BenchEntity.Command>> entities = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      entities.add(spawn(idPrefix + "-" + i, count -> {}));
    }
    askAll(entities, BenchEntity.GetCount::new);

    List<ClosedLoop.Writer> loop = new ArrayList<>();
    for (ActorRef<BenchEntity.Command> entity : entities) {
      loop.add(sequence -> ask(entity, replyTo -> new BenchEntity.Append(payload, replyTo)));
    }
    ClosedLoop.Result result = ClosedLoop.run(loop, warmup, measured, usage);
    askAll(entities, BenchEntity.Stop::new);
    return result;
  }

  /**
   * Writes {@code events} events to one new persistence id in atomic batches of
   * {@code batchSize}, then stops that entity.
   */
  void fill(String persistenceId, int events, int batchSize, byte[] payload)
      throws InterruptedException {
    ActorRef<BenchEntity.Command> entity = spawn(persistenceId, count -> {});
    int written = 0;
    while (written < events) {
      int count = Math.min(batchSize, events - written);
      await(ask(entity, replyTo -> new BenchEntity.AppendBatch(payload, count, replyTo)));
      written += count;
    }
    await(ask(entity, BenchEntity.Stop::new));
  }

  /**
   * Starts a new incarnation of {@code persistenceId} and returns how long its recovery (no
   * snapshot, every event replayed through the journal into the entity) took, in seconds.
   *
   * @throws IllegalStateException when the entity recovered another number of events
   */
  double recover(String persistenceId, long expectedEvents) throws InterruptedException {
    CompletableFuture<Long> recovered = new CompletableFuture<>();
    long start = System.nanoTime();
    ActorRef<BenchEntity.Command> entity = spawn(persistenceId, recovered::complete);
    long events = await(recovered);
    double seconds = (System.nanoTime() - start) / 1e9;
    await(ask(entity, BenchEntity.Stop::new));
    if (events != expectedEvents) {
      throw new IllegalStateException(persistenceId + " recovered " + events + " events, expected "
          + expectedEvents);
    }
    return seconds;
  }

  private ActorRef<BenchEntity.Command> spawn(String persistenceId,
      java.util.function.LongConsumer onRecovered) {
    String name = "bench-entity-" + SPAWNED.incrementAndGet();
    return system.systemActorOf(new BenchEntity(persistenceId, journalPluginId, onRecovered), name,
        Props.empty());
  }

  /**
   * Asks and returns a stage whose callbacks run on the thread that completes the ask (the
   * entity's, as it replies). The stage {@link AskPattern#ask} returns turns every callback into
   * an {@code *Async} one on the common ForkJoinPool, and with fewer than 3 CPUs that pool
   * starts a new thread per task: the benchmark would measure thread creation.
   */
  private CompletionStage<Long> ask(ActorRef<BenchEntity.Command> entity,
      Function<ActorRef<Long>, BenchEntity.Command> command) {
    return AskPattern.ask(entity, command, ASK_TIMEOUT, system.scheduler())
        .thenApplyAsync(reply -> reply, Runnable::run);
  }

  private void askAll(List<ActorRef<BenchEntity.Command>> entities,
      Function<ActorRef<Long>, BenchEntity.Command> command) throws InterruptedException {
    List<CompletableFuture<Long>> replies = new ArrayList<>();
    entities.forEach(entity -> replies.add(ask(entity, command).toCompletableFuture()));
    await(CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)));
  }

  private static <T> T await(CompletionStage<T> stage) throws InterruptedException {
    try {
      return stage.toCompletableFuture().get(ASK_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("entity call failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("entity call timed out after " + ASK_TIMEOUT.toSeconds() * 2
          + " s", e);
    }
  }
}
