package gambit.chess.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PgnWriterTest {

  private static Game play(Game game, String... moves) {
    for (String move : moves) {
      game = game.play(move);
    }
    return game;
  }

  @Test
  void writesTheRosterExtraTagsMovesAndResult() {
    String pgn = PgnWriter.of(play(Game.standard(), "e4", "e5", "Nf3"))
        .tag("Event", "Casual game").tag("Site", "Gambit").tag("Date", "2024.06.11")
        .tag("Round", "-").tag("White", "alice").tag("Black", "bob")
        .tag("TimeControl", "300+3").tag("Termination", "Unterminated")
        .write();
    assertEquals("""
        [Event "Casual game"]
        [Site "Gambit"]
        [Date "2024.06.11"]
        [Round "-"]
        [White "alice"]
        [Black "bob"]
        [Result "*"]
        [TimeControl "300+3"]
        [Termination "Unterminated"]

        1. e4 e5 2. Nf3 *
        """, pgn);
  }

  @Test
  void fillsMissingRosterTagsAndWritesTheBoardsResult() {
    String pgn = PgnWriter.of(play(Game.standard(), "f3", "e5", "g4", "Qh4#")).write();
    assertEquals("""
        [Event "?"]
        [Site "?"]
        [Date "????.??.??"]
        [Round "?"]
        [White "?"]
        [Black "?"]
        [Result "0-1"]

        1. f3 e5 2. g4 Qh4# 0-1
        """, pgn);
  }

  @Test
  void writesSetUpAndFenAndNumbersABlackFirstMove() {
    String fen = "r1bqkbnr/pppp1ppp/2n5/4p3/4P3/5N2/PPPP1PPP/RNBQKB1R b KQkq - 3 12";
    String pgn = PgnWriter.of(play(Game.fromFen(fen), "Nf6", "Nc3", "Bc5"))
        .result(Result.DRAW).write();
    assertTrue(pgn.contains("[Result \"1/2-1/2\"]\n[SetUp \"1\"]\n[FEN \"" + fen + "\"]\n"), pgn);
    assertTrue(pgn.endsWith("\n\n12... Nf6 13. Nc3 Bc5 1/2-1/2\n"), pgn);
  }

  @Test
  void writesClockCommentsAndRepeatsTheMoveNumberAfterThem() {
    Game game = play(Game.standard(), "e4", "e5", "Nf3", "Nc6");
    String pgn = PgnWriter.of(game)
        .clocks(Arrays.asList(Duration.ofMinutes(5), Duration.ofMillis(297_900),
            Duration.ofSeconds(3607), null))
        .write();
    String movetext = pgn.substring(pgn.indexOf("\n\n") + 2).replace('\n', ' ');
    assertEquals("1. e4 { [%clk 0:05:00] } 1... e5 { [%clk 0:04:57] } 2. Nf3 { [%clk 1:00:07] }"
        + " 2... Nc6 * ", movetext);
  }

  @Test
  void wrapsMovetextAtEightyCharacters() {
    SplittableRandom random = new SplittableRandom(7);
    Game game = Game.standard();
    List<Duration> clocks = new ArrayList<>();
    while (game.ply() < 120 && !game.status().isOver()) {
      List<Move> moves = game.position().legalMoves();
      game = game.play(moves.get(random.nextInt(moves.size())));
      clocks.add(Duration.ofSeconds(600 - game.ply()));
    }
    String pgn = PgnWriter.of(game).clocks(clocks).write();
    String[] lines = pgn.split("\n");
    assertTrue(Arrays.stream(lines).allMatch(line -> line.length() <= 80), pgn);
    assertTrue(Arrays.stream(lines).filter(line -> line.length() > 60).count() > 5,
        "lines should be filled, not broken early:\n" + pgn);
    assertEquals(game.sanMoves(), PgnReader.read(pgn).game().sanMoves());
  }

  @Test
  void refusesAResultThatContradictsTheBoard() {
    PgnWriter writer = PgnWriter.of(play(Game.standard(), "f3", "e5", "g4", "Qh4#"));
    assertThrows(IllegalArgumentException.class, () -> writer.result(Result.WHITE_WINS));
    assertThrows(IllegalArgumentException.class, () -> writer.result(Result.UNDECIDED));
  }

  @Test
  void acceptsAnyResultWhileTheBoardHasNotDecided() {
    String pgn = PgnWriter.of(play(Game.standard(), "e4")).result(Result.BLACK_WINS)
        .tag("Termination", "Time forfeit").write();
    assertTrue(pgn.contains("[Result \"0-1\"]"), pgn);
    assertTrue(pgn.endsWith("1. e4 0-1\n"), pgn);
  }

  @Test
  void escapesQuotesAndBackslashesInTagValues() {
    String pgn = PgnWriter.of(Game.standard()).tag("White", "O\"Brien \\ Jr").write();
    assertTrue(pgn.contains("[White \"O\\\"Brien \\\\ Jr\"]"), pgn);
    assertEquals("O\"Brien \\ Jr", PgnReader.read(pgn).tag("White").orElseThrow());
  }

  @Test
  void refusesDerivedBadlyNamedAndMultiLineTags() {
    PgnWriter writer = PgnWriter.of(Game.standard());
    assertThrows(IllegalArgumentException.class, () -> writer.tag("FEN", Fen.INITIAL));
    assertThrows(IllegalArgumentException.class, () -> writer.tag("Result", "1-0"));
    assertThrows(IllegalArgumentException.class, () -> writer.tag("Bad Name", "x"));
    assertThrows(IllegalArgumentException.class, () -> writer.tag("Event", "two\nlines"));
  }

  @Test
  void refusesMoreClocksThanMoves() {
    assertThrows(IllegalArgumentException.class, () -> PgnWriter.of(Game.standard())
        .clocks(List.of(Duration.ofSeconds(1))));
  }
}
