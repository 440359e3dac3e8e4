package gambit.chess.rules;

/**
 * Precomputed attack tables and bit helpers. A bitboard is a {@code long} with bit {@code s} set
 * for square {@code s} (see {@link Square}). Sliding attacks walk eight precomputed rays and cut
 * each at its first blocker, found with a single bit scan: slower than magic tables but small
 * (about 100 KB in all) and easy to check.
 */
final class Bitboards {

  static final long RANK_1 = 0xFFL;
  static final long RANK_8 = 0xFFL << 56;

  /** Squares a knight / king on the square attacks. */
  static final long[] KNIGHT = new long[64];
  static final long[] KING = new long[64];
  /** {@code PAWN[color][s]}: squares a pawn of that colour (ordinal) on s attacks. */
  static final long[][] PAWN = new long[2][64];
  /** Rook / bishop attacks on an empty board: where a slider could pin or check from. */
  static final long[] ROOK_EMPTY = new long[64];
  static final long[] BISHOP_EMPTY = new long[64];
  /** {@code BETWEEN[a][b]}: squares strictly between two aligned squares, else 0. */
  static final long[][] BETWEEN = new long[64][64];
  /** {@code LINE[a][b]}: the whole line through two aligned squares (both included), else 0. */
  static final long[][] LINE = new long[64][64];

  // Directions 0-3 increase the square index (N, E, NE, NW), 4-7 decrease it (S, W, SW, SE).
  private static final int[] DFILE = {0, 1, 1, -1, 0, -1, -1, 1};
  private static final int[] DRANK = {1, 0, 1, 1, -1, 0, -1, -1};
  private static final int[] ROOK_DIRS = {0, 1, 4, 5};
  private static final int[] BISHOP_DIRS = {2, 3, 6, 7};
  /** {@code RAY[d][s]}: squares from s in direction d, s excluded, up to the board's edge. */
  private static final long[][] RAY = new long[8][64];

  static {
    for (int s = 0; s < 64; s++) {
      initSteppers(s);
      initRays(s);
    }
    for (int s = 0; s < 64; s++) {
      initLines(s);
    }
  }

  private Bitboards() {}

  static long bit(int square) {
    return 1L << square;
  }

  static int lsb(long bitboard) {
    return Long.numberOfTrailingZeros(bitboard);
  }

  static boolean has(long bitboard, int square) {
    return (bitboard & (1L << square)) != 0;
  }

  static long rookAttacks(int square, long occupied) {
    return slide(square, occupied, 0) | slide(square, occupied, 1)
        | slide(square, occupied, 4) | slide(square, occupied, 5);
  }

  static long bishopAttacks(int square, long occupied) {
    return slide(square, occupied, 2) | slide(square, occupied, 3)
        | slide(square, occupied, 6) | slide(square, occupied, 7);
  }

  /** Whether a square has the colour of a1 (a "dark" square). */
  static boolean isDark(int square) {
    return ((Square.file(square) + Square.rank(square)) & 1) == 0;
  }

  /** All dark squares (a1, c1, ..., h8). */
  static final long DARK_SQUARES = 0xAA55AA55AA55AA55L;

  private static long slide(int square, long occupied, int direction) {
    long ray = RAY[direction][square];
    long blockers = ray & occupied;
    if (blockers == 0) {
      return ray;
    }
    int first = direction < 4 ? lsb(blockers) : 63 - Long.numberOfLeadingZeros(blockers);
    return ray ^ RAY[direction][first];
  }

  private static void initSteppers(int s) {
    int[][] knightSteps = {{1, 2}, {2, 1}, {2, -1}, {1, -2}, {-1, -2}, {-2, -1}, {-2, 1}, {-1, 2}};
    for (int[] step : knightSteps) {
      KNIGHT[s] |= target(s, step[0], step[1]);
    }
    for (int d = 0; d < 8; d++) {
      KING[s] |= target(s, DFILE[d], DRANK[d]);
    }
    PAWN[Color.WHITE.ordinal()][s] = target(s, -1, 1) | target(s, 1, 1);
    PAWN[Color.BLACK.ordinal()][s] = target(s, -1, -1) | target(s, 1, -1);
  }

  private static void initRays(int s) {
    for (int d = 0; d < 8; d++) {
      int file = Square.file(s) + DFILE[d];
      int rank = Square.rank(s) + DRANK[d];
      while (file >= 0 && file < 8 && rank >= 0 && rank < 8) {
        RAY[d][s] |= bit(rank * 8 + file);
        file += DFILE[d];
        rank += DRANK[d];
      }
    }
    for (int d : ROOK_DIRS) {
      ROOK_EMPTY[s] |= RAY[d][s];
    }
    for (int d : BISHOP_DIRS) {
      BISHOP_EMPTY[s] |= RAY[d][s];
    }
  }

  private static void initLines(int a) {
    for (int d = 0; d < 8; d++) {
      int opposite = d < 4 ? d + 4 : d - 4;
      long line = RAY[d][a] | RAY[opposite][a] | bit(a);
      long ray = RAY[d][a];
      while (ray != 0) {
        int b = lsb(ray);
        ray &= ray - 1;
        LINE[a][b] = line;
        BETWEEN[a][b] = RAY[d][a] & ~RAY[d][b] & ~bit(b);
      }
    }
  }

  /** The square one step (df, dr) away as a bitboard, or 0 off the board. */
  private static long target(int s, int df, int dr) {
    int file = Square.file(s) + df;
    int rank = Square.rank(s) + dr;
    return file >= 0 && file < 8 && rank >= 0 && rank < 8 ? bit(rank * 8 + file) : 0;
  }
}
