package gambit.bench;

import com.typesafe.config.Config;
import gambit.Main;
import gambit.bench.GameBenchOptions.Phase;
import gambit.chess.ChessGame;
import gambit.chess.ChessSettings;
import gambit.persistence.redis.RedisConnector;
import gambit.persistence.redis.RedisPluginSettings;
import gambit.tools.GameApi;
import gambit.tools.GameApi.Account;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The chess game benchmark: one node in this JVM (a cluster of one with the real routes and
 * sharded {@link ChessGame} entities, on a redis-server of its own unless {@code --redis-uri}
 * is given), measured by clients in the same JVM, so clients and node share the CPUs. Phases,
 * in the order they run:
 *
 * <ol>
 *   <li>Memory ({@link ActiveGames}): many games are started and given a few moves, and the
 *       live heap after a full collection is compared with the heap before; the move runs
 *       then go on with those games in memory, as a loaded node has them.
 *   <li>Moves ({@link GameSlot}): for each count N of {@code --games}, N games are played over
 *       HTTP at once, each by its two players in a closed loop (one move in flight per game,
 *       the side to move sends the next move when the previous one was answered). A move
 *       counts when its 200 arrived, which the game sends after the move is persisted, so
 *       these are durable moves. Printed: moves/s, latency percentiles, CPU per move.
 *   <li>Recovery ({@link RecoveryProbe}): a long game is persisted, then a fresh incarnation of
 *       its entity is started again and again and timed until it answered its first command,
 *       once for a game with snapshots and once for one without.
 * </ol>
 *
 * Usage: {@link GameBenchOptions#USAGE}. The report is this program's standard output, so it is
 * printed with {@code System.out} on purpose; progress goes to standard error.
 */
public final class GameBenchmark {

  /** Three hours a side: clocks run (so the games stay in memory, as live games do), no flag. */
  static final String TIME_CONTROL = "180+0";
  static final double MOVES_TARGET = 4_000;
  static final double P99_TARGET_MILLIS = 25;
  static final double BYTES_PER_GAME_TARGET = 10 * 1024;
  static final double RECOVERY_P99_TARGET_MILLIS = 20;
  /** Games are created ahead for moves at up to this rate; beyond, players create them. */
  private static final double POOL_RATE = 10_000;
  /** The clients' HTTP threads: as many as CPUs, so the clients take no more than they need. */
  private static final int THREAD_KINDS_SHOWN = 8;
  private static final int CLIENT_THREADS = Runtime.getRuntime().availableProcessors();

  private final GameBenchOptions options;
  private final BenchNode node;
  private final RedisConnector<byte[], byte[]> redis;
  private final PrintStream out;
  private final PrintStream progress;
  private final GameApi api;
  private final Results results = new Results();

  /** The figures of a run, for the report's targets and for tests. */
  static final class Results {
    final Map<Integer, ClosedLoop.Result> moves = new LinkedHashMap<>();
    final Map<Integer, Integer> gamesCreatedInLoop = new LinkedHashMap<>();
    RecoveryProbe.Result withSnapshots;
    RecoveryProbe.Result withoutSnapshots;
    ActiveGames.Result memory;
  }

  private GameBenchmark(GameBenchOptions options, BenchNode node,
      RedisConnector<byte[], byte[]> redis, PrintStream out, PrintStream progress) {
    this.options = options;
    this.node = node;
    this.redis = redis;
    this.out = out;
    this.progress = progress;
    this.api = new GameApi(URI.create("http://127.0.0.1:" + node.port()), Duration.ofSeconds(30),
        Executors.newFixedThreadPool(CLIENT_THREADS, runnable -> {
          Thread thread = new Thread(runnable, "bench-http-client");
          thread.setDaemon(true);
          return thread;
        }));
  }

  /** Runs with the given options, prints the report to stdout; exit code 0, 1 error, 2 usage. */
  public static void main(String[] args) {
    Main.widenCommonPool(); // java.net.http's clients: no thread per response
    BenchMain.main(args, GameBenchOptions.USAGE,
        given -> run(GameBenchOptions.parse(given), System.out, System.err));
  }

  /**
   * Starts the node (and its Redis), runs the phases, prints the report to {@code out} and
   * progress to {@code progress}, and stops everything it started.
   */
  static Results run(GameBenchOptions options, PrintStream out, PrintStream progress)
      throws Exception {
    try (BenchNode node = BenchNode.start(options.redisUri(), "", system -> ChessGame.init(
            system, ChessSettings.from(system.settings().config()), Clock.systemUTC()));
        RedisConnector<byte[], byte[]> redis = RedisConnector.connect(
            RedisPluginSettings.fromRootConfig(node.system().settings().config()))) {
      return new GameBenchmark(options, node, redis, out, progress).run();
    }
  }

  private Results run() throws Exception {
    printHeader();
    // memory first, on a node that holds nothing else: games of the other phases that leave
    // memory (passivate) between its two readings would make the games look smaller
    if (options.phases().contains(Phase.MEMORY)) {
      measureMemory();
    }
    if (options.phases().contains(Phase.MOVES)) {
      for (int games : options.games()) {
        measureMoves(games);
      }
    }
    if (options.phases().contains(Phase.RECOVERY)) {
      measureRecovery();
    }
    out.println();
    out.println("load at end  " + Environment.loadAverage());
    out.println("Redis        " + Environment.redisCounters(redis.commands()));
    out.println();
    out.println("TARGETS");
    out.println(targets());
    out.flush();
    return results;
  }

  // ---------------------------------------------------------------- moves

  private void measureMoves(int games) throws Exception {
    List<String> line = QuietLine.uci(options.gamePlies());
    double seconds = (options.warmup().toMillis() + options.measured().toMillis()) / 1000.0;
    int gamesEach = (int) Math.ceil(POOL_RATE * seconds / games / options.gamePlies()) + 1;
    progress.printf("moves: registering %d players, creating %d games%n", 2 * games,
        games * gamesEach);
    List<GameSlot> slots = slots(games, gamesEach, line);
    progress.printf("moves: %d games in a closed loop%n", games);
    List<ThreadCpu> threads = new ArrayList<>();
    ClosedLoop.Result result = ClosedLoop.run(new ArrayList<>(slots), options.warmup(),
        options.measured(), () -> {
          threads.add(ThreadCpu.now());
          return Usage.Sample.now(redis.commands());
        });
    results.moves.put(games, result);
    results.gamesCreatedInLoop.put(games,
        slots.stream().mapToInt(GameSlot::gamesCreatedInLoop).sum());
    printMoves(games, result);
    if (!result.failed() && threads.size() == 2) {
      out.println("  JVM CPU by thread kind, us per move: " + String.join(", ",
          threads.get(1).perEventSince(threads.get(0), result.events(), THREAD_KINDS_SHOWN)));
    }
  }

  /** The players and their games, made over HTTP by a few threads at once. */
  private List<GameSlot> slots(int games, int gamesEach, List<String> line) throws Exception {
    String run = Long.toString(ThreadLocalRandom.current().nextLong() >>> 28, 36);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<GameSlot>> made = new ArrayList<>();
      for (int i = 0; i < games; i++) {
        String names = "bench-" + run + "-" + i;
        made.add(pool.submit(() -> slot(names, gamesEach, line)));
      }
      List<GameSlot> slots = new ArrayList<>();
      for (Future<GameSlot> slot : made) {
        slots.add(slot.get());
      }
      return slots;
    } finally {
      pool.shutdown();
    }
  }

  private GameSlot slot(String names, int gamesEach, List<String> line) {
    String password = "bench password " + names;
    Account white = api.register(names + "-w", password);
    Account black = api.register(names + "-b", password);
    GameSlot slot = new GameSlot(api, white, black, line, TIME_CONTROL);
    for (int i = 0; i < gamesEach; i++) {
      slot.prepareGame();
    }
    return slot;
  }

  private void printMoves(int games, ClosedLoop.Result result) {
    out.println();
    if (result.failed()) {
      out.printf("MOVES, %d games: FAILED: %s%n", games, result.failure());
      return;
    }
    Usage usage = result.usage();
    long moves = result.events();
    out.printf(Locale.ROOT, "MOVES, %d games over HTTP, one move in flight per game: %.0f moves/s"
            + " (%d in %.1f s), latency ms p50 %s p99 %s max %s%n", games,
        result.eventsPerSecond(), moves, result.seconds(), Report.millis(result.latencyMicros(),
            50), Report.millis(result.latencyMicros(), 99),
        Report.millis(result.latencyMicros(), 100));
    out.printf(Locale.ROOT, "  CPU: JVM %.0f%% (node and clients; %.0f us per move, of which"
            + " %.0f us in the kernel), Redis %.0f%% (%.0f us per move), GC %d ms; %.1f context"
            + " switches per move; games started by players inside the loop: %d%n",
        usage.jvmCpuPercent(), usage.jvmMicrosPerEvent(moves),
        usage.jvmKernelMicrosPerEvent(moves), usage.redisCpuPercent(),
        usage.redisMicrosPerEvent(moves), usage.gcMillis(),
        usage.contextSwitchesPerEvent(moves), results.gamesCreatedInLoop.get(games));
  }

  // ---------------------------------------------------------------- recovery and memory

  private void measureRecovery() throws Exception {
    ChessSettings settings = ChessSettings.from(node.system().settings().config());
    RecoveryProbe probe = new RecoveryProbe(node.system(), settings, progress);
    List<String> line = QuietLine.uci(options.recoveryPlies());
    results.withSnapshots = probe.measure(line, true, options.recoveries());
    results.withoutSnapshots = probe.measure(line, false, options.recoveries());
    out.println();
    out.printf("RECOVERY of a %d-ply game (%d events), a fresh incarnation of the entity until"
        + " it answered its first command, %d times each (after %d unmeasured):%n",
        options.recoveryPlies(), options.recoveryPlies() + 2, options.recoveries(),
        RecoveryProbe.WARM_UP);
    out.println("  " + results.withSnapshots.describe());
    out.println("  " + results.withoutSnapshots.describe());
  }

  private void measureMemory() throws Exception {
    ActiveGames.Result memory = new ActiveGames(node.system(), progress)
        .start(options.activeGames(), TIME_CONTROL);
    results.memory = memory;
    out.println();
    out.println(memory.describe());
  }

  // ---------------------------------------------------------------- the report

  private void printHeader() throws Exception {
    Config config = node.system().settings().config();
    out.println("Gambit game benchmark (" + Instant.now() + ")");
    out.println("machine   " + Environment.machine());
    out.println("JVM       " + Environment.jvm());
    out.println("load      " + Environment.loadAverage() + " (1, 5, 15 min averages at start; "
        + Runtime.getRuntime().availableProcessors() + " CPUs shared by node, clients, Redis"
        + " and any other process)");
    out.println("Redis     " + Environment.redis(redis.commands()));
    out.println("          " + node.redisDescription());
    out.println("settings  " + options.phases() + "; games " + options.games() + "; warm-up "
        + options.warmup().toMillis() + " ms + measured " + options.measured().toMillis()
        + " ms per move run; " + options.gamePlies() + " plies a game (then a new game, "
        + TIME_CONTROL + "); " + options.activeGames() + " active games; recovery of "
        + options.recoveryPlies() + " plies x " + options.recoveries() + "; snapshot-every "
        + config.getInt("gambit.chess.snapshot-every") + ", remember-entities "
        + config.getString("gambit.chess.sharding.remember-entities") + ", "
        + config.getInt("akka.cluster.sharding.number-of-shards") + " shards");
    out.flush();
  }

  private String targets() {
    List<String> lines = new ArrayList<>();
    results.moves.forEach((games, result) -> {
      boolean ok = !result.failed();
      lines.add(Report.target("moves/s, " + games + " games",
          ok ? OptionalDouble.of(result.eventsPerSecond()) : OptionalDouble.empty(),
          MOVES_TARGET));
      lines.add(Report.targetAtMost("move p99 ms, " + games + " games",
          ok ? OptionalDouble.of(result.latencyMicros().getValueAtPercentile(99) / 1000.0)
              : OptionalDouble.empty(), P99_TARGET_MILLIS));
    });
    lines.add(Report.targetAtMost("heap bytes per active game", results.memory == null
        ? OptionalDouble.empty() : OptionalDouble.of(results.memory.bytesPerGame()),
        BYTES_PER_GAME_TARGET));
    for (RecoveryProbe.Result recovery : Arrays.asList(results.withSnapshots,
        results.withoutSnapshots)) {
      if (recovery != null) {
        lines.add(Report.targetAtMost("recovery p99 ms, " + recovery.label(),
            OptionalDouble.of(recovery.millis(99)), RECOVERY_P99_TARGET_MILLIS));
      }
    }
    return String.join("\n", lines);
  }
}
