package gambit.chess.rules;

/** Counts leaf nodes of the legal move tree: the standard check of a move generator. */
final class Perft {

  private Perft() {}

  /**
   * Leaves at {@code depth}. The last ply is counted from the generator without making the moves
   * ("bulk counting"); {@code HashConsistencyTest} makes every move of shallower trees.
   */
  static long count(Position position, int depth) {
    int[][] buffers = new int[depth + 1][MoveGenerator.MAX_MOVES];
    return count(position, depth, buffers);
  }

  private static long count(Position position, int depth, int[][] buffers) {
    if (depth == 0) {
      return 1;
    }
    int[] moves = buffers[depth];
    int n = MoveGenerator.generate(position, moves);
    if (depth == 1) {
      return n;
    }
    long total = 0;
    for (int i = 0; i < n; i++) {
      total += count(position.make(moves[i]), depth - 1, buffers);
    }
    return total;
  }
}
