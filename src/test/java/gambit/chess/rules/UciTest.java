package gambit.chess.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gambit.chess.rules.IllegalMoveException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UciTest {

  @Test
  void readsAMoveCastlingAndAnUnderPromotion() {
    assertEquals(Move.of(12, 28), Uci.parse(Position.initial(), "e2e4"));
    Position castle = Position.fromFen("r3k2r/8/8/8/8/8/8/R3K2R b KQkq - 0 1");
    assertEquals("e8c8", Uci.parse(castle, "e8c8").uci());
    Move knight = Uci.parse(Position.fromFen("8/4P1k1/8/8/8/8/8/K7 w - - 0 1"), "e7e8n");
    assertEquals(PieceType.KNIGHT, knight.promotion());
  }

  @ParameterizedTest(name = "''{1}'': {2} {3}")
  @CsvSource(delimiter = ';', value = {
      ";E2E4;MALFORMED;expected UCI",
      ";'e2e4 ';MALFORMED;expected UCI",
      ";e2;MALFORMED;expected UCI",
      ";e2e9;MALFORMED;expected UCI",
      ";0000;MALFORMED;expected UCI",
      ";e2-e4;MALFORMED;expected UCI",
      ";'';MALFORMED;expected UCI",
      ";e2e2;MALFORMED;same square",
      ";e2e5;ILLEGAL;not a legal move",
      ";e7e5;ILLEGAL;not a legal move",
      "r3k2r/8/8/8/8/8/8/R3K2R w KQkq - 0 1;e1h1;ILLEGAL;not a legal move",
      "8/4P1k1/8/8/8/8/8/K7 w - - 0 1;e7e8Q;MALFORMED;expected UCI",
      "8/4P1k1/8/8/8/8/8/K7 w - - 0 1;e7e8k;MALFORMED;expected UCI",
      "8/4P1k1/8/8/8/8/8/K7 w - - 0 1;e7e8;ILLEGAL;must name its promotion",
      ";e2e4q;ILLEGAL;not a promotion"})
  void refusesBadUciWithTheReason(String fen, String uci, Reason reason, String detail) {
    Position position = fen == null ? Position.initial() : Position.fromFen(fen);
    IllegalMoveException error = assertThrows(IllegalMoveException.class,
        () -> Uci.parse(position, uci));
    assertEquals(reason, error.reason(), error.getMessage());
    assertTrue(error.getMessage().contains(detail), error.getMessage());
  }

  @Test
  void refusesNull() {
    IllegalMoveException error = assertThrows(IllegalMoveException.class,
        () -> Uci.parse(Position.initial(), null));
    assertEquals(Reason.MALFORMED, error.reason());
  }

  @Test
  void parseMoveTellsUciFromSan() {
    Position position = Position.initial();
    assertEquals(position.parseMove("g1f3"), position.parseMove("Nf3"));
    assertEquals(Reason.MALFORMED, assertThrows(IllegalMoveException.class,
        () -> position.parseMove("G1F3")).reason());
  }
}
