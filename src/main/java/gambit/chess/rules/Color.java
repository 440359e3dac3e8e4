package gambit.chess.rules;

/** The two sides. */
public enum Color {
  WHITE,
  BLACK;

  /** The other side. */
  public Color opposite() {
    return this == WHITE ? BLACK : WHITE;
  }

  /** {@code "w"} or {@code "b"}, as in FEN. */
  public String fenLetter() {
    return this == WHITE ? "w" : "b";
  }
}
