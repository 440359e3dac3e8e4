package gambit.chess;

import gambit.chess.rules.Color;
import gambit.chess.rules.Game;
import gambit.chess.rules.Move;
import gambit.chess.rules.Position;
import gambit.chess.rules.Result;
import gambit.chess.rules.San;
import gambit.serialization.CborSerializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link GameState} as a snapshot stores it: plain values only (the moves in UCI, not the
 * engine's internal codes), so that the rules engine can change without breaking stored
 * snapshots. Reading one replays the moves through the engine. Evolves like the events (see
 * {@link ChessGame}).
 */
record GameSnapshot(GameState.Status status, Player white, Player black,
    TimeControl timeControl, String initialFen, List<String> moves, int[] clockAfterPly,
    long whiteMillis, long blackMillis, Instant lastMoveAt, Color drawOffer, Result result,
    Termination termination, Instant createdAt) implements CborSerializable {

  static GameSnapshot of(GameState state) {
    Game game = state.game();
    List<String> moves = new ArrayList<>(game.ply());
    for (int ply = 0; ply < game.ply(); ply++) {
      moves.add(game.move(ply).uci());
    }
    return new GameSnapshot(state.status(), state.white(), state.black(), state.timeControl(),
        game.startPosition().toFen(), moves, state.clockAfterPly(), state.whiteMillis(),
        state.blackMillis(), state.lastMoveAt(), state.drawOffer(), state.result(),
        state.termination(), state.createdAt());
  }

  /** The state again: one pass over the moves plays each and writes its SAN (recovery's cost). */
  GameState toState() {
    Game game = Game.from(Position.fromFen(initialFen));
    StringBuilder san = new StringBuilder(moves.size() * 5);
    for (String uci : moves) {
      Move move = game.position().parseMove(uci);
      san.append(san.length() == 0 ? "" : " ").append(San.format(game.position(), move));
      game = game.play(move);
    }
    return new GameState(status, white, black, timeControl, game,
        san.toString(), clockAfterPly == null ? new int[0] : clockAfterPly,
        whiteMillis, blackMillis, lastMoveAt, drawOffer, result, termination, createdAt);
  }
}
