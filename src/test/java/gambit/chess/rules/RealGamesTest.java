package gambit.chess.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays every recorded game in {@code src/test/resources/games} (see its README) and checks
 * the engine against {@code manifest.tsv}: plies, final FEN and how the game ended.
 */
class RealGamesTest {

  static Stream<Arguments> manifest() {
    return resource("manifest.tsv").lines().skip(1).filter(line -> !line.isBlank())
        .map(line -> line.split("\t"))
        .map(f -> Arguments.of(f[0], Integer.parseInt(f[1]), f[2], f[3], f[4], f[5]));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("manifest")
  void replaysToTheRecordedPositionAndEnding(String file, int plies, String result,
      String termination, String finalFen, String hasClock) {
    PgnGame pgn = PgnReader.read(resource(file));
    Game game = pgn.game();
    assertEquals(plies, game.ply());
    assertEquals(finalFen, game.position().toFen());
    assertEquals(result, pgn.result().pgn());
    assertEquals(hasClock.equals("yes") ? plies : 0, pgn.clockCount());
    checkEnding(game, Result.ofPgn(result), termination);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("manifest")
  void survivesAWriteAndReadRoundTrip(String file, int plies, String result) {
    PgnGame pgn = PgnReader.read(resource(file));
    PgnWriter writer = PgnWriter.of(pgn.game()).result(pgn.result()).clocks(pgn.clocks());
    pgn.tags().forEach((name, value) -> {
      if (!name.equals("Result")) {
        writer.tag(name, value);
      }
    });
    PgnGame again = PgnReader.read(writer.write());
    assertEquals(pgn.game(), again.game());
    assertEquals(pgn.clocks(), again.clocks());
    assertEquals(result, again.tag("Result").orElseThrow());
  }

  private static void checkEnding(Game game, Result result, String termination) {
    switch (termination) {
      case "checkmate" -> {
        assertEquals(GameStatus.CHECKMATE, game.status());
        assertEquals(result, game.result());
      }
      case "stalemate" -> assertEquals(GameStatus.STALEMATE, game.status());
      case "threefold" -> {
        assertEquals(GameStatus.ONGOING, game.status());
        assertTrue(game.canClaimThreefold(), "the final position may be claimed as a draw");
      }
      case "resign", "draw-agreement" -> {
        assertEquals(GameStatus.ONGOING, game.status());
        assertFalse(game.canClaimThreefold());
      }
      case "time" -> {
        assertEquals(GameStatus.ONGOING, game.status());
        Color winner = game.position().sideToMove().opposite();
        Result expected = game.canPossiblyCheckmate(winner) ? Result.winFor(winner) : Result.DRAW;
        assertEquals(expected, result, "the side to move flagged; its opponent's material");
      }
      default -> throw new AssertionError("unknown termination " + termination);
    }
  }

  private static String resource(String name) {
    try (InputStream in = RealGamesTest.class.getResourceAsStream("/games/" + name)) {
      return new String(Objects.requireNonNull(in, name).readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
