package gambit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gambit.chess.rules.Game;
import gambit.chess.rules.GameStatus;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QuietLineTest {

  @Test
  void aThousandPliesStayLegalOngoingAndFreeOfRepetitionAndCaptures() {
    List<String> line = QuietLine.uci(1000);

    Game game = Game.standard();
    Set<Long> seen = new HashSet<>();
    seen.add(game.position().repetitionKey());
    for (String move : line) {
      assertFalse(game.position().isCapture(game.position().parseMove(move)), move);
      game = game.play(move);
      assertEquals(GameStatus.ONGOING, game.status(), "after " + move + " at ply " + game.ply());
      assertFalse(game.position().isCheck(), "check at ply " + game.ply());
      assertTrue(game.position().halfmoveClock() < 100, "halfmove clock at ply " + game.ply());
      assertTrue(seen.add(game.position().repetitionKey()), "repeated at ply " + game.ply());
    }
    assertEquals(1000, game.ply());
    assertEquals(32, game.position().toFen().split(" ")[0].replaceAll("[^A-Za-z]", "")
        .length(), "no piece was taken");
  }

  @Test
  void theSameLengthGivesTheSameMovesAndLongerLinesExtendShorterOnes() {
    assertEquals(QuietLine.uci(300), QuietLine.uci(300));
    assertEquals(QuietLine.uci(120), QuietLine.uci(300).subList(0, 120));
  }
}
