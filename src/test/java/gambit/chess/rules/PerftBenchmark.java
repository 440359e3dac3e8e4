package gambit.chess.rules;

import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Speed and memory figures for the rules engine; a program, not a test (it asserts nothing and
 * its numbers depend on the machine). Run after {@code mvn -q test-compile}:
 *
 * <pre>java -cp target/classes:target/test-classes gambit.chess.rules.PerftBenchmark</pre>
 *
 * <p>Prints: perft nodes per second (bulk-counted leaves, and with every leaf made), SAN moves
 * played per second through {@link Game#play(String)} (what the game entity does per move), and
 * the retained heap per {@link Position} and per 300-ply {@link Game}, measured as the heap
 * growth while holding many of them (rough: it depends on the JVM's layout and GC).
 */
public final class PerftBenchmark {

  private static final String KIWIPETE =
      "r3k2r/p1ppqpb1/bn2pnp1/3PN3/1p2P3/2N2Q1p/PPPBBPPP/R3K2R w KQkq - 0 1";

  private PerftBenchmark() {}

  public static void main(String[] args) {
    Position start = Position.initial();
    Position kiwipete = Position.fromFen(KIWIPETE);
    for (int i = 0; i < 3; i++) {
      Perft.count(start, 5);
      countMakingLeaves(kiwipete, 3);
    }
    report("perft(start, 6), leaves counted", () -> Perft.count(start, 6));
    report("perft(kiwipete, 4), leaves counted", () -> Perft.count(kiwipete, 4));
    report("perft(start, 5), every leaf made", () -> countMakingLeaves(start, 5));
    report("perft(kiwipete, 4), every leaf made", () -> countMakingLeaves(kiwipete, 4));
    sanThroughput();
    memory();
  }

  private static void report(String name, java.util.function.LongSupplier run) {
    long begin = System.nanoTime();
    long nodes = run.getAsLong();
    double seconds = (System.nanoTime() - begin) / 1e9;
    System.out.printf("%-40s %,13d nodes %6.2f s %,12.0f nodes/s%n", name, nodes, seconds,
        nodes / seconds);
  }

  static long countMakingLeaves(Position position, int depth) {
    if (depth == 0) {
      return 1;
    }
    int[] moves = new int[MoveGenerator.MAX_MOVES];
    int n = MoveGenerator.generate(position, moves);
    long total = 0;
    for (int i = 0; i < n; i++) {
      total += countMakingLeaves(position.make(moves[i]), depth - 1);
    }
    return total;
  }

  private static void sanThroughput() {
    List<String> line = randomGame(300, 11).sanMoves();
    for (int i = 0; i < 200; i++) {
      replay(line);
    }
    int games = 500;
    long begin = System.nanoTime();
    for (int i = 0; i < games; i++) {
      replay(line);
    }
    double seconds = (System.nanoTime() - begin) / 1e9;
    System.out.printf("%-40s %,13d moves %6.2f s %,12.0f moves/s (%.1f us per move)%n",
        "Game.play(SAN), 300-ply game replayed", (long) games * line.size(), seconds,
        games * line.size() / seconds, seconds * 1e6 / (games * line.size()));
  }

  private static Game replay(List<String> san) {
    Game game = Game.standard();
    for (String move : san) {
      game = game.play(move);
    }
    return game;
  }

  /** A game of exactly {@code plies} random legal moves that has not ended. */
  static Game randomGame(int plies, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    while (true) {
      Game game = Game.standard();
      while (game.ply() < plies && !game.status().isOver()) {
        List<Move> moves = game.position().legalMoves();
        game = game.play(moves.get(random.nextInt(moves.size())));
      }
      if (game.ply() == plies && !game.status().isOver()) {
        return game;
      }
    }
  }

  private static void memory() {
    int count = 100_000;
    List<Position> seeds = positions();
    Object[] held = new Object[count];
    long before = usedHeap();
    for (int i = 0; i < count; i++) {
      held[i] = Position.fromFen(seeds.get(i % seeds.size()).toFen());
    }
    long after = usedHeap();
    System.out.printf("%-40s %,13d bytes each (%,d held)%n", "heap per Position",
        (after - before) / count, count);

    Game game = randomGame(300, 5);
    List<Move> moves = game.moves();
    int games = 20_000;
    Object[] heldGames = new Object[games];
    before = usedHeap();
    for (int i = 0; i < games; i++) {
      heldGames[i] = Game.replay(Position.initial(), moves);
    }
    after = usedHeap();
    System.out.printf("%-40s %,13d bytes each (%,d held, %d repetition keys each)%n",
        "heap per 300-ply Game", (after - before) / games, games,
        game.position().halfmoveClock() + 1);
    Reference.reachabilityFence(held);
    Reference.reachabilityFence(heldGames);
  }

  private static List<Position> positions() {
    List<Position> positions = new ArrayList<>();
    Game game = randomGame(300, 9);
    Position position = Position.initial();
    for (Move move : game.moves()) {
      position = position.play(move);
      positions.add(position);
    }
    return positions;
  }

  private static long usedHeap() {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 5; i++) {
      System.gc();
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
