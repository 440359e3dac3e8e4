package gambit.chess.rules;

/** A FEN that is malformed or describes an impossible position; the message says which rule. */
public final class InvalidFenException extends ChessRulesException {

  private static final long serialVersionUID = 1L;

  private final String fen;

  InvalidFenException(String fen, String reason) {
    super("invalid FEN '" + Echo.clip(fen) + "': " + reason);
    this.fen = fen;
  }

  /** The refused text. */
  public String fen() {
    return fen;
  }
}
