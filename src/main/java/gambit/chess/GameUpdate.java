package gambit.chess;

import gambit.chess.ChessGame.DrawDeclined;
import gambit.chess.ChessGame.DrawOffered;
import gambit.chess.ChessGame.Event;
import gambit.chess.ChessGame.GameEnded;
import gambit.chess.ChessGame.MovePlayed;
import gambit.serialization.CborSerializable;
import java.time.Instant;
import java.util.Locale;

/**
 * What a game publishes to its topic ({@link ChessGame#topicName}) after each persisted event,
 * for whoever follows it live (WebSocket connections on any node). Each carries the event's
 * sequence number, so a follower sees at once when it missed one (pub/sub delivers at most
 * once) and fetches the whole game instead ({@link ChessGame.GetState}).
 */
public sealed interface GameUpdate extends CborSerializable {

  String gameId();

  /** The sequence number of the event this update reports. */
  long sequenceNr();

  /**
   * A move.
   *
   * @param ply the half-moves before it
   * @param fen the position after it
   * @param clock both clocks just after it (null for an untimed game)
   */
  record Moved(String gameId, long sequenceNr, int ply, String uci, String san, String fen,
      GameView.Clocks clock) implements GameUpdate {}

  /**
   * A draw offer made or declined.
   *
   * @param action {@code offer} or {@code decline}
   * @param by the side that acted
   */
  record DrawChanged(String gameId, long sequenceNr, String action, String by)
      implements GameUpdate {}

  /**
   * The end of the game.
   *
   * @param status {@code finished} or {@code aborted}
   */
  record Ended(String gameId, long sequenceNr, String status, String result, String termination,
      GameView.Clocks clock) implements GameUpdate {}

  /** Any other change (a player joined): the whole game. */
  record Changed(String gameId, long sequenceNr, GameView game) implements GameUpdate {}

  /**
   * The update for an event, given the state after the write that contained it (a write holds
   * at most one move, followed maybe by the end of the game, so that state still shows the
   * move's position and SAN).
   *
   * @param now the time a whole-game view is made at
   */
  static GameUpdate of(String gameId, long sequenceNr, Event event, GameState after,
      Instant now) {
    if (event instanceof MovePlayed moved) {
      String san = after.san().substring(after.san().lastIndexOf(' ') + 1);
      return new Moved(gameId, sequenceNr, moved.ply(), moved.uci(), san,
          after.game().position().toFen(), after.clocksAt(moved.at()));
    }
    if (event instanceof DrawOffered offered) {
      return new DrawChanged(gameId, sequenceNr, "offer", GameState.side(offered.by()));
    }
    if (event instanceof DrawDeclined declined) {
      return new DrawChanged(gameId, sequenceNr, "decline", GameState.side(declined.by()));
    }
    if (event instanceof GameEnded ended) {
      return new Ended(gameId, sequenceNr, after.status().name().toLowerCase(Locale.ROOT),
          ended.result().pgn(), ended.termination().wire(), after.clocksAt(ended.at()));
    }
    return new Changed(gameId, sequenceNr, after.view(gameId, now));
  }
}
