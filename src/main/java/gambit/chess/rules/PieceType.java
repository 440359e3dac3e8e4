package gambit.chess.rules;

/**
 * The six kinds of chessmen. The ordinal is part of the {@link Move} encoding (promotions use
 * ordinals 1 to 4), so the order must not change.
 */
public enum PieceType {
  PAWN('P'),
  KNIGHT('N'),
  BISHOP('B'),
  ROOK('R'),
  QUEEN('Q'),
  KING('K');

  private static final PieceType[] VALUES = values();

  private final char letter;

  PieceType(char letter) {
    this.letter = letter;
  }

  /** The upper-case English letter used by SAN and FEN ({@code 'P'} for a pawn). */
  public char letter() {
    return letter;
  }

  /** Whether a pawn may promote to this type (knight, bishop, rook or queen). */
  public boolean isPromotionTarget() {
    return this != PAWN && this != KING;
  }

  static PieceType ofOrdinal(int ordinal) {
    return VALUES[ordinal];
  }

  /** The type for an upper-case letter, or null when the letter names none. */
  static PieceType ofLetter(char letter) {
    for (PieceType type : VALUES) {
      if (type.letter == letter) {
        return type;
      }
    }
    return null;
  }
}
