package gambit.chess.rules;

/**
 * A move as its origin, its destination and, for a pawn reaching the last rank, the piece it
 * becomes: the same information as UCI notation. Castling is the king's two-square move
 * ({@code e1g1}). A Move says nothing about legality; {@link Position#play(Move)} decides that.
 *
 * <p>{@link #code()} packs a move into 15 bits (origin, destination, promotion ordinal), which is
 * how a {@link Game} stores its moves in a {@code short[]}.
 *
 * @param from origin square, 0..63 (see {@link Square})
 * @param to destination square, 0..63
 * @param promotion the promotion piece type, or null when the move is not a promotion
 */
public record Move(int from, int to, PieceType promotion) {

  /** Validates the squares and that a promotion names a knight, bishop, rook or queen. */
  public Move {
    if (from < 0 || from > 63 || to < 0 || to > 63 || from == to) {
      throw new IllegalArgumentException("bad squares " + from + " -> " + to);
    }
    if (promotion != null && !promotion.isPromotionTarget()) {
      throw new IllegalArgumentException("cannot promote to " + promotion);
    }
  }

  /** A move that is not a promotion. */
  public static Move of(int from, int to) {
    return new Move(from, to, null);
  }

  /** The move with this {@link #code()}; fails on a code that no Move produces. */
  public static Move ofCode(int code) {
    if ((code & ~0x7FFF) != 0) {
      throw new IllegalArgumentException("not a move code: " + code);
    }
    int promotion = code >>> 12;
    if (promotion > PieceType.QUEEN.ordinal()) {
      throw new IllegalArgumentException("not a move code: " + code);
    }
    return new Move(code & 63, (code >>> 6) & 63,
        promotion == 0 ? null : PieceType.ofOrdinal(promotion));
  }

  /** 15 bits: origin in bits 0-5, destination in 6-11, promotion ordinal (0 = none) in 12-14. */
  public int code() {
    return from | to << 6 | (promotion == null ? 0 : promotion.ordinal()) << 12;
  }

  /** UCI notation, e.g. {@code e2e4} or {@code e7e8n}. */
  public String uci() {
    String squares = Square.name(from) + Square.name(to);
    return promotion == null ? squares
        : squares + Character.toLowerCase(promotion.letter());
  }

  @Override
  public String toString() {
    return uci();
  }
}
