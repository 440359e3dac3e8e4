package gambit.chess.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PgnReaderTest {

  private static final String ANNOTATED = """
      [Event "Test"]
      [Site "?"]
      [Date "????.??.??"]
      [Round "?"]
      [White "A"]
      [Black "B"]
      [Result "0-1"]

      ; a comment to the end of the line, with a ( and a {
      1. e4 $1 {a comment with (parentheses) and [%clk 0:03:00]} 1... e5!? (1... c5 2. Nf3
      (2. c3 {nested; with a closing ) inside}) d6) 2.Nf3 Nc6 $14
      %an escape line 3. d4
      3. Bc4 Nd4?! 4. Nxe5 Qg5 5. Nxf7?? { [%clk 0:00:09.5] } Qxg2 6. Rf1 Qxe4+ 7. Be2
      Nf3# 0-1
      """;

  @Test
  void readsTagsMovesCommentsNagsAndVariations() {
    PgnGame pgn = PgnReader.read(ANNOTATED);
    assertEquals(Optional.of("A"), pgn.tag("White"));
    assertEquals(7, pgn.tags().size());
    assertEquals(List.of("e4", "e5", "Nf3", "Nc6", "Bc4", "Nd4", "Nxe5", "Qg5", "Nxf7", "Qxg2",
        "Rf1", "Qxe4+", "Be2", "Nf3#"), pgn.game().sanMoves());
    assertEquals(GameStatus.CHECKMATE, pgn.game().status());
    assertEquals(Result.BLACK_WINS, pgn.result());
  }

  @Test
  void extractsClockCommentsOfMainLineMoves() {
    PgnGame pgn = PgnReader.read(ANNOTATED);
    assertEquals(Optional.of(Duration.ofMinutes(3)), pgn.clockAfter(0));
    assertEquals(Optional.empty(), pgn.clockAfter(1));
    assertEquals(Optional.of(Duration.ofMillis(9_500)), pgn.clockAfter(8));
    assertEquals(2, pgn.clockCount());
  }

  @Test
  void readsAGameThatStartsFromAFenWithBlackToMove() {
    PgnGame pgn = PgnReader.read("""
        [SetUp "1"]
        [FEN "r1bqkbnr/pppp1ppp/2n5/4p3/4P3/5N2/PPPP1PPP/RNBQKB1R b KQkq - 3 12"]

        12... Nf6 13. Nc3 Bc5 *
        """);
    assertEquals(3, pgn.game().ply());
    assertEquals("r1bqk2r/pppp1ppp/2n2n2/2b1p3/4P3/2N2N2/PPPP1PPP/R1BQKB1R w KQkq - 6 14",
        pgn.game().position().toFen());
    assertEquals(Result.UNDECIDED, pgn.result());
  }

  @Test
  void readsSeveralGamesAndAnEmptyOne() {
    List<PgnGame> games = PgnReader.readAll("""
        [White "one"]

        1. e4 e5 1/2-1/2

        [White "two"]

        *
        """);
    assertEquals(2, games.size());
    assertEquals(2, games.get(0).game().ply());
    assertEquals(Optional.of("two"), games.get(1).tag("White"));
    assertEquals(0, games.get(1).game().ply());
  }

  @Test
  void roundTripsWhatTheWriterWrites() {
    Game game = PgnReader.read(ANNOTATED).game();
    String text = PgnWriter.of(game).tag("White", "A").tag("Black", "B")
        .clocks(List.of(Duration.ofSeconds(61), Duration.ofSeconds(59))).write();
    PgnGame again = PgnReader.read(text);
    assertEquals(game, again.game());
    assertEquals(Optional.of(Duration.ofSeconds(59)), again.clockAfter(1));
    assertEquals(Optional.of("B"), again.tag("Black"));
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', value = {
      "1. e4 e5 2. Ke3 *|line 3: move 2. Ke3: illegal move",
      "1. d4 d5 2. Nf3 Nf6 3. Nd2 *|line 3: move 3. Nd2: ambiguous move",
      "1. e4 e5|missing termination marker",
      "1. e4 e5 2. Nf3 (2. Nc3 Nc6 *|variation not closed",
      "1. e4 e5) *|')' without '('",
      "1. e4 {never closed *|unterminated comment",
      "1. e4 e5 3. Nf3 *|move number 3. where 2. is next",
      "1... e4 *|move number 1... where 1. is next",
      "1. e4 e5 $ 2. Nf3 *|'$' without a number",
      "1. e4 e5 2. Nf3 [White \"x\"] *|'[' inside movetext",
      "1. f3 e5 2. g4 Qh4# 1-0|result 1-0 contradicts the board: CHECKMATE means 0-1",
      "1. e4 -- 2. d4 *|move 1... --: malformed move"})
  void refusesBadMovetextNamingTheLine(String movetext, String message) {
    PgnFormatException error = assertThrows(PgnFormatException.class,
        () -> PgnReader.read("[White \"w\"]\n\n" + movetext.replace("\\n", "\n") + "\n"));
    assertTrue(error.getMessage().contains(message), error.getMessage());
  }

  @Test
  void reportsTheLineOfAnIllegalMoveAndKeepsTheCause() {
    PgnFormatException error = assertThrows(PgnFormatException.class,
        () -> PgnReader.read("[White \"w\"]\n\n1. e4 e5\n2. Nf3 Nc6\n3. Bb6 *\n"));
    assertTrue(error.getMessage().startsWith("PGN line 5: move 3. Bb6"), error.getMessage());
    assertInstanceOf(IllegalMoveException.class, error.getCause());
  }

  @Test
  void refusesBadTags() {
    assertMessage("[Result \"1-0\"]\n\n1. e4 0-1\n", "Result tag 1-0 differs");
    assertMessage("[SetUp \"1\"]\n\n*\n", "SetUp \"1\" without a FEN tag");
    assertMessage("[FEN \"8/8/8/8/8/8/8/8 w - - 0 1\"]\n\n*\n", "bad FEN tag");
    assertMessage("[White unquoted]\n\n*\n", "malformed tag pair");
    assertMessage("[White \"a\"]\n[White \"b\"]\n\n*\n", "tag White appears twice");
    assertMessage("   \n", "no game");
  }

  @Test
  void readRefusesATextWithTwoGames() {
    assertThrows(PgnFormatException.class, () -> PgnReader.read("1. e4 *\n1. d4 *\n"));
  }

  private static void assertMessage(String pgn, String message) {
    PgnFormatException error = assertThrows(PgnFormatException.class,
        () -> PgnReader.read(pgn));
    assertTrue(error.getMessage().contains(message), error.getMessage());
  }
}
