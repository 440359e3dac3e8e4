package gambit.tools;

import com.fasterxml.jackson.databind.JsonNode;
import gambit.chess.Termination;
import gambit.chess.rules.Color;
import gambit.chess.rules.Game;
import gambit.chess.rules.PgnGame;
import gambit.chess.rules.Position;
import gambit.chess.rules.Result;
import gambit.tools.GameApi.Account;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Plays one recorded game through a node's API as two users, move by move, and ends it the way
 * the record ended, so that the server must reach the same position and result:
 *
 * <ul>
 *   <li>an ending the board decides (mate, stalemate, the automatic draws) comes with the last
 *       move;
 *   <li>a time forfeit ({@code Termination} tag saying so) whose loser is the side to move, or a
 *       draw where the winner could not mate: the game is created with the shortest clock the
 *       server accepts ({@link #FLAG_TIME_CONTROL}) and the flag falls by itself after the last
 *       move (about 15 s of waiting);
 *   <li>a draw the player to move may claim (threefold, fifty moves): claimed;
 *   <li>any other decisive result: the loser resigns; any other draw: the player to move offers
 *       and the other accepts;
 *   <li>{@code *}: the game is left running.
 * </ul>
 *
 * White's account creates the game (from the {@code FEN} tag when there is one) and Black's
 * joins; each move is the record's SAN, sent by the side to move with its ply. Any refusal
 * fails the game with {@link GameApi.Refused}; a final view that differs from the record fails
 * with {@link Mismatch}. Not thread-safe; one game at a time.
 */
public final class PgnPlayer {

  /** The shortest clock the server accepts: 15 s a side, no increment. */
  static final String FLAG_TIME_CONTROL = "0.25+0";
  private static final Duration FLAG_CLOCK = Duration.ofSeconds(15);
  private static final Duration FLAG_POLL = Duration.ofMillis(200);

  /** How the recorded game ended, hence how the server's game is ended. */
  enum Ending {
    BOARD, FLAG, CLAIM, RESIGN, AGREEMENT, NONE
  }

  /**
   * A game played to its end.
   *
   * @param moving wall time from the first move sent to the last move's answer
   */
  public record Outcome(String gameId, String fen, String result, String termination,
      int plies, Duration moving) {

    /** Moves answered per second of {@link #moving}; 0 for a game without moves. */
    public double movesPerSecond() {
      return plies == 0 ? 0 : plies / (moving.toNanos() / 1e9);
    }
  }

  /** The server's game ended otherwise than the record. */
  public static final class Mismatch extends RuntimeException {
    Mismatch(String message) {
      super(message);
    }
  }

  private final GameApi api;
  private final Account white;
  private final Account black;
  private final Duration flagWait;

  /**
   * @param flagWait how long to wait for a flag to fall after the last move (over the 15 s of
   *     the clock)
   */
  public PgnPlayer(GameApi api, Account white, Account black, Duration flagWait) {
    this.api = api;
    this.white = white;
    this.black = black;
    this.flagWait = flagWait;
  }

  /**
   * Plays the game and checks the server's final position, result and termination.
   *
   * @throws GameApi.Refused when the server refuses a step
   * @throws Mismatch when the server's game ends otherwise than the record
   */
  public Outcome play(PgnGame recorded) {
    Game game = recorded.game();
    Ending ending = ending(recorded);
    Position start = game.startPosition();
    String id = api.create(white, ending == Ending.FLAG ? FLAG_TIME_CONTROL : "none", "white",
        start.equals(Position.initial()) ? null : start.toFen()).path("gameId").asText();
    api.join(black, id);

    long started = System.nanoTime();
    JsonNode last = playMoves(id, game);
    Duration moving = Duration.ofNanos(System.nanoTime() - started);

    JsonNode end = finish(id, last, recorded, ending);
    check(end, recorded, ending);
    return new Outcome(id, end.path("fen").asText(), end.path("result").asText(),
        end.path("termination").asText(null), end.path("ply").asInt(), moving);
  }

  private JsonNode playMoves(String id, Game game) {
    JsonNode view = null;
    List<String> san = game.sanMoves();
    for (int ply = 0; ply < san.size(); ply++) {
      view = api.move(accountOf(sideAt(game, ply)), id, san.get(ply), ply);
    }
    return view == null ? api.view(id) : view;
  }

  private JsonNode finish(String id, JsonNode last, PgnGame recorded, Ending ending) {
    Game game = recorded.game();
    Account toMove = accountOf(game.position().sideToMove());
    Account other = toMove == white ? black : white;
    return switch (ending) {
      case BOARD, NONE -> last;
      case FLAG -> awaitFlag(id);
      case CLAIM -> api.draw(toMove, id, "claim");
      case RESIGN -> api.resign(recorded.result() == Result.WHITE_WINS ? black : white, id);
      case AGREEMENT -> {
        api.draw(toMove, id, "offer");
        yield api.draw(other, id, "accept");
      }
    };
  }

  private JsonNode awaitFlag(String id) {
    long deadline = System.nanoTime() + FLAG_CLOCK.plus(flagWait).toNanos();
    JsonNode view = api.view(id);
    while (!"finished".equals(view.path("status").asText()) && System.nanoTime() < deadline) {
      sleep(FLAG_POLL);
      view = api.view(id);
    }
    return view;
  }

  private void check(JsonNode end, PgnGame recorded, Ending ending) {
    Game game = recorded.game();
    String expectedFen = game.position().toFen();
    String expectedResult = recorded.result().pgn();
    String expectedTermination = termination(game, ending);
    String fen = end.path("fen").asText();
    String result = end.path("result").asText();
    String termination = end.path("termination").asText(null);
    if (!expectedFen.equals(fen) || !expectedResult.equals(result)
        || !Objects.equals(expectedTermination, termination)) {
      throw new Mismatch("the server's game " + end.path("gameId").asText() + " ended "
          + result + " (" + termination + ") at " + fen + "; the record: " + expectedResult
          + " (" + expectedTermination + ") at " + expectedFen);
    }
  }

  // ---------------------------------------------------------------- reading the record

  /** How the record's game ended, judged from its final position, result and tags. */
  static Ending ending(PgnGame recorded) {
    Game game = recorded.game();
    Result result = recorded.result();
    if (game.status().isOver()) {
      return Ending.BOARD;
    }
    if (result == Result.UNDECIDED) {
      return Ending.NONE;
    }
    if (timeForfeit(recorded) && flagGives(game, result)) {
      return Ending.FLAG;
    }
    if (result != Result.DRAW) {
      return Ending.RESIGN;
    }
    return game.canClaimThreefold() || game.canClaimFiftyMove() ? Ending.CLAIM
        : Ending.AGREEMENT;
  }

  private static boolean timeForfeit(PgnGame recorded) {
    return recorded.tag("Termination")
        .map(tag -> tag.toLowerCase(Locale.ROOT).contains("time")).orElse(false);
  }

  /** Whether the flag of the side to move gives this result (FIDE 6.9). */
  private static boolean flagGives(Game game, Result result) {
    Color flagged = game.position().sideToMove();
    boolean opponentCanMate = game.canPossiblyCheckmate(flagged.opposite());
    return opponentCanMate ? result == Result.winFor(flagged.opposite())
        : result == Result.DRAW;
  }

  /** The API's termination the server should show, null for a game left running. */
  private static String termination(Game game, Ending ending) {
    return switch (ending) {
      case BOARD -> Termination.of(game.status()).wire();
      case FLAG -> Termination.TIMEOUT.wire();
      case CLAIM -> (game.canClaimThreefold() ? Termination.THREEFOLD : Termination.FIFTY_MOVE)
          .wire();
      case RESIGN -> Termination.RESIGNATION.wire();
      case AGREEMENT -> Termination.AGREEMENT.wire();
      case NONE -> null;
    };
  }

  private Account accountOf(Color side) {
    return side == Color.WHITE ? white : black;
  }

  private static Color sideAt(Game game, int ply) {
    Color first = game.startPosition().sideToMove();
    return ply % 2 == 0 ? first : first.opposite();
  }

  private static void sleep(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the flag", e);
    }
  }
}
