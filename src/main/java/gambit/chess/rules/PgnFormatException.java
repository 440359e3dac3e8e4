package gambit.chess.rules;

/**
 * A PGN text that cannot be read: bad syntax, a move that is illegal or ambiguous in its position
 * (the cause is then the {@link IllegalMoveException}), a bad FEN tag (cause
 * {@link InvalidFenException}) or a result that contradicts the tags or the board. The message
 * names the line.
 */
public final class PgnFormatException extends ChessRulesException {

  private static final long serialVersionUID = 1L;

  PgnFormatException(String message) {
    super(message);
  }

  PgnFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
