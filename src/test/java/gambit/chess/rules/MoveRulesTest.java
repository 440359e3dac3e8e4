package gambit.chess.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Castling, en passant and promotion, each rule on a position built to test it. */
class MoveRulesTest {

  private static Position fen(String fen) {
    return Position.fromFen(fen);
  }

  /** A move from UCI text without checking legality (the tests ask isLegal themselves). */
  private static Move uci(String text) {
    PieceType promotion = text.length() == 5
        ? PieceType.ofLetter(Character.toUpperCase(text.charAt(4))) : null;
    return new Move(Square.parse(text.substring(0, 2)), Square.parse(text.substring(2, 4)),
        promotion);
  }

  // ---- castling ------------------------------------------------------------------------------

  @Test
  void castlesBothWaysWhenNothingStandsInTheWay() {
    Position position = fen("r3k2r/8/8/8/8/8/8/R3K2R w KQkq - 0 1");
    Position kingside = position.play(uci("e1g1"));
    assertEquals("r3k2r/8/8/8/8/8/8/R4RK1 b kq - 1 1", kingside.toFen());
    Position queenside = position.play(uci("e1c1"));
    assertEquals("r3k2r/8/8/8/8/8/8/2KR3R b kq - 1 1", queenside.toFen());
  }

  @Test
  void refusesCastlingThroughAnAttackedSquare() {
    Position position = fen("4kr2/8/8/8/8/8/8/R3K2R w KQ - 0 1");
    assertFalse(position.isLegal(uci("e1g1")), "f1 is attacked by the rook on f8");
    assertTrue(position.isLegal(uci("e1c1")));
  }

  @Test
  void refusesCastlingIntoCheck() {
    Position position = fen("1k4r1/8/8/8/8/8/8/R3K2R w KQ - 0 1");
    assertFalse(position.isLegal(uci("e1g1")), "g1 is attacked by the rook on g8");
    assertTrue(position.isLegal(uci("e1c1")));
  }

  @Test
  void refusesCastlingOutOfCheck() {
    Position position = fen("1k2r3/8/8/8/8/8/8/R3K2R w KQ - 0 1");
    assertFalse(position.isLegal(uci("e1g1")));
    assertFalse(position.isLegal(uci("e1c1")));
  }

  @Test
  void allowsQueensideCastlingWhenOnlyTheRooksPathIsAttacked() {
    Position position = fen("1r2k3/8/8/8/8/8/8/R3K3 w Q - 0 1");
    assertTrue(position.isLegal(uci("e1c1")), "b1 is attacked, but the king never crosses it");
  }

  @Test
  void refusesCastlingThroughAPiece() {
    Position position = fen("4k3/8/8/8/8/8/8/RN2K1NR w KQ - 0 1");
    assertFalse(position.isLegal(uci("e1g1")));
    assertFalse(position.isLegal(uci("e1c1")));
  }

  @Test
  void losesBothRightsWhenTheKingMoves() {
    Position position = fen("r3k2r/8/8/8/8/8/8/R3K2R w KQkq - 0 1")
        .play(uci("e1f1")).play(uci("e8f8")).play(uci("f1e1")).play(uci("f8e8"));
    assertEquals("r3k2r/8/8/8/8/8/8/R3K2R w - - 4 3", position.toFen());
    assertFalse(position.isLegal(uci("e1g1")));
  }

  @Test
  void losesOneRightWhenItsRookMoves() {
    Position position = fen("r3k2r/8/8/8/8/8/8/R3K2R w KQkq - 0 1").play(uci("h1h2"));
    assertFalse(position.hasCastlingRight(Color.WHITE, true));
    assertTrue(position.hasCastlingRight(Color.WHITE, false));
    assertEquals("r3k2r/8/8/8/8/8/7R/R3K3 b Qkq - 1 1", position.toFen());
  }

  @Test
  void losesTheRightWhenTheRookIsCapturedOnItsHomeSquare() {
    Position position = fen("r3k2r/8/8/8/8/8/1B6/R3K2R w KQkq - 0 1").play(uci("b2h8"));
    assertFalse(position.hasCastlingRight(Color.BLACK, true));
    assertTrue(position.hasCastlingRight(Color.BLACK, false));
    assertEquals("r3k2B/8/8/8/8/8/8/R3K2R b KQq - 0 1", position.toFen());
  }

  @Test
  void rookTakesRookOnTheCornerRemovesTheRightsOfBothSides() {
    Position position = fen("r3k2r/8/8/8/8/8/8/R3K2R w KQkq - 0 1").play(uci("a1a8"));
    assertEquals("R3k2r/8/8/8/8/8/8/4K2R b Kk - 0 1", position.toFen());
  }

  // ---- en passant ----------------------------------------------------------------------------

  @Test
  void capturesEnPassantRightAfterTheDoubleStep() {
    Position position = fen("4k3/3p4/8/4P3/8/8/8/4K3 b - - 0 1").play(uci("d7d5"));
    assertEquals(Square.parse("d6"), position.enPassantSquare());
    Position after = position.play(uci("e5d6"));
    assertEquals("4k3/8/3P4/8/8/8/8/4K3 b - - 0 2", after.toFen());
  }

  @Test
  void enPassantIsNoLongerPossibleAMoveLater() {
    Position position = fen("4k3/3p4/8/4P3/8/8/8/4K3 b - - 0 1").play(uci("d7d5"))
        .play(uci("e1e2")).play(uci("e8e7"));
    assertFalse(position.isLegal(uci("e5d6")));
  }

  @Test
  void refusesEnPassantThatExposesTheKingAlongTheRank() {
    Position position = fen("7k/8/8/K2pP2r/8/8/8/8 w - d6 0 1");
    assertFalse(position.isLegal(uci("e5d6")), "both pawns leave the fifth rank: Rh5 checks");
    assertEquals(-1, position.enPassantSquare(), "an unusable en-passant square is dropped");
    assertEquals("7k/8/8/K2pP2r/8/8/8/8 w - - 0 1", position.toFen());
  }

  @Test
  void refusesEnPassantByAPawnPinnedOnADiagonal() {
    Position position = fen("7b/8/8/3pP3/8/8/1K6/7k w - d6 0 1");
    assertFalse(position.isLegal(uci("e5d6")), "e5 is pinned on the b2-h8 diagonal");
    assertEquals(-1, position.enPassantSquare());
  }

  @Test
  void allowsEnPassantAlongThePinningDiagonal() {
    Position position = fen("1b5k/8/8/3pP3/5K2/8/8/8 w - d6 0 1");
    assertTrue(position.isLegal(uci("e5d6")), "d6 stays on the b8-f4 diagonal");
    assertEquals(Square.parse("d6"), position.enPassantSquare());
  }

  @Test
  void capturesEnPassantToRemoveACheckingPawn() {
    Position position = fen("8/8/8/2k5/3Pp3/8/8/4K3 b - d3 0 1");
    assertTrue(position.isCheck());
    assertTrue(position.isLegal(uci("e4d3")));
  }

  // ---- promotion -----------------------------------------------------------------------------

  @Test
  void offersAllFourPromotionsAndPlaysAnUnderPromotion() {
    Position position = fen("8/P6k/8/8/8/8/8/K7 w - - 0 1");
    assertEquals(4 + 3, position.legalMoves().size(), "a7a8 q/r/b/n plus three king moves");
    Position knight = position.play(uci("a7a8n"));
    assertEquals(Piece.WHITE_KNIGHT, knight.pieceAt(Square.parse("a8")));
    assertNull(knight.pieceAt(Square.parse("a7")));
  }

  @Test
  void promotesByCapturing() {
    Position position = fen("1r5k/P7/8/8/8/8/8/K7 w - - 0 1").play(uci("a7b8r"));
    assertEquals("1R5k/8/8/8/8/8/8/K7 b - - 0 1", position.toFen());
  }

  @Test
  void refusesAPawnMoveToTheLastRankWithoutAPromotionPiece() {
    Position position = fen("8/P6k/8/8/8/8/8/K7 w - - 0 1");
    IllegalMoveException error = assertThrows(IllegalMoveException.class,
        () -> position.play(Move.of(Square.parse("a7"), Square.parse("a8"))));
    assertEquals(IllegalMoveException.Reason.ILLEGAL, error.reason());
  }

  // ---- check and pins ------------------------------------------------------------------------

  @Test
  void aPinnedPieceMovesOnlyAlongThePin() {
    Position position = fen("4k3/4r3/8/8/8/8/4R3/4K3 w - - 0 1");
    assertTrue(position.isLegal(uci("e2e7")));
    assertTrue(position.isLegal(uci("e2e5")));
    assertFalse(position.isLegal(uci("e2d2")));
  }

  @Test
  void theKingCannotStepAlongTheLineOfACheckingSlider() {
    Position position = fen("4k3/8/8/8/8/8/8/r3K3 w - - 0 1");
    assertTrue(position.isCheck());
    assertFalse(position.isLegal(uci("e1f1")), "f1 is still on the rook's rank");
    assertTrue(position.isLegal(uci("e1e2")));
  }

  @Test
  void inDoubleCheckOnlyTheKingMoves() {
    Position position = fen("4k3/8/8/8/8/1R1n4/8/r3K3 w - - 0 1");
    assertEquals(2, Long.bitCount(position.checkers()));
    assertTrue(position.legalMoves().stream().allMatch(m -> m.from() == Square.parse("e1")));
  }

  @Test
  void playRefusesAnIllegalMoveNamingIt() {
    IllegalMoveException error = assertThrows(IllegalMoveException.class,
        () -> Position.initial().play(uci("e2e5")));
    assertEquals("e2e5", error.move());
    assertTrue(error.getMessage().contains("illegal move 'e2e5'"), error.getMessage());
  }
}
