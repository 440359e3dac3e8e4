package gambit.chess.rules;

/**
 * Input that the rules engine refuses: a move, a FEN or a PGN text. The message states the reason
 * in words a player can read. Unchecked, because callers validate user input with it and map it
 * to an answer (the entity to a 4xx reply) rather than recover in place.
 */
public abstract sealed class ChessRulesException extends IllegalArgumentException
    permits IllegalMoveException, InvalidFenException, PgnFormatException {

  private static final long serialVersionUID = 1L;

  ChessRulesException(String message) {
    super(message);
  }

  ChessRulesException(String message, Throwable cause) {
    super(message, cause);
  }
}
