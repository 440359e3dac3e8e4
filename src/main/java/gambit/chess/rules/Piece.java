package gambit.chess.rules;

/** A chessman of one colour: a {@link Color} and a {@link PieceType}. */
public enum Piece {
  WHITE_PAWN(Color.WHITE, PieceType.PAWN),
  WHITE_KNIGHT(Color.WHITE, PieceType.KNIGHT),
  WHITE_BISHOP(Color.WHITE, PieceType.BISHOP),
  WHITE_ROOK(Color.WHITE, PieceType.ROOK),
  WHITE_QUEEN(Color.WHITE, PieceType.QUEEN),
  WHITE_KING(Color.WHITE, PieceType.KING),
  BLACK_PAWN(Color.BLACK, PieceType.PAWN),
  BLACK_KNIGHT(Color.BLACK, PieceType.KNIGHT),
  BLACK_BISHOP(Color.BLACK, PieceType.BISHOP),
  BLACK_ROOK(Color.BLACK, PieceType.ROOK),
  BLACK_QUEEN(Color.BLACK, PieceType.QUEEN),
  BLACK_KING(Color.BLACK, PieceType.KING);

  private static final Piece[] VALUES = values();

  private final Color color;
  private final PieceType type;

  Piece(Color color, PieceType type) {
    this.color = color;
    this.type = type;
  }

  /** The piece of that colour and type. */
  public static Piece of(Color color, PieceType type) {
    return VALUES[color.ordinal() * 6 + type.ordinal()];
  }

  public Color color() {
    return color;
  }

  public PieceType type() {
    return type;
  }

  /** The FEN letter: upper case for White, lower case for Black. */
  public char fenLetter() {
    return color == Color.WHITE ? type.letter() : Character.toLowerCase(type.letter());
  }

  /** The piece for a FEN letter, or null when the letter names none. */
  static Piece ofFenLetter(char letter) {
    PieceType type = PieceType.ofLetter(Character.toUpperCase(letter));
    if (type == null) {
      return null;
    }
    return of(Character.isUpperCase(letter) ? Color.WHITE : Color.BLACK, type);
  }
}
