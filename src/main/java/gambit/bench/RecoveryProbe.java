package gambit.bench;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.AskPattern;
import gambit.chess.ChessGame;
import gambit.chess.ChessGame.Command;
import gambit.chess.ChessGame.Reply;
import gambit.chess.ChessSettings;
import gambit.chess.GameView;
import gambit.chess.Player;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.HdrHistogram.Histogram;

/**
 * Times the recovery of one game from Redis: the game is played to its length by an
 * incarnation of {@link ChessGame} of its own, then fresh incarnations (the same behavior the
 * shard starts, started here without sharding, so the figure has no shard bookkeeping in it)
 * are started one after another, each timed from its start until it answered a {@code Get}
 * with the whole game, which it can only do once its recovery (snapshot load, event replay)
 * is done. Each incarnation stops by itself shortly after (its idle timer set short); a
 * recovery only reads, so the next one need not wait for that. The incarnations are given the
 * snapshot interval the game was written with: given the node's interval, the first of them
 * saved a snapshot of the game without snapshots right after replaying it (seen in Redis: a
 * snapshot at its last sequence number), and every later one recovered from that.
 */
final class RecoveryProbe {

  /** Unmeasured recoveries first, so that the JIT has compiled the path. */
  static final int WARM_UP = 20;
  /** No snapshot within any game the benchmark plays. */
  private static final int NO_SNAPSHOTS = 1_000_000;
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration PROBE_IDLE = Duration.ofMillis(200);
  /** The writer's last snapshot is saved after its last reply: let it land (and it stop). */
  private static final Duration SETTLE = Duration.ofSeconds(2);

  private final ActorSystem<?> system;
  private final ChessSettings settings;
  private final PrintStream progress;
  private final AtomicLong incarnations = new AtomicLong();

  /**
   * The timings of one game.
   *
   * @param label with or without snapshots
   * @param micros the time of each measured recovery
   * @param jvmMicrosEach this JVM's CPU time per measured recovery (all threads: the
   *     entity's, the journal's, Lettuce's), steadier than the times on a shared machine
   */
  record Result(String label, Histogram micros, double jvmMicrosEach) {

    double millis(double percentile) {
      return micros.getValueAtPercentile(percentile) / 1000.0;
    }

    String describe() {
      return String.format(Locale.ROOT, "%-34s p50 %.2f ms  p99 %.2f ms  max %.2f ms  mean %.2f"
          + " ms  JVM CPU %.0f us each", label, millis(50), millis(99),
          micros.getMaxValue() / 1000.0, micros.getMean() / 1000.0, jvmMicrosEach);
    }
  }

  RecoveryProbe(ActorSystem<?> system, ChessSettings settings, PrintStream progress) {
    this.system = system;
    this.settings = settings;
    this.progress = progress;
  }

  /**
   * Persists a game of {@code line} (with the node's snapshot interval, or without any
   * snapshot), then times {@code rounds} recoveries of it.
   */
  Result measure(List<String> line, boolean snapshots, int rounds) throws Exception {
    String id = "recovery-" + (snapshots ? "snapshots-" : "events-")
        + Long.toString(ThreadLocalRandom.current().nextLong() >>> 16, 36);
    String label = snapshots ? "with snapshots (every " + settings.snapshotEvery() + " events)"
        : "without snapshots (events only)";
    progress.printf("recovery: persisting %d plies %s%n", line.size(), label);
    int snapshotEvery = snapshots ? settings.snapshotEvery() : NO_SNAPSHOTS;
    persist(id, line, snapshotEvery);
    TimeUnit.MILLISECONDS.sleep(SETTLE.toMillis());

    ChessSettings probe = settings(snapshotEvery, PROBE_IDLE);
    for (int i = 0; i < WARM_UP; i++) {
      recoverOnce(id, probe, line.size());
    }
    progress.printf("recovery: %d rounds %s%n", rounds, label);
    Histogram micros = new Histogram(3);
    long cpuBefore = Usage.jvmCpuNanos();
    for (int i = 0; i < rounds; i++) {
      micros.recordValue(recoverOnce(id, probe, line.size()) / 1000);
    }
    return new Result(label, micros, (Usage.jvmCpuNanos() - cpuBefore) / 1000.0 / rounds);
  }

  private void persist(String id, List<String> line, int snapshotEvery) {
    ActorRef<Command> game = spawn(id, settings(snapshotEvery, SETTLE.dividedBy(2)));
    Player white = new Player("recovery-white", "recovery-white");
    Player black = new Player("recovery-black", "recovery-black");
    ask(game, to -> new ChessGame.Create(white, null, ChessGame.ColorChoice.WHITE, null, to));
    ask(game, to -> new ChessGame.Join(black, to));
    for (int ply = 0; ply < line.size(); ply++) {
      int at = ply;
      String mover = (ply % 2 == 0 ? white : black).userId();
      ask(game, to -> new ChessGame.MakeMove(mover, line.get(at), at, to));
    }
  }

  /** The nanoseconds from starting an incarnation to its answer with the whole game. */
  private long recoverOnce(String id, ChessSettings probe, int plies) {
    long start = System.nanoTime();
    GameView view = ask(spawn(id, probe), ChessGame.Get::new);
    long nanos = System.nanoTime() - start;
    if (view.ply() != plies) {
      throw new IllegalStateException("recovered game " + id + " at ply " + view.ply()
          + ", expected " + plies);
    }
    return nanos;
  }

  private ActorRef<Command> spawn(String id, ChessSettings with) {
    return system.systemActorOf(ChessGame.create(id, with, Clock.systemUTC(), null),
        "bench-" + id + "-" + incarnations.incrementAndGet(), Props.empty());
  }

  /** Asks and returns the game view of an {@code Accepted} answer; anything else fails. */
  private GameView ask(ActorRef<Command> game, Function<ActorRef<Reply>, Command> command) {
    Reply reply = AskPattern.ask(game, command::apply, ASK_TIMEOUT, system.scheduler())
        .toCompletableFuture().join();
    if (reply instanceof ChessGame.Accepted accepted) {
      return accepted.game();
    }
    throw new IllegalStateException("the game refused a step of the recovery phase: " + reply);
  }

  private ChessSettings settings(int snapshotEvery, Duration idle) {
    return new ChessSettings(settings.askTimeout(), snapshotEvery, settings.snapshotsKept(),
        idle, idle, settings.firstMoveTimeout(), settings.sharding());
  }
}
