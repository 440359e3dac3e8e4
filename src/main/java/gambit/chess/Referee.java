package gambit.chess;

import gambit.chess.ChessGame.Abort;
import gambit.chess.ChessGame.Command;
import gambit.chess.ChessGame.Create;
import gambit.chess.ChessGame.Draw;
import gambit.chess.ChessGame.DrawDeclined;
import gambit.chess.ChessGame.DrawOffered;
import gambit.chess.ChessGame.Event;
import gambit.chess.ChessGame.GameCreated;
import gambit.chess.ChessGame.GameEnded;
import gambit.chess.ChessGame.GameJoined;
import gambit.chess.ChessGame.Join;
import gambit.chess.ChessGame.MakeMove;
import gambit.chess.ChessGame.MovePlayed;
import gambit.chess.ChessGame.Rejection;
import gambit.chess.ChessGame.Resign;
import gambit.chess.GameState.Status;
import gambit.chess.rules.Color;
import gambit.chess.rules.Fen;
import gambit.chess.rules.Game;
import gambit.chess.rules.IllegalMoveException;
import gambit.chess.rules.InvalidFenException;
import gambit.chess.rules.Move;
import gambit.chess.rules.Result;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Decides what a player's command does to a game: which events it leads to, or why it is
 * refused. Pure functions of the state, the command, the time and (for a random colour) a coin;
 * no Akka, no I/O, so every rule is tested without an actor.
 *
 * <p>The rules, in the order they are checked:
 * <ul>
 *   <li>only {@link Create} reaches a game that was never created ({@code NOT_FOUND} otherwise);
 *   <li>anyone may read a game and join a waiting one; every other command needs one of the
 *       game's two players ({@code NOT_A_PLAYER});
 *   <li>a move carries the ply it was made at: an earlier ply whose recorded move is the same
 *       move by the same player is a retry and accepted with no event; any other earlier or a
 *       later ply is refused ({@code CONFLICT});
 *   <li>moves, resignation and draw actions need an active game, moves the mover's turn;
 *   <li>a move that the rules refuse is {@code MALFORMED} (unreadable text) or {@code ILLEGAL};
 *   <li>abort is possible until both sides have moved, resignation from the start;
 *   <li>a draw offer stands until the other player accepts or declines it or makes a move; an
 *       offer made while the opponent's offer stands accepts it; a claim (threefold repetition,
 *       fifty moves) is made by the player to move, in the current position.
 * </ul>
 * Time: the first move of each side is not timed and earns no increment; from then on the side
 * to move is charged the time since the previous move and gets the increment after moving. A
 * flag, or a first move not made in time, is decided by {@link #timeRanOut} before any command
 * is looked at.
 */
final class Referee {

  private Referee() {}

  /** What a command leads to: events to persist (maybe none), or a refusal. */
  record Verdict(List<Event> events, Rejection rejection, String detail) {

    static Verdict accept(Event... events) {
      return new Verdict(List.of(events), null, null);
    }

    static Verdict reject(Rejection rejection, String detail) {
      return new Verdict(List.of(), rejection, detail);
    }

    boolean accepted() {
      return rejection == null;
    }

    /** This verdict with an event that happened first (a flag noticed on the way). */
    Verdict after(Event first) {
      List<Event> all = new ArrayList<>(events.size() + 1);
      all.add(first);
      all.addAll(events);
      return new Verdict(List.copyOf(all), rejection, detail);
    }
  }

  /**
   * What time alone ends at {@code now}, before any command is looked at: a fallen flag
   * ({@link #flagIfFallen}), or a timed game aborted because a side did not make its first move
   * within {@code firstMoveTimeout} ({@link #abortIfFirstMoveMissed}).
   */
  static Optional<GameEnded> timeRanOut(GameState state, Instant now,
      Duration firstMoveTimeout) {
    Optional<GameEnded> flag = flagIfFallen(state, now);
    return flag.isPresent() ? flag : abortIfFirstMoveMissed(state, now, firstMoveTimeout);
  }

  /**
   * The abort of an active, timed game in which the side to move has not made its first move
   * within {@code timeout}: nobody loses (as on the major servers), and a player who never
   * shows up cannot hold the opponent in a game whose clocks have not started.
   */
  static Optional<GameEnded> abortIfFirstMoveMissed(GameState state, Instant now,
      Duration timeout) {
    return state.firstMoveDeadline(timeout)
        .filter(deadline -> !now.isBefore(deadline))
        .map(deadline -> new GameEnded(Result.UNDECIDED, Termination.ABORTED, now,
            state.whiteMillis(), state.blackMillis()));
  }

  /**
   * The flag of the side to move, when its time ran out at or before {@code now}: a win for the
   * opponent, or a draw when the opponent cannot possibly checkmate (FIDE 6.9).
   */
  static Optional<GameEnded> flagIfFallen(GameState state, Instant now) {
    if (!state.clockRunning() || now.isBefore(state.flagDeadline())) {
      return Optional.empty();
    }
    Color flagged = state.turn();
    Color opponent = flagged.opposite();
    Result result = state.game().canPossiblyCheckmate(opponent)
        ? Result.winFor(opponent) : Result.DRAW;
    long white = flagged == Color.WHITE ? 0 : state.remaining(Color.WHITE, now);
    long black = flagged == Color.BLACK ? 0 : state.remaining(Color.BLACK, now);
    return Optional.of(new GameEnded(result, Termination.TIMEOUT, now, white, black));
  }

  /**
   * The verdict on a player's command (not the entity's internal ones).
   *
   * @param coin decides the creator's colour when they asked for a random one (true = White)
   */
  static Verdict decide(GameState state, Command command, Instant now, BooleanSupplier coin) {
    if (command instanceof Create create) {
      return create(state, create, now, coin);
    }
    if (!state.isCreated()) {
      return Verdict.reject(Rejection.NOT_FOUND, "there is no such game");
    }
    if (command instanceof Join join) {
      return join(state, join, now);
    }
    String userId = ChessGame.actingUser(command);
    if (userId == null) {
      return Verdict.accept();
    }
    Color side = state.colorOf(userId);
    if (side == null) {
      return Verdict.reject(Rejection.NOT_A_PLAYER, "only the game's two players may do that");
    }
    if (command instanceof MakeMove move) {
      return move(state, side, move, now);
    }
    if (command instanceof Resign) {
      return resign(state, side, now);
    }
    if (command instanceof Draw draw) {
      return draw(state, side, draw.action(), now);
    }
    return abort(state, (Abort) command, now);
  }

  // ---------------------------------------------------------------- create and join

  private static Verdict create(GameState state, Create create, Instant now,
      BooleanSupplier coin) {
    if (state.isCreated()) {
      return Verdict.reject(Rejection.CONFLICT, "a game with this id exists already");
    }
    Game start;
    try {
      start = Game.fromFen(create.fen() == null ? Fen.INITIAL : create.fen());
    } catch (InvalidFenException e) {
      return Verdict.reject(Rejection.MALFORMED, e.getMessage());
    }
    if (start.status().isOver()) {
      return Verdict.reject(Rejection.ILLEGAL, "the start position is already decided ("
          + Termination.of(start.status()).wire() + "): there is nothing to play");
    }
    Color color = switch (create.color()) {
      case WHITE -> Color.WHITE;
      case BLACK -> Color.BLACK;
      case RANDOM -> coin.getAsBoolean() ? Color.WHITE : Color.BLACK;
    };
    return Verdict.accept(new GameCreated(create.creator(), color, create.timeControl(),
        start.startPosition().toFen(), now));
  }

  private static Verdict join(GameState state, Join join, Instant now) {
    boolean player = state.colorOf(join.player().userId()) != null;
    if (state.status() == Status.WAITING) {
      return player
          ? Verdict.reject(Rejection.CONFLICT, "you created this game: another player must join")
          : Verdict.accept(new GameJoined(join.player(), now));
    }
    if (player) {
      return Verdict.accept();
    }
    return Verdict.reject(Rejection.CONFLICT, state.isOver() ? over(state)
        : "the game already has two players");
  }

  // ---------------------------------------------------------------- moves

  private static Verdict move(GameState state, Color side, MakeMove command, Instant now) {
    int ply = state.game().ply();
    if (command.ply() < ply) {
      return retry(state, side, command);
    }
    if (command.ply() > ply) {
      return Verdict.reject(Rejection.CONFLICT, "ply " + command.ply()
          + " is ahead of the game, which is at ply " + ply);
    }
    Verdict notPlayable = notActive(state, "the game has not started: it waits for a second"
        + " player");
    if (notPlayable != null) {
      return notPlayable;
    }
    if (side != state.turn()) {
      return Verdict.reject(Rejection.CONFLICT, "it is " + GameState.side(state.turn())
          + "'s turn");
    }
    Move move;
    try {
      move = state.game().position().parseMove(command.move());
    } catch (IllegalMoveException e) {
      return Verdict.reject(e.reason() == IllegalMoveException.Reason.MALFORMED
          ? Rejection.MALFORMED : Rejection.ILLEGAL, e.getMessage());
    }
    return played(state, side, move, now);
  }

  private static Verdict played(GameState state, Color side, Move move, Instant now) {
    Long clock = clockAfterMove(state, side, now);
    MovePlayed played = new MovePlayed(state.game().ply(), move.uci(), now, clock);
    Game after = state.game().play(move);
    if (!after.status().isOver()) {
      return Verdict.accept(played);
    }
    Long white = side == Color.WHITE ? clock : clockOrNull(state, Color.WHITE, now);
    Long black = side == Color.BLACK ? clock : clockOrNull(state, Color.BLACK, now);
    return Verdict.accept(played, new GameEnded(after.result(),
        Termination.of(after.status()), now, white, black));
  }

  /**
   * The mover's clock after the move: untimed null; each side's first move is free (the clock
   * has not started); afterwards the time since the previous move is charged and the increment
   * added. {@link #flagIfFallen} has run before, so the time left is positive.
   */
  private static Long clockAfterMove(GameState state, Color side, Instant now) {
    if (state.timeControl() == null) {
      return null;
    }
    long left = state.remaining(side, now);
    return state.clockRunning() ? left + state.timeControl().incrementMillis() : left;
  }

  private static Verdict retry(GameState state, Color side, MakeMove command) {
    Game before = Game.replay(state.game().startPosition(),
        state.game().moves().subList(0, command.ply()));
    Move recorded = state.game().move(command.ply());
    if (before.position().sideToMove() == side && recorded.equals(parseOrNull(before,
        command.move()))) {
      return Verdict.accept();
    }
    return Verdict.reject(Rejection.CONFLICT, "stale ply " + command.ply() + ": the game is at"
        + " ply " + state.game().ply() + ", and " + recorded.uci() + " was played at ply "
        + command.ply());
  }

  private static Move parseOrNull(Game game, String text) {
    try {
      return game.position().parseMove(text);
    } catch (IllegalMoveException e) {
      return null;
    }
  }

  // ---------------------------------------------------------------- endings

  private static Verdict resign(GameState state, Color side, Instant now) {
    Verdict refused = notActive(state, "the game has not started: abort it instead");
    return refused != null ? refused
        : Verdict.accept(ended(state, Result.winFor(side.opposite()), Termination.RESIGNATION,
            now));
  }

  private static Verdict abort(GameState state, Abort command, Instant now) {
    if (state.isOver()) {
      return Verdict.reject(Rejection.CONFLICT, over(state));
    }
    if (state.bothSidesMoved()) {
      return Verdict.reject(Rejection.CONFLICT, "both sides have moved: the game can no longer"
          + " be aborted (resign instead)");
    }
    return Verdict.accept(ended(state, Result.UNDECIDED, Termination.ABORTED, now));
  }

  private static Verdict draw(GameState state, Color side, ChessGame.DrawAction action,
      Instant now) {
    Verdict refused = notActive(state, "the game has not started");
    if (refused != null) {
      return refused;
    }
    Color offer = state.drawOffer();
    return switch (action) {
      case OFFER -> offer == side ? Verdict.accept()
          : offer == side.opposite() ? agreed(state, now)
          : Verdict.accept(new DrawOffered(side, now));
      case ACCEPT -> offer == side.opposite() ? agreed(state, now)
          : Verdict.reject(Rejection.CONFLICT, "there is no draw offer from your opponent");
      case DECLINE -> offer == side.opposite() ? Verdict.accept(new DrawDeclined(side, now))
          : Verdict.reject(Rejection.CONFLICT, "there is no draw offer from your opponent");
      case CLAIM -> claim(state, side, now);
    };
  }

  private static Verdict agreed(GameState state, Instant now) {
    return Verdict.accept(ended(state, Result.DRAW, Termination.AGREEMENT, now));
  }

  private static Verdict claim(GameState state, Color side, Instant now) {
    if (side != state.turn()) {
      return Verdict.reject(Rejection.CONFLICT, "a draw is claimed by the player to move, on"
          + " their turn");
    }
    if (state.game().canClaimThreefold()) {
      return Verdict.accept(ended(state, Result.DRAW, Termination.THREEFOLD, now));
    }
    if (state.game().canClaimFiftyMove()) {
      return Verdict.accept(ended(state, Result.DRAW, Termination.FIFTY_MOVE, now));
    }
    return Verdict.reject(Rejection.CONFLICT, "no draw can be claimed: the position has not"
        + " occurred three times, and there have not been 50 moves by each side without a"
        + " capture or a pawn move");
  }

  private static GameEnded ended(GameState state, Result result, Termination termination,
      Instant now) {
    return new GameEnded(result, termination, now, clockOrNull(state, Color.WHITE, now),
        clockOrNull(state, Color.BLACK, now));
  }

  private static Long clockOrNull(GameState state, Color side, Instant now) {
    return state.timeControl() == null ? null : Math.max(0, state.remaining(side, now));
  }

  /** A refusal when the game is not active (waiting, or over), else null. */
  private static Verdict notActive(GameState state, String whenWaiting) {
    if (state.status() == Status.WAITING) {
      return Verdict.reject(Rejection.CONFLICT, whenWaiting);
    }
    return state.isOver() ? Verdict.reject(Rejection.CONFLICT, over(state)) : null;
  }

  private static String over(GameState state) {
    return "the game is over (" + state.termination().wire() + ", " + state.result().pgn() + ")";
  }
}
