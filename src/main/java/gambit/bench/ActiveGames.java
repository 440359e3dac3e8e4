package gambit.bench;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.AskPattern;
import akka.cluster.sharding.ShardRegion;
import akka.cluster.sharding.typed.ClusterShardingQuery;
import akka.cluster.sharding.typed.GetShardRegionState;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import gambit.chess.ChessGame;
import gambit.chess.ChessGame.Command;
import gambit.chess.ChessGame.Reply;
import gambit.chess.Player;
import gambit.chess.TimeControl;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Measures the heap an active game costs: many games are started through cluster sharding
 * (commands to the sharded entities in this JVM, not over HTTP, which would take far longer:
 * the entity, its state, its topic actor, its timers and sharding's bookkeeping are the same),
 * each created with a running clock, joined and given {@link #OPENING} moves, and the live heap
 * after a full collection is compared with the heap before. It runs on a node that holds
 * nothing but a warm-up's games ({@link #warmUpGames}, with running clocks: they stay), so
 * the difference is what the new games hold.
 */
final class ActiveGames {

  /** Two moves a side: both clocks have started, so the games stay in memory. */
  static final List<String> OPENING = List.of("e2e4", "e7e5", "g1f3", "b8c6");
  private static final int IN_FLIGHT = 256;
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(60);
  private static final int GROWTH_SHOWN = 15;

  private final ActorSystem<?> system;
  private final PrintStream progress;
  private final SecureRandom random = new SecureRandom();

  /**
   * What the games took.
   *
   * @param games how many were started
   * @param entitiesBefore ChessGame entities in memory before, per sharding's shard state
   * @param entitiesAfter the same after
   * @param heapBefore used heap after full collections, before
   * @param heapAfter the same after
   * @param before the class histogram before
   * @param after the class histogram after
   * @param starting how long starting them took
   */
  record Result(int games, long entitiesBefore, long entitiesAfter, long heapBefore,
      long heapAfter, HeapHistogram before, HeapHistogram after, Duration starting) {

    /** Heap growth per started game, from the used heap after full collections. */
    double bytesPerGame() {
      return (double) (heapAfter - heapBefore) / games;
    }

    String describe() {
      List<String> lines = new ArrayList<>();
      lines.add(String.format(Locale.ROOT, "MEMORY: %d games started through ClusterSharding"
              + " directly (not HTTP): Create (%s), Join and %d moves each, %d commands at"
              + " once, in %.1f s", games, GameBenchmark.TIME_CONTROL, OPENING.size(),
          IN_FLIGHT, starting.toMillis() / 1000.0));
      lines.add(String.format(Locale.ROOT, "  ChessGame entities in memory: %d -> %d",
          entitiesBefore, entitiesAfter));
      lines.add(String.format(Locale.ROOT, "  live heap after full GC: %.1f MB -> %.1f MB ="
              + " %.0f bytes per game (class histogram: %.0f bytes per game)",
          heapBefore / 1e6, heapAfter / 1e6, bytesPerGame(),
          (double) (after.totalBytes() - before.totalBytes()) / games));
      lines.add("  largest growth per game (bytes, objects, class):");
      for (HeapHistogram.Growth growth : after.growthSince(before, GROWTH_SHOWN)) {
        lines.add(String.format(Locale.ROOT, "  %8.0f %6.1f  %s", (double) growth.bytes() / games,
            (double) growth.instances() / games, growth.className()));
      }
      return String.join("\n", lines);
    }
  }

  ActiveGames(ActorSystem<?> system, PrintStream progress) {
    this.system = system;
    this.progress = progress;
  }

  /** Starts {@code count} games and measures what they take. */
  Result start(int count, String timeControl) throws Exception {
    TimeControl clock = TimeControl.parse(timeControl).orElseThrow();
    progress.printf("memory: warm-up, %d games%n", warmUpGames(count));
    startGames(warmUpGames(count), clock);
    progress.println("memory: full collections and a class histogram before");
    long entitiesBefore = entitiesInMemory();
    long heapBefore = liveHeap();
    HeapHistogram before = HeapHistogram.now();

    progress.printf("memory: starting %d games%n", count);
    long start = System.nanoTime();
    startGames(count, clock);
    Duration starting = Duration.ofNanos(System.nanoTime() - start);

    progress.println("memory: full collections and a class histogram after");
    long entitiesAfter = entitiesInMemory();
    long heapAfter = liveHeap();
    HeapHistogram after = HeapHistogram.now();
    return new Result(count, entitiesBefore, entitiesAfter, heapBefore, heapAfter, before, after,
        starting);
  }

  /**
   * Games started before the first reading, so that the classes, caches and pools the first
   * games bring into memory are counted in both readings; they stay in memory.
   */
  static int warmUpGames(int count) {
    return Math.max(100, count / 100);
  }

  private void startGames(int count, TimeControl timeControl) throws Exception {
    Semaphore inFlight = new Semaphore(IN_FLIGHT);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicInteger done = new AtomicInteger();
    for (int i = 0; i < count && failure.get() == null; i++) {
      inFlight.acquire();
      startGame(timeControl).whenComplete((ignored, error) -> {
        if (error != null) {
          failure.compareAndSet(null, error);
        }
        inFlight.release();
        if (done.incrementAndGet() % 10_000 == 0) {
          progress.printf("memory: %d games started%n", done.get());
        }
      });
    }
    if (!inFlight.tryAcquire(IN_FLIGHT, ASK_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      throw new IllegalStateException("games still starting " + ASK_TIMEOUT + " after the last");
    }
    if (failure.get() != null) {
      throw new IllegalStateException("a game did not start: " + failure.get(), failure.get());
    }
  }

  /** Create, join and the opening, one after the other; fails on any refusal. */
  private CompletionStage<Reply> startGame(TimeControl timeControl) {
    String id = newGameId();
    Player white = new Player(UUID.randomUUID().toString(), "white-" + id.substring(0, 8));
    Player black = new Player(UUID.randomUUID().toString(), "black-" + id.substring(0, 8));
    List<Function<ActorRef<Reply>, Command>> steps = new ArrayList<>();
    steps.add(to -> new ChessGame.Create(white, timeControl, ChessGame.ColorChoice.WHITE, null,
        to));
    steps.add(to -> new ChessGame.Join(black, to));
    for (int ply = 0; ply < OPENING.size(); ply++) {
      int at = ply;
      String mover = (ply % 2 == 0 ? white : black).userId();
      steps.add(to -> new ChessGame.MakeMove(mover, OPENING.get(at), at, to));
    }
    CompletionStage<Reply> chain = CompletableFuture.completedFuture(null);
    for (Function<ActorRef<Reply>, Command> step : steps) {
      chain = chain.thenCompose(previous -> accepted(previous)
          ? ClusterSharding.get(system).entityRefFor(ChessGame.ENTITY_TYPE_KEY, id)
              .ask(step::apply, ASK_TIMEOUT)
          : CompletableFuture.failedFuture(new IllegalStateException("game " + id + ": "
              + previous)));
    }
    return chain.thenApply(last -> {
      if (!accepted(last)) {
        throw new IllegalStateException("game " + id + ": " + last);
      }
      return last;
    });
  }

  private static boolean accepted(Reply reply) {
    return reply == null || reply instanceof ChessGame.Accepted;
  }

  /** Like the API's ids: 12 random bytes, 16 URL-safe characters. */
  private String newGameId() {
    byte[] bytes = new byte[12];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private long entitiesInMemory() {
    ShardRegion.CurrentShardRegionState state = AskPattern.<ClusterShardingQuery,
            ShardRegion.CurrentShardRegionState>ask(ClusterSharding.get(system).shardState(),
            replyTo -> new GetShardRegionState(ChessGame.ENTITY_TYPE_KEY, replyTo),
            ASK_TIMEOUT, system.scheduler())
        .toCompletableFuture().join();
    return state.getShards().stream().mapToLong(shard -> shard.getEntityIds().size()).sum();
  }

  /** The used heap after a few full collections (System.gc() is one with G1 and Parallel). */
  static long liveHeap() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      TimeUnit.MILLISECONDS.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
