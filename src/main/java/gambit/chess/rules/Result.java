package gambit.chess.rules;

/** A game's result as PGN writes it. */
public enum Result {
  WHITE_WINS("1-0"),
  BLACK_WINS("0-1"),
  DRAW("1/2-1/2"),
  /** Still in progress, or unknown: PGN's {@code *}. */
  UNDECIDED("*");

  private final String pgn;

  Result(String pgn) {
    this.pgn = pgn;
  }

  /** The PGN token: {@code 1-0}, {@code 0-1}, {@code 1/2-1/2} or {@code *}. */
  public String pgn() {
    return pgn;
  }

  /** A win for that side. */
  public static Result winFor(Color winner) {
    return winner == Color.WHITE ? WHITE_WINS : BLACK_WINS;
  }

  /** The result for a PGN token, or null when the text is not one. */
  public static Result ofPgn(String token) {
    for (Result result : values()) {
      if (result.pgn.equals(token)) {
        return result;
      }
    }
    return null;
  }
}
