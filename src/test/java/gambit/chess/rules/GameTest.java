package gambit.chess.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gambit.chess.rules.IllegalMoveException.Reason;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GameTest {

  private static Game play(Game game, String... moves) {
    for (String move : moves) {
      game = game.play(move);
    }
    return game;
  }

  private static Game shuffleKnights(Game game, int cycles) {
    for (int i = 0; i < cycles; i++) {
      game = play(game, "Nf3", "Nf6", "Ng1", "Ng8");
    }
    return game;
  }

  // ---- endings decided by the board ----------------------------------------------------------

  @Test
  void checkmateEndsTheGameForTheSideThatMated() {
    Game game = play(Game.standard(), "f3", "e5", "g4", "Qh4#");
    assertEquals(GameStatus.CHECKMATE, game.status());
    assertEquals(Result.BLACK_WINS, game.result());
    assertEquals(Optional.of(Color.BLACK), game.winner());
    IllegalMoveException error = assertThrows(IllegalMoveException.class,
        () -> game.play("a3"));
    assertEquals(Reason.GAME_OVER, error.reason());
  }

  @Test
  void stalemateIsADraw() {
    Game game = Game.fromFen("7k/5Q2/8/6K1/8/8/8/8 w - - 0 1").play("Kg6");
    assertEquals(GameStatus.STALEMATE, game.status());
    assertEquals(Result.DRAW, game.result());
    assertEquals(Optional.empty(), game.winner());
  }

  @Test
  void capturingTheLastPawnLeavingKingAgainstKingIsADraw() {
    Game game = Game.fromFen("8/8/4k3/8/8/8/5p2/4K3 w - - 0 1");
    assertEquals(GameStatus.ONGOING, game.status());
    Game after = game.play("Kxf2");
    assertEquals(GameStatus.INSUFFICIENT_MATERIAL, after.status());
    assertEquals(Result.DRAW, after.result());
  }

  @Test
  void aGameMayStartFinished() {
    Game mated = Game.fromFen("rnb1kbnr/pppp1ppp/8/4p3/6Pq/5P2/PPPPP2P/RNBQKBNR w KQkq - 1 3");
    assertEquals(GameStatus.CHECKMATE, mated.status());
    assertEquals(Result.BLACK_WINS, mated.result());
    Game bishops = Game.fromFen("4k3/8/8/3b4/8/8/8/3BK3 w - - 0 1");
    assertEquals(GameStatus.INSUFFICIENT_MATERIAL, bishops.status());
  }

  @Test
  void oppositeColouredBishopsPlayOn() {
    assertEquals(GameStatus.ONGOING, Game.fromFen("4k3/8/8/2b5/8/8/8/3BK3 w - - 0 1").status());
  }

  // ---- repetition ----------------------------------------------------------------------------

  @Test
  void threefoldRepetitionIsAClaimForThePlayerToMove() {
    Game twice = play(shuffleKnights(Game.standard(), 1), "Nf3", "Nf6", "Ng1");
    assertEquals(2, twice.repetitionCount());
    assertFalse(twice.canClaimThreefold());
    Move back = twice.position().parseMove("Ng8");
    assertTrue(twice.canClaimThreefoldWith(back), "Ng8 would repeat the start a third time");
    assertFalse(twice.canClaimThreefoldWith(twice.position().parseMove("Nc6")));

    Game thrice = twice.play(back);
    assertEquals(3, thrice.repetitionCount());
    assertTrue(thrice.canClaimThreefold());
    assertEquals(GameStatus.ONGOING, thrice.status(), "threefold is only a claim");
  }

  @Test
  void fivefoldRepetitionEndsTheGameByItself() {
    Game four = shuffleKnights(Game.standard(), 3);
    assertEquals(4, four.repetitionCount());
    assertEquals(GameStatus.ONGOING, four.status());
    Game five = shuffleKnights(four, 1);
    assertEquals(5, five.repetitionCount());
    assertEquals(GameStatus.FIVEFOLD_REPETITION, five.status());
    assertEquals(Result.DRAW, five.result());
    assertFalse(five.canClaimThreefold(), "no claim once the game is over");
    assertEquals(Reason.GAME_OVER,
        assertThrows(IllegalMoveException.class, () -> five.play("e4")).reason());
  }

  @Test
  void anEnPassantSquareThatNoPawnCanUseDoesNotMakeAPositionDifferent() {
    // After 1.e4 no black pawn can take on e3, so the position repeats after each Ng1.
    Game game = play(Game.standard(), "e4", "Nf6", "Nf3", "Ng8", "Ng1", "Nf6", "Nf3", "Ng8",
        "Ng1");
    assertEquals(3, game.repetitionCount());
    assertTrue(game.canClaimThreefold());
  }

  @Test
  void aUsableEnPassantCaptureMakesThePositionDifferent() {
    Game start = Game.fromFen("4k1n1/3p4/8/4P3/8/8/8/4K1N1 b - - 0 1").play("d5");
    assertEquals(Square.parse("d6"), start.position().enPassantSquare());
    Game game = play(start, "Nf3", "Nf6", "Ng1", "Ng8", "Nf3", "Nf6", "Ng1", "Ng8");
    assertEquals(2, game.repetitionCount(), "the first occurrence allowed exd6");
    assertFalse(game.canClaimThreefold());
    assertTrue(play(game, "Nf3", "Nf6", "Ng1", "Ng8").canClaimThreefold());
  }

  @Test
  void castlingRightsMakeOtherwiseEqualPositionsDifferent() {
    Game game = Game.fromFen("r3k2r/8/8/8/8/8/8/R3K2R w KQkq - 0 1");
    Game back = play(game, "Ke2", "Ke7", "Ke1", "Ke8");
    assertEquals(1, back.repetitionCount());
    assertEquals(2, play(back, "Ke2", "Ke7", "Ke1", "Ke8").repetitionCount());
  }

  // ---- fifty and seventy-five moves ----------------------------------------------------------

  @Test
  void fiftyMovesWithoutPawnMoveOrCaptureAreAClaim() {
    Game game = Game.fromFen("4k3/8/8/8/8/8/8/R3K3 w - - 99 60");
    assertFalse(game.canClaimFiftyMove());
    Move rookMove = game.position().parseMove("Ra2");
    assertTrue(game.canClaimFiftyMoveWith(rookMove));
    Game after = game.play(rookMove);
    assertTrue(after.canClaimFiftyMove());
    assertEquals(GameStatus.ONGOING, after.status());
  }

  @Test
  void aPawnMoveResetsTheFiftyMoveCount() {
    Game game = Game.fromFen("4k3/8/8/8/8/8/P7/4K3 w - - 99 60");
    Move pawnMove = game.position().parseMove("a3");
    assertFalse(game.canClaimFiftyMoveWith(pawnMove));
    assertEquals(0, game.play(pawnMove).position().halfmoveClock());
  }

  @Test
  void seventyFiveMovesEndTheGameByThemselves() {
    Game game = Game.fromFen("6k1/8/6K1/8/8/8/8/R7 w - - 149 120");
    assertEquals(GameStatus.ONGOING, game.status());
    Game after = game.play("Ra2");
    assertEquals(150, after.position().halfmoveClock());
    assertEquals(GameStatus.SEVENTY_FIVE_MOVES, after.status());
    assertEquals(Result.DRAW, after.result());
    assertEquals(Reason.GAME_OVER,
        assertThrows(IllegalMoveException.class, () -> after.play("Kf8")).reason());
  }

  @Test
  void checkmateOnTheSeventyFifthMoveWins() {
    Game mate = Game.fromFen("6k1/8/6K1/8/8/8/8/R7 w - - 149 120").play("Ra8#");
    assertEquals(150, mate.position().halfmoveClock());
    assertEquals(GameStatus.CHECKMATE, mate.status());
    assertEquals(Result.WHITE_WINS, mate.result());
  }

  // ---- moves and replay ----------------------------------------------------------------------

  @Test
  void keepsTheMovesAndReplaysThem() {
    Game game = play(Game.standard(), "e4", "e5", "Nf3", "Nc6", "Bb5", "a6", "O-O");
    assertEquals(7, game.ply());
    assertEquals(List.of("e4", "e5", "Nf3", "Nc6", "Bb5", "a6", "O-O"), game.sanMoves());
    assertEquals("e1g1", game.move(6).uci());
    Game replayed = Game.replay(Position.initial(), game.moves());
    assertEquals(game, replayed);
    assertEquals(game.position(), replayed.position());
  }

  @Test
  void anIllegalMoveLeavesTheGameAsItWas() {
    Game game = play(Game.standard(), "e4");
    assertEquals(Reason.ILLEGAL,
        assertThrows(IllegalMoveException.class, () -> game.play("e4")).reason());
    assertEquals(1, game.ply());
    assertEquals(Reason.MALFORMED,
        assertThrows(IllegalMoveException.class, () -> game.play("E5")).reason());
  }
}
