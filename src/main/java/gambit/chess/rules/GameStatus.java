package gambit.chess.rules;

/**
 * What the board alone says about a game: still going, or ended by a rule that applies without
 * anyone asking. Draws that must be claimed (threefold repetition, fifty moves) are not statuses
 * but queries on {@link Game}; resignation, time and agreement belong to the game's owner.
 */
public enum GameStatus {
  ONGOING(false),
  /** The side to move is checkmated and loses (FIDE 5.1.1). */
  CHECKMATE(true),
  /** The side to move has no legal move and is not in check: a draw (5.2.1). */
  STALEMATE(true),
  /** Neither side can ever checkmate, judged by material (5.2.2, see {@link Position}). */
  INSUFFICIENT_MATERIAL(true),
  /** The same position has appeared five times: an automatic draw (9.6.1). */
  FIVEFOLD_REPETITION(true),
  /** 75 moves by each side without a pawn move or capture, and no mate on the last: a draw. */
  SEVENTY_FIVE_MOVES(true);

  private final boolean over;

  GameStatus(boolean over) {
    this.over = over;
  }

  /** Whether the game has ended; no move may follow. */
  public boolean isOver() {
    return over;
  }
}
