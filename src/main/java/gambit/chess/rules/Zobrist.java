package gambit.chess.rules;

import java.util.SplittableRandom;

/**
 * Zobrist keys for the FIDE notion of "the same position" (Article 9.2.3): piece placement, side
 * to move, castling rights, and the en-passant file only when an en-passant capture is legal
 * ({@link Position} stores the en-passant square only then). The move counters are not hashed.
 * A fixed seed keeps hashes identical across JVMs and releases of this class.
 */
final class Zobrist {

  /** {@code PIECE[color * 6 + type][square]}. */
  static final long[][] PIECE = new long[12][64];
  static final long BLACK_TO_MOVE;
  /** Indexed by the 4-bit castling rights mask. */
  static final long[] CASTLING = new long[16];
  static final long[] EN_PASSANT_FILE = new long[8];

  static {
    SplittableRandom random = new SplittableRandom(0x6A6D6269745AL);
    for (long[] keys : PIECE) {
      for (int s = 0; s < 64; s++) {
        keys[s] = random.nextLong();
      }
    }
    BLACK_TO_MOVE = random.nextLong();
    long[] rightKeys = {random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong()};
    for (int mask = 0; mask < 16; mask++) {
      for (int right = 0; right < 4; right++) {
        if ((mask & (1 << right)) != 0) {
          CASTLING[mask] ^= rightKeys[right];
        }
      }
    }
    for (int file = 0; file < 8; file++) {
      EN_PASSANT_FILE[file] = random.nextLong();
    }
  }

  private Zobrist() {}

  static long piece(int color, int type, int square) {
    return PIECE[color * 6 + type][square];
  }
}
