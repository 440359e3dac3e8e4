package gambit.chess.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MoveTest {

  @Test
  void codeRoundTripsEveryMoveShape() {
    for (int from = 0; from < 64; from++) {
      for (int to = 0; to < 64; to++) {
        if (from == to) {
          continue;
        }
        Move plain = Move.of(from, to);
        assertEquals(plain, Move.ofCode(plain.code()));
        Move promotion = new Move(from, to, PieceType.KNIGHT);
        assertEquals(promotion, Move.ofCode(promotion.code()));
        assertTrue(promotion.code() <= Short.MAX_VALUE, "fits a short");
      }
    }
  }

  @Test
  void writesUci() {
    assertEquals("e2e4", Move.of(Square.parse("e2"), Square.parse("e4")).uci());
    assertEquals("e7e8q", new Move(52, 60, PieceType.QUEEN).toString());
  }

  @Test
  void refusesImpossibleMovesAndCodes() {
    assertThrows(IllegalArgumentException.class, () -> Move.of(12, 12));
    assertThrows(IllegalArgumentException.class, () -> Move.of(-1, 12));
    assertThrows(IllegalArgumentException.class, () -> new Move(52, 60, PieceType.KING));
    assertThrows(IllegalArgumentException.class, () -> Move.ofCode(0x8000));
    assertThrows(IllegalArgumentException.class, () -> Move.ofCode(12 | 28 << 6 | 5 << 12));
  }

  @Test
  void namesSquares() {
    assertEquals("a1", Square.name(0));
    assertEquals("h8", Square.name(63));
    assertEquals(Square.of(4, 3), Square.parse("e4"));
    assertThrows(IllegalArgumentException.class, () -> Square.parse("i1"));
    assertThrows(IllegalArgumentException.class, () -> Square.name(64));
  }
}
