package gambit.chess.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Properties that must hold in every position: the incrementally kept hash equals a fresh one,
 * FEN round-trips, and every legal move survives SAN and UCI round-trips. Checked on every node
 * of small perft trees (rich in castling, en passant and promotion) and along random games.
 */
class ConsistencyTest {

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "r3k2r/p1ppqpb1/bn2pnp1/3PN3/1p2P3/2N2Q1p/PPPBBPPP/R3K2R w KQkq - 0 1;2",
      "8/2p5/3p4/KP5r/1R3p1k/8/4P1P1/8 w - - 0 1;4",
      "r3k2r/Pppp1ppp/1b3nbN/nP6/BBP1P3/q4N2/Pp1P2PP/R2Q1RK1 w kq - 0 1;3",
      "rnbq1k1r/pp1Pbppp/2p5/8/2B5/8/PPP1NnPP/RNBQK2R w KQ - 1 8;2",
      "4k3/8/8/8/2p1p3/8/3P4/4K3 w - - 0 1;5"})
  void everyNodeOfAPerftTreeKeepsItsHashAndFen(String fen, int depth) {
    walk(Position.fromFen(fen), depth);
  }

  private static void walk(Position position, int depth) {
    assertEquals(position.computeHash(), position.repetitionKey(), position.toFen());
    Position reparsed = Position.fromFen(position.toFen());
    assertEquals(position, reparsed, position.toFen());
    assertEquals(position.repetitionKey(), reparsed.repetitionKey(), position.toFen());
    if (depth == 0) {
      return;
    }
    for (Move move : position.legalMoves()) {
      walk(position.play(move), depth - 1);
    }
  }

  @Test
  void randomGamesRoundTripEveryLegalMoveThroughSanAndUci() {
    SplittableRandom random = new SplittableRandom(20240611L);
    int positions = 0;
    for (int gameNumber = 0; gameNumber < 15; gameNumber++) {
      Game game = Game.standard();
      while (!game.status().isOver() && game.ply() < 250) {
        Position position = game.position();
        List<Move> moves = position.legalMoves();
        for (Move move : moves) {
          String san = San.format(position, move);
          assertEquals(move, San.parse(position, san), san + " in " + position);
          assertEquals(move, Uci.parse(position, move.uci()), move + " in " + position);
        }
        game = game.play(moves.get(random.nextInt(moves.size())));
        positions++;
      }
    }
    assertTrue(positions > 1_000, "too few positions visited: " + positions);
  }
}
