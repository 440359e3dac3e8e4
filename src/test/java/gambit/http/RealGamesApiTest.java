package gambit.http;

import static gambit.http.GameFlows.draw;
import static gambit.http.GameFlows.move;
import static gambit.http.GameFlows.ok;
import static gambit.http.GameFlows.post;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import gambit.chess.rules.Color;
import gambit.chess.rules.Game;
import gambit.chess.rules.PgnReader;
import gambit.chess.rules.Position;
import gambit.http.GameFlows.User;
import gambit.testing.ApiServer;
import gambit.testing.ManualClock;
import gambit.testing.TestRedis;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every recorded game in {@code src/test/resources/games} played through the HTTP API by two
 * users, move by move (White's moves sent in UCI, Black's in SAN), and ended the way it ended:
 * the board's own endings by the last move, a threefold claim by the player to move, a
 * resignation by the loser, an agreed draw, or a flag (the manual clock jumps past the time
 * left). The server must reach the manifest's final position and result.
 */
class RealGamesApiTest {

  private static final ManualClock CLOCK = new ManualClock(Instant.parse("2024-05-01T10:00:00Z"));
  private static ApiServer server;
  private static User white;
  private static User black;

  @BeforeAll
  static void startServer() {
    server = ApiServer.startWithGames(TestRedis.shared().uri(), "", CLOCK);
    white = GameFlows.user(server, "white");
    black = GameFlows.user(server, "black");
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  static Stream<Arguments> manifest() {
    return resource("manifest.tsv").lines().skip(1).filter(line -> !line.isBlank())
        .map(line -> line.split("\t"))
        .map(f -> Arguments.of(f[0], Integer.parseInt(f[1]), f[2], f[3], f[4]));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("manifest")
  void replaysToTheRecordedPositionAndResult(String file, int plies, String result,
      String termination, String finalFen) {
    Game recorded = PgnReader.read(resource(file)).game();
    String id = GameFlows.started(server, white, black, "1+0",
        recorded.startPosition().equals(Position.initial()) ? null
            : recorded.startPosition().toFen());

    JsonNode view = null;
    List<String> san = recorded.sanMoves();
    for (int ply = 0; ply < recorded.ply(); ply++) {
      boolean whiteMoves = sideAt(recorded, ply) == Color.WHITE;
      String text = whiteMoves ? recorded.move(ply).uci() : san.get(ply);
      view = ok(move(server, id, whiteMoves ? white : black, text, ply));
    }
    JsonNode end = finish(id, view, recorded, result, termination);

    assertEquals(plies, end.path("ply").asInt());
    assertEquals(finalFen, end.path("fen").asText());
    assertEquals(result, end.path("result").asText());
    assertEquals("finished", end.path("status").asText());
  }

  private static JsonNode finish(String id, JsonNode last, Game recorded, String result,
      String termination) {
    User toMove = sideAt(recorded, recorded.ply()) == Color.WHITE ? white : black;
    User other = toMove == white ? black : white;
    JsonNode end = switch (termination) {
      case "checkmate", "stalemate" -> last;
      case "threefold" -> ok(draw(server, id, toMove, "claim"));
      case "resign" -> ok(post(server, "/api/games/" + id + "/resign",
          result.equals("1-0") ? black : white, null));
      case "draw-agreement" -> {
        ok(draw(server, id, toMove, "offer"));
        yield ok(draw(server, id, other, "accept"));
      }
      case "time" -> {
        CLOCK.advance(Duration.ofMinutes(2));
        yield ok(server.get("/api/games/" + id));
      }
      default -> throw new AssertionError("unknown termination " + termination);
    };
    assertEquals(termination.equals("resign") ? "resignation"
        : termination.equals("draw-agreement") ? "agreement"
        : termination.equals("time") ? "timeout" : termination,
        end.path("termination").asText());
    return end;
  }

  private static Color sideAt(Game game, int ply) {
    Color first = game.startPosition().sideToMove();
    return ply % 2 == 0 ? first : first.opposite();
  }

  private static String resource(String name) {
    try (InputStream in = RealGamesApiTest.class.getResourceAsStream("/games/" + name)) {
      return new String(Objects.requireNonNull(in, name).readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
