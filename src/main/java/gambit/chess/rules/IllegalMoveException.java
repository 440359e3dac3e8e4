package gambit.chess.rules;

/**
 * A move that is refused, with a {@link Reason} that tells a malformed text (a client's bug, HTTP
 * 400) from a well-formed move that cannot be played here (a player's mistake, HTTP 422).
 */
public final class IllegalMoveException extends ChessRulesException {

  private static final long serialVersionUID = 1L;

  /** Why a move was refused. */
  public enum Reason {
    /** The text is not UCI or SAN as this engine accepts it (see {@link San}, {@link Uci}). */
    MALFORMED,
    /** Well formed, but no legal move matches it exactly, or its annotations contradict it. */
    ILLEGAL,
    /** SAN that matches more than one legal move. */
    AMBIGUOUS,
    /** The game is over (checkmate, stalemate or an automatic draw): no move may follow. */
    GAME_OVER
  }

  private final Reason reason;
  private final String move;

  IllegalMoveException(Reason reason, String move, String detail) {
    super(describe(reason, move, detail));
    this.reason = reason;
    this.move = move;
  }

  /** Why the move was refused. */
  public Reason reason() {
    return reason;
  }

  /** The move as given (UCI, SAN or a {@link Move}'s UCI form). */
  public String move() {
    return move;
  }

  private static String describe(Reason reason, String move, String detail) {
    String what = switch (reason) {
      case MALFORMED -> "malformed move";
      case ILLEGAL -> "illegal move";
      case AMBIGUOUS -> "ambiguous move";
      case GAME_OVER -> "game over, move refused";
    };
    return what + " '" + Echo.clip(move) + "': " + detail;
  }
}
