package gambit.bench;

import gambit.chess.rules.Game;
import gambit.chess.rules.Move;
import gambit.chess.rules.PieceType;
import gambit.chess.rules.Position;
import java.util.ArrayList;
import java.util.List;

/**
 * A long legal game that never ends by itself, for benchmarks that need many moves per game: no
 * capture, no check, no position twice (so no repetition, let alone the automatic fivefold),
 * and a pawn move at least every {@link #PAWN_EVERY} plies (so the seventy-five-move rule is
 * far away). The same length always gives the same moves. Made by the rules engine, one
 * greedy choice a ply: the first legal move, in the engine's order, that keeps those promises,
 * a pieces' move while a pawn move is not due.
 */
final class QuietLine {

  /** A pawn moves once the halfmove clock reaches this (the 75-move rule needs 150). */
  static final int PAWN_EVERY = 40;

  private QuietLine() {}

  /**
   * The first {@code plies} moves of the line, in UCI.
   *
   * @throws IllegalStateException when no move keeps the promises (not so for the lengths the
   *     benchmarks use; the test covers 1000 plies)
   */
  static List<String> uci(int plies) {
    Game game = Game.standard();
    List<String> moves = new ArrayList<>(plies);
    while (game.ply() < plies) {
      Move move = next(game);
      if (move == null) {
        throw new IllegalStateException("no quiet move at ply " + game.ply());
      }
      game = game.play(move);
      moves.add(move.uci());
    }
    return moves;
  }

  private static Move next(Game game) {
    Position position = game.position();
    boolean pawnDue = position.halfmoveClock() >= PAWN_EVERY;
    Move otherKind = null;
    for (Move move : position.legalMoves()) {
      if (position.isCapture(move) || !keepsGoing(game.play(move))) {
        continue;
      }
      if ((position.movingPiece(move) == PieceType.PAWN) == pawnDue) {
        return move;
      }
      otherKind = otherKind == null ? move : otherKind;
    }
    return otherKind;
  }

  private static boolean keepsGoing(Game next) {
    return !next.status().isOver() && !next.position().isCheck()
        && next.repetitionCount() == 1;
  }
}
