package gambit.chess;

import gambit.chess.rules.GameStatus;

/**
 * How a game ended. {@link #wire()} is the name the API shows; events store the constant's
 * {@link #name()}, so constants are never renamed (a rename needs an event migration).
 */
public enum Termination {
  CHECKMATE("checkmate"),
  STALEMATE("stalemate"),
  RESIGNATION("resignation"),
  /** A flag fell; a win for the opponent, or a draw when the opponent cannot possibly mate. */
  TIMEOUT("timeout"),
  AGREEMENT("agreement"),
  /** A valid claim of threefold repetition by the player to move. */
  THREEFOLD("threefold"),
  FIVEFOLD("fivefold"),
  /** A valid claim under the fifty-move rule by the player to move. */
  FIFTY_MOVE("fifty-move"),
  SEVENTY_FIVE_MOVE("seventy-five-move"),
  INSUFFICIENT_MATERIAL("insufficient-material"),
  /** Called off before both sides had moved: no result. */
  ABORTED("aborted");

  private final String wire;

  Termination(String wire) {
    this.wire = wire;
  }

  /** The API's name: {@code checkmate}, {@code fifty-move}, ... */
  public String wire() {
    return wire;
  }

  /** PGN's {@code Termination} tag value (PGN standard 9.8.1). */
  public String pgnTag() {
    return switch (this) {
      case TIMEOUT -> "time forfeit";
      case ABORTED -> "abandoned";
      default -> "normal";
    };
  }

  /**
   * The termination for an ending the board decides by itself.
   *
   * @throws IllegalArgumentException for {@link GameStatus#ONGOING}
   */
  public static Termination of(GameStatus status) {
    return switch (status) {
      case CHECKMATE -> CHECKMATE;
      case STALEMATE -> STALEMATE;
      case INSUFFICIENT_MATERIAL -> INSUFFICIENT_MATERIAL;
      case FIVEFOLD_REPETITION -> FIVEFOLD;
      case SEVENTY_FIVE_MOVES -> SEVENTY_FIVE_MOVE;
      case ONGOING -> throw new IllegalArgumentException("the game is not over");
    };
  }
}
