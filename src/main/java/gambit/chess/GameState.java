package gambit.chess;

import gambit.chess.ChessGame.DrawDeclined;
import gambit.chess.ChessGame.DrawOffered;
import gambit.chess.ChessGame.Event;
import gambit.chess.ChessGame.GameCreated;
import gambit.chess.ChessGame.GameEnded;
import gambit.chess.ChessGame.GameJoined;
import gambit.chess.ChessGame.MovePlayed;
import gambit.chess.rules.Color;
import gambit.chess.rules.Game;
import gambit.chess.rules.Move;
import gambit.chess.rules.PgnWriter;
import gambit.chess.rules.Result;
import gambit.chess.rules.San;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One game as its events leave it: who plays which side, the board ({@link Game}), the clocks,
 * a standing draw offer and how the game ended. Immutable: {@link #apply} returns the next state.
 * The entity decides (commands), this class only records (events) and answers questions.
 *
 * <p>Clocks: {@code whiteMillis} and {@code blackMillis} are each side's time as of
 * {@code lastMoveAt}; while a clock runs, the running side's time is that minus the time since
 * {@code lastMoveAt} (see {@link #remaining}). A clock runs only in an active, timed game after
 * both sides have made their first move (ply 2 and later), for the side to move.
 *
 * @param status where the game is in its life
 * @param white White's player, null until taken
 * @param black Black's player, null until taken
 * @param timeControl null for an untimed game
 * @param game the board: start position and moves
 * @param san the moves in SAN, separated by single spaces (kept as one string: small in memory)
 * @param clockAfterPly timed games: the mover's remaining milliseconds after each ply
 * @param whiteMillis White's remaining time as of {@code lastMoveAt}, in milliseconds
 * @param blackMillis Black's remaining time as of {@code lastMoveAt}
 * @param lastMoveAt when the last move was played; before the first, when the game became
 *     active (null before that, and in games that became active before this was recorded)
 * @param drawOffer the side whose draw offer stands, or null
 * @param result the result, {@link Result#UNDECIDED} until the end
 * @param termination how it ended, null until then
 * @param createdAt when the game was created, null before
 */
record GameState(Status status, Player white, Player black, TimeControl timeControl, Game game,
    String san, int[] clockAfterPly, long whiteMillis, long blackMillis, Instant lastMoveAt,
    Color drawOffer, Result result, Termination termination, Instant createdAt) {

  /** A game's life: created waiting for an opponent, active, then finished or aborted. */
  enum Status {
    /** Never created: the entity exists only because a message reached its id. */
    NEW,
    WAITING,
    ACTIVE,
    FINISHED,
    ABORTED
  }

  private static final DateTimeFormatter PGN_DATE =
      DateTimeFormatter.ofPattern("yyyy.MM.dd", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** The state of an id no game was created under. */
  static GameState empty() {
    return new GameState(Status.NEW, null, null, null, Game.standard(), "", new int[0], 0, 0,
        null, null, Result.UNDECIDED, null, null);
  }

  // ---------------------------------------------------------------- events

  /**
   * The state after an event.
   *
   * @throws IllegalStateException when the event cannot follow this state (a corrupt journal)
   */
  GameState apply(Event event) {
    if (event instanceof MovePlayed moved) {
      return moved(moved);
    }
    if (event instanceof GameCreated created) {
      return created(created);
    }
    if (event instanceof GameJoined joined) {
      return joined(joined);
    }
    if (event instanceof DrawOffered offered) {
      return withDrawOffer(offered.by());
    }
    if (event instanceof DrawDeclined) {
      return withDrawOffer(null);
    }
    return ended((GameEnded) event);
  }

  private GameState created(GameCreated e) {
    Game start = Game.fromFen(e.initialFen());
    long initial = e.timeControl() == null ? 0 : e.timeControl().initialMillis();
    Player white = e.creatorColor() == Color.WHITE ? e.creator() : null;
    Player black = e.creatorColor() == Color.BLACK ? e.creator() : null;
    return new GameState(Status.WAITING, white, black, e.timeControl(), start, "", new int[0],
        initial, initial, null, null, Result.UNDECIDED, null, e.at());
  }

  private GameState joined(GameJoined e) {
    Player newWhite = white == null ? e.player() : white;
    Player newBlack = white == null ? black : e.player();
    // the first-move deadline counts from here (the clocks themselves start later)
    return new GameState(Status.ACTIVE, newWhite, newBlack, timeControl, game, san,
        clockAfterPly, whiteMillis, blackMillis, e.at(), drawOffer, result, termination,
        createdAt);
  }

  private GameState moved(MovePlayed e) {
    if (e.ply() != game.ply()) {
      throw new IllegalStateException("move for ply " + e.ply() + " at ply " + game.ply());
    }
    Color mover = turn();
    Move move = game.position().parseMove(e.uci());
    String moveSan = San.format(game.position(), move);
    long white = whiteMillis;
    long black = blackMillis;
    int[] clocks = clockAfterPly;
    if (e.clockMillis() != null) {
      white = mover == Color.WHITE ? e.clockMillis() : white;
      black = mover == Color.BLACK ? e.clockMillis() : black;
      clocks = Arrays.copyOf(clockAfterPly, clockAfterPly.length + 1);
      clocks[clockAfterPly.length] = (int) Math.min(Integer.MAX_VALUE, e.clockMillis());
    }
    // an offer lapses when the player it was made to moves instead of answering (FIDE 9.1.2.3)
    Color offer = drawOffer == mover.opposite() ? null : drawOffer;
    return new GameState(status, this.white, this.black, timeControl, game.play(move),
        san.isEmpty() ? moveSan : san + " " + moveSan, clocks, white, black, e.at(), offer,
        result, termination, createdAt);
  }

  private GameState withDrawOffer(Color side) {
    return new GameState(status, white, black, timeControl, game, san, clockAfterPly,
        whiteMillis, blackMillis, lastMoveAt, side, result, termination, createdAt);
  }

  private GameState ended(GameEnded e) {
    Status end = e.termination() == Termination.ABORTED ? Status.ABORTED : Status.FINISHED;
    long white = e.whiteMillis() == null ? whiteMillis : e.whiteMillis();
    long black = e.blackMillis() == null ? blackMillis : e.blackMillis();
    return new GameState(end, this.white, this.black, timeControl, game, san, clockAfterPly,
        white, black, lastMoveAt, null, e.result(), e.termination(), createdAt);
  }

  // ---------------------------------------------------------------- questions

  boolean isCreated() {
    return status != Status.NEW;
  }

  /** Finished or aborted: nothing more can happen. */
  boolean isOver() {
    return status == Status.FINISHED || status == Status.ABORTED;
  }

  /** The side to move in the current position. */
  Color turn() {
    return game.position().sideToMove();
  }

  /** The side that user plays, or null when they are not a player of this game. */
  Color colorOf(String userId) {
    if (white != null && white.userId().equals(userId)) {
      return Color.WHITE;
    }
    return black != null && black.userId().equals(userId) ? Color.BLACK : null;
  }

  /** Whether each side has made a move, so that the game counts as started (abort rule). */
  boolean bothSidesMoved() {
    return game.ply() >= 2;
  }

  /** Whether a clock runs now: an active, timed game in which both sides have moved. */
  boolean clockRunning() {
    return status == Status.ACTIVE && timeControl != null && bothSidesMoved();
  }

  /**
   * A side's remaining time at {@code now}, in milliseconds; below zero when its flag has
   * fallen and the game does not know it yet. Untimed games: 0.
   */
  long remaining(Color side, Instant now) {
    long base = side == Color.WHITE ? whiteMillis : blackMillis;
    if (clockRunning() && side == turn()) {
      return base - Duration.between(lastMoveAt, now).toMillis();
    }
    return base;
  }

  /**
   * When an active, timed game that a side has not yet made its first move in is called off
   * because of that: {@code timeout} after the game became active (White's first move) or after
   * White's first move (Black's); empty in every other case.
   */
  Optional<Instant> firstMoveDeadline(Duration timeout) {
    boolean waitingForFirstMove = status == Status.ACTIVE && timeControl != null
        && !bothSidesMoved() && lastMoveAt != null;
    return waitingForFirstMove ? Optional.of(lastMoveAt.plus(timeout)) : Optional.empty();
  }

  /** When the running side's flag falls; only while {@link #clockRunning()}. */
  Instant flagDeadline() {
    long base = turn() == Color.WHITE ? whiteMillis : blackMillis;
    return lastMoveAt.plusMillis(base);
  }

  // ---------------------------------------------------------------- views

  /** The API's view of this game at {@code now}. */
  GameView view(String gameId, Instant now) {
    return new GameView(gameId, status.name().toLowerCase(Locale.ROOT), white, black,
        game.startPosition().toFen(), game.position().toFen(), uciMoves(), sanMoves(),
        game.ply(), side(turn()), clocksAt(now), result.pgn(),
        termination == null ? null : termination.wire(), side(drawOffer));
  }

  /** Both clocks as the view shows them at {@code now}; null for an untimed game. */
  GameView.Clocks clocksAt(Instant now) {
    if (timeControl == null) {
      return null;
    }
    return new GameView.Clocks(Math.max(0, remaining(Color.WHITE, now)),
        Math.max(0, remaining(Color.BLACK, now)), clockRunning() ? side(turn()) : null);
  }

  private List<String> uciMoves() {
    List<String> moves = new ArrayList<>(game.ply());
    for (int ply = 0; ply < game.ply(); ply++) {
      moves.add(game.move(ply).uci());
    }
    return moves;
  }

  private List<String> sanMoves() {
    return san.isEmpty() ? List.of() : List.of(san.split(" "));
  }

  /** {@code white}, {@code black}, or null. */
  static String side(Color color) {
    return color == null ? null : color.name().toLowerCase(Locale.ROOT);
  }

  /**
   * The game as PGN: players, date, time control, the moves with {@code [%clk]} comments for
   * timed games, result and {@code Termination} ({@code unterminated} while it goes on).
   */
  String pgn(String gameId) {
    PgnWriter writer = PgnWriter.of(game)
        .tag("Event", "Gambit game " + gameId)
        .tag("Site", "Gambit")
        .tag("White", white == null ? "?" : white.username())
        .tag("Black", black == null ? "?" : black.username())
        .tag("TimeControl", timeControl == null ? "-" : timeControl.pgnTag())
        .tag("Termination", termination == null ? "unterminated" : termination.pgnTag())
        .result(result);
    if (createdAt != null) {
      writer.tag("Date", PGN_DATE.format(createdAt));
    }
    if (timeControl != null) {
      List<Duration> clocks = new ArrayList<>(clockAfterPly.length);
      for (int millis : clockAfterPly) {
        clocks.add(Duration.ofMillis(millis));
      }
      writer.clocks(clocks);
    }
    return writer.write();
  }
}
