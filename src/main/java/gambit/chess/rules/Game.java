package gambit.chess.rules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A game as the rules see it: a start position, the moves played from it, the current position,
 * and what the board says ({@link #status()}, the draw claims). Immutable and thread-safe:
 * {@link #play(Move)} returns a new Game and leaves this one as it was.
 *
 * <p>Memory: the start and current {@link Position} (96 bytes each; the standard start position
 * is shared), the moves as a {@code short[]} (2 bytes a ply) and the repetition keys of the
 * positions since the last capture or pawn move (8 bytes each; only those can repeat). A
 * 300-ply game takes roughly 1 to 2 KB. Playing a move copies the two arrays.
 *
 * <p>Automatic endings (the game is over, {@link #play} refuses further moves): checkmate,
 * stalemate, insufficient material, fivefold repetition, and the seventy-five-move rule (a mate
 * on the 75th move wins instead). Claims ({@link #canClaimThreefold()},
 * {@link #canClaimFiftyMove()}) are queries for the player to move; the owner of the game decides
 * what to do with them. A game started from a FEN knows only the positions since its start, so
 * repetitions of earlier positions are not counted.
 */
public final class Game {

  private static final Game STANDARD = new Game(Position.initial(), Position.initial(),
      new short[0], new long[] {Position.initial().repetitionKey()});

  private final Position start;
  private final Position position;
  private final short[] moves;
  /** Repetition keys since the last irreversible move, oldest first, the current one last. */
  private final long[] recentKeys;
  private final GameStatus status;

  private Game(Position start, Position position, short[] moves, long[] recentKeys) {
    this.start = start;
    this.position = position;
    this.moves = moves;
    this.recentKeys = recentKeys;
    this.status = evaluate(position, repetitions(recentKeys));
  }

  /** A game from the standard starting position. */
  public static Game standard() {
    return STANDARD;
  }

  /** A game from any valid position (its status may already be final, e.g. a mate). */
  public static Game from(Position start) {
    return new Game(start, start, new short[0], new long[] {start.repetitionKey()});
  }

  /**
   * A game from a FEN.
   *
   * @throws InvalidFenException when the FEN is malformed or impossible
   */
  public static Game fromFen(String fen) {
    return from(Position.fromFen(fen));
  }

  /**
   * Replays moves from a start position, e.g. to rebuild a game from stored events.
   *
   * @throws IllegalMoveException if a move is illegal or follows the end of the game
   */
  public static Game replay(Position start, List<Move> moves) {
    Game game = from(start);
    for (Move move : moves) {
      game = game.play(move);
    }
    return game;
  }

  // ---- playing -------------------------------------------------------------------------------

  /**
   * The game after a legal move.
   *
   * @throws IllegalMoveException GAME_OVER when the game has ended, ILLEGAL when the move is not
   *     legal in the current position
   */
  public Game play(Move move) {
    if (status.isOver()) {
      throw new IllegalMoveException(IllegalMoveException.Reason.GAME_OVER, move.uci(),
          "the game has ended (" + status + ")");
    }
    Position next = position.play(move);
    short[] nextMoves = Arrays.copyOf(moves, moves.length + 1);
    nextMoves[moves.length] = (short) move.code();
    long[] nextKeys;
    if (next.halfmoveClock() == 0) {
      nextKeys = new long[] {next.repetitionKey()};
    } else {
      nextKeys = Arrays.copyOf(recentKeys, recentKeys.length + 1);
      nextKeys[recentKeys.length] = next.repetitionKey();
    }
    return new Game(start, next, nextMoves, nextKeys);
  }

  /**
   * Plays a move given as UCI or SAN (see {@link Position#parseMove}).
   *
   * @throws IllegalMoveException MALFORMED, AMBIGUOUS, ILLEGAL or GAME_OVER with the reason
   */
  public Game play(String move) {
    if (status.isOver()) {
      throw new IllegalMoveException(IllegalMoveException.Reason.GAME_OVER, String.valueOf(move),
          "the game has ended (" + status + ")");
    }
    return play(position.parseMove(move));
  }

  // ---- state ---------------------------------------------------------------------------------

  public Position startPosition() {
    return start;
  }

  /** The current position. */
  public Position position() {
    return position;
  }

  /** Half-moves played since the start position. */
  public int ply() {
    return moves.length;
  }

  /** The moves played, in order. */
  public List<Move> moves() {
    List<Move> list = new ArrayList<>(moves.length);
    for (short code : moves) {
      list.add(Move.ofCode(code));
    }
    return Collections.unmodifiableList(list);
  }

  /** The move played at a ply (0-based). */
  public Move move(int ply) {
    return Move.ofCode(moves[ply]);
  }

  /** The moves in SAN, computed by replaying the game. */
  public List<String> sanMoves() {
    List<String> san = new ArrayList<>(moves.length);
    Position current = start;
    for (short code : moves) {
      Move move = Move.ofCode(code);
      san.add(San.format(current, move));
      current = current.play(move);
    }
    return Collections.unmodifiableList(san);
  }

  public GameStatus status() {
    return status;
  }

  /** The result the board decides: a win after checkmate, a draw after the other endings. */
  public Result result() {
    return switch (status) {
      case ONGOING -> Result.UNDECIDED;
      case CHECKMATE -> Result.winFor(position.sideToMove().opposite());
      default -> Result.DRAW;
    };
  }

  /** The winner when the game ended in checkmate. */
  public Optional<Color> winner() {
    return status == GameStatus.CHECKMATE
        ? Optional.of(position.sideToMove().opposite()) : Optional.empty();
  }

  /** How many times the current position has appeared in this game (1 the first time). */
  public int repetitionCount() {
    return repetitions(recentKeys);
  }

  // ---- claims --------------------------------------------------------------------------------

  /**
   * Whether the player to move may claim a draw by threefold repetition now (FIDE 9.2.2): the
   * current position has appeared at least three times. False once the game is over.
   */
  public boolean canClaimThreefold() {
    return !status.isOver() && repetitionCount() >= 3;
  }

  /**
   * Whether the player to move may claim a draw under the fifty-move rule now (FIDE 9.3.2): the
   * last 50 moves of each side had no pawn move and no capture. False once the game is over.
   */
  public boolean canClaimFiftyMove() {
    return !status.isOver() && position.halfmoveClock() >= 100;
  }

  /**
   * Whether the player to move may claim threefold repetition by announcing this move (FIDE
   * 9.2.1.1): playing it would make a position appear for the third time. A move that mates is
   * never a claim (the mate ends the game first).
   *
   * @throws IllegalMoveException when the move is illegal or the game is over
   */
  public boolean canClaimThreefoldWith(Move move) {
    Game next = play(move);
    return next.status != GameStatus.CHECKMATE && next.repetitionCount() >= 3;
  }

  /**
   * Whether the player to move may claim the fifty-move rule by announcing this move (FIDE
   * 9.3.1): after it, 50 moves of each side will have had no pawn move or capture. A move that
   * mates is never a claim.
   *
   * @throws IllegalMoveException when the move is illegal or the game is over
   */
  public boolean canClaimFiftyMoveWith(Move move) {
    Game next = play(move);
    return next.status != GameStatus.CHECKMATE && next.position.halfmoveClock() >= 100;
  }

  /** Whether that side could still checkmate, see {@link Position#canPossiblyCheckmate}. */
  public boolean canPossiblyCheckmate(Color color) {
    return position.canPossiblyCheckmate(color);
  }

  // ---- internals -----------------------------------------------------------------------------

  private static int repetitions(long[] keys) {
    long current = keys[keys.length - 1];
    int count = 0;
    for (long key : keys) {
      if (key == current) {
        count++;
      }
    }
    return count;
  }

  private static GameStatus evaluate(Position position, int repetitions) {
    if (!position.hasLegalMove()) {
      return position.isCheck() ? GameStatus.CHECKMATE : GameStatus.STALEMATE;
    }
    if (repetitions >= 5) {
      return GameStatus.FIVEFOLD_REPETITION;
    }
    if (position.halfmoveClock() >= 150) {
      return GameStatus.SEVENTY_FIVE_MOVES;
    }
    return position.isInsufficientMaterial() ? GameStatus.INSUFFICIENT_MATERIAL
        : GameStatus.ONGOING;
  }

  /** Games are equal when they start from the same position and have the same moves. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Game other && start.equals(other.start)
        && Arrays.equals(moves, other.moves);
  }

  @Override
  public int hashCode() {
    return 31 * start.hashCode() + Arrays.hashCode(moves);
  }

  @Override
  public String toString() {
    return "Game[" + position.toFen() + ", ply " + ply() + ", " + status + "]";
  }
}
