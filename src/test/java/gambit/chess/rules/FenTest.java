package gambit.chess.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FenTest {

  @Test
  void roundTripsTheStartPosition() {
    assertEquals(Fen.INITIAL, Position.initial().toFen());
    assertEquals(Position.initial(), Position.fromFen(Fen.INITIAL));
  }

  @Test
  void acceptsFourFieldsWithDefaultCounters() {
    Position position = Position.fromFen("4k3/8/8/8/8/8/8/4K3 b - -");
    assertEquals("4k3/8/8/8/8/8/8/4K3 b - - 0 1", position.toFen());
  }

  @Test
  void ignoresBlanksAroundTheFen() {
    assertEquals(Position.initial(), Position.fromFen("  " + Fen.INITIAL + "\n"));
  }

  @Test
  void keepsAnEnPassantSquareThatAPawnCanUse() {
    String fen = "rnbqkbnr/ppp1p1pp/8/3pPp2/8/8/PPPP1PPP/RNBQKBNR w KQkq f6 0 3";
    assertEquals(fen, Position.fromFen(fen).toFen());
  }

  @Test
  void dropsAnEnPassantSquareThatNoPawnCanUse() {
    Position position =
        Position.fromFen("rnbqkbnr/pppppppp/8/8/4P3/8/PPPP1PPP/RNBQKBNR b KQkq e3 0 1");
    assertEquals("rnbqkbnr/pppppppp/8/8/4P3/8/PPPP1PPP/RNBQKBNR b KQkq - 0 1", position.toFen());
    assertEquals(Position.initial().play(Move.of(12, 28)), position);
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = ';', value = {
      // syntax
      "rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0;expected 6 fields",
      "rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq  - 0 1;expected 6 fields",
      "rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR  w KQkq - 0;single spaces",
      "rnbqkbnr/pppppppp/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1;expected 8 ranks",
      "rnbqkbnr/ppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1;rank 7 has 7 squares",
      "rnbqkbnr/pppppppp/9/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1;bad piece letter '9'",
      "rnbqkbnr/pppppppp/44/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1;two digits in a row",
      "rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNRR w KQkq - 0 1;rank 1 has 9 squares",
      "rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNX w KQkq - 0 1;bad piece letter 'X'",
      "rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR x KQkq - 0 1;side to move must be",
      "rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkqK - 0 1;castling field",
      "rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w kqKQ - 0 1;castling field",
      "rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq e9 0 1;en-passant field",
      "rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - -1 1;half-move clock",
      "rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 01 1;half-move clock",
      "rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 x;full-move number",
      "rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 0;full-move number",
      // material
      "rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQ1BNR w kq - 0 1;White has 0 kings",
      "rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBKKBNR w kq - 0 1;White has 2 kings",
      "rnbqkbnP/pppppppp/8/8/8/8/PPPPPPP1/RNBQKBNR w KQq - 0 1;White pawn on h8",
      "rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/pNBQKBNR w Kkq - 0 1;Black pawn on a1",
      "rnbqkbnr/pppppppp/8/8/8/P7/PPPPPPPP/RNBQKBNR w KQkq - 0 1;White has 17 men",
      "rnbqkbnr/pppppppp/8/8/8/P7/PPPPPPPP/RNBQKBN1 w Qkq - 0 1;White has 9 pawns",
      "rnbqkbnr/pppppppp/8/8/8/QQ6/PPPPPPP1/R1BQKBNR w KQkq - 0 1;2 promoted pieces but only 1",
      "rnbqkbnr/pppppppp/8/8/8/4B3/PPPPPPPP/RNBQK1NR w KQkq - 0 1;1 promoted pieces but only 0",
      // castling
      "rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBN1 w KQkq - 0 1;castling right 'K' needs",
      "rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1 x;expected 6 fields",
      "rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBKQBNR w Q - 0 1;castling right 'Q' needs",
      "1nbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1;castling right 'q' needs",
      // en passant
      "rnbqkbnr/pppp1ppp/8/4p3/8/8/PPPPPPPP/RNBQKBNR w KQkq e3 0 2;must be on rank 6",
      "rnbqkbnr/ppp2ppp/8/4p3/4P3/8/PPPP1PPP/RNBQKBNR w KQkq d6 0 3;without a pawn on d5",
      "rnbqkbnr/pppppppp/8/8/4P3/8/PPPP1PPP/RNBQKBNR b KQkq e6 0 1;must be on rank 3 when Black",
      "rnbqkbnr/pppp1ppp/8/4p3/8/8/PPPPPPPP/RNBQKBNR w KQkq e6 1 2;half-move clock of 0",
      "rnbqkbnr/ppppppp1/8/4p3/8/8/PPPPPPPP/RNBQKBNR w KQkq e6 0 2;behind it must be empty",
      // check
      "4k3/8/8/1B6/8/8/8/4K3 w - - 0 1;not to move (Black) is in check",
      "4k3/4R3/8/8/8/8/8/4K3 w - - 0 1;not to move (Black) is in check",
      "4k3/8/8/8/1b6/3n4/8/r3K3 w - - 0 1;in check from 3 men",
      // counters
      "4k3/8/8/8/8/8/8/4K3 w - - 7 3;half-move clock 7 exceeds the 4 half-moves"})
  void refusesAnImpossibleOrMalformedFenWithTheReason(String fen, String reason) {
    InvalidFenException error = assertThrows(InvalidFenException.class,
        () -> Position.fromFen(fen));
    assertTrue(error.getMessage().contains(reason), error.getMessage());
    assertEquals(fen, error.fen());
  }

  @Test
  void refusesNull() {
    assertThrows(InvalidFenException.class, () -> Position.fromFen(null));
  }

  @Test
  void acceptsPromotedPiecesWhenPawnsAreMissing() {
    Position position = Position.fromFen("4k3/8/8/8/8/8/QQQ5/4K3 w - - 0 1");
    assertEquals("4k3/8/8/8/8/8/QQQ5/4K3 w - - 0 1", position.toFen());
  }

  @Test
  void writesPiecesRanksAndCastlingRightsBack() {
    String fen = "r3k2r/p1ppqpb1/bn2pnp1/3PN3/1p2P3/2N2Q1p/PPPBBPPP/R3K2R b Kq - 13 40";
    assertEquals(fen, Position.fromFen(fen).toFen());
  }
}
