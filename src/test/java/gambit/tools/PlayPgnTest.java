package gambit.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gambit.chess.rules.PgnReader;
import gambit.testing.ApiServer;
import gambit.testing.TestRedis;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The PGN player against a real in-process API on real Redis (real clock): recorded games of
 * every kind of ending reach the manifest's final position, result and termination; the
 * command prints them and exits 0, and exits non-zero with the server's reason when a step is
 * refused, or 2 for a file that is not PGN.
 */
class PlayPgnTest {

  private static ApiServer server;
  private static GameApi api;
  private static PgnPlayer player;
  private static Map<String, String[]> manifest;

  @BeforeAll
  static void startServer() throws IOException {
    server = ApiServer.startWithGames(TestRedis.shared().uri(), "", Clock.systemUTC());
    api = new GameApi(URI.create("http://127.0.0.1:" + server.port()), Duration.ofSeconds(15));
    String password = "pgn player test password 7";
    player = new PgnPlayer(api, api.register("pgn-test-w-" + System.nanoTime() % 1_000_000,
        password), api.register("pgn-test-b-" + System.nanoTime() % 1_000_000, password),
        Duration.ofSeconds(15));
    try (Stream<String> lines = Files.lines(games().resolve("manifest.tsv"))) {
      manifest = lines.skip(1).filter(line -> !line.isBlank()).map(line -> line.split("\t"))
          .collect(Collectors.toMap(fields -> fields[0], fields -> fields));
    }
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "anderssen-kieseritzky-1851.pgn",          // checkmate
      "botvinnik-tal-1960.pgn",                  // resignation
      "lichess-bullet-stalemate-1.pgn",          // stalemate
      "lichess-bullet-threefold-1.pgn",          // threefold, claimed
      "lichess-classical-draw-agreement-1.pgn",  // agreement
      "lichess-bullet-timeforfeit-draw-1.pgn"})  // flag against a lone king: a draw
  void playsARecordedGameToItsRecordedEnd(String file) throws IOException {
    String[] expected = manifest.get(file);

    PgnPlayer.Outcome outcome = player.play(PgnReader.read(Files.readString(games()
        .resolve(file))));

    assertEquals(expected[4], outcome.fen());
    assertEquals(expected[2], outcome.result());
    assertEquals(apiTermination(expected[3]), outcome.termination());
    assertEquals(Integer.parseInt(expected[1]), outcome.plies());
    assertEquals(outcome.fen(), api.view(outcome.gameId()).path("fen").asText());
  }

  @Test
  void commandPrintsEachGamesFinalPositionAndResult() throws IOException {
    Output output = new Output();

    int exit = PlayPgn.run(List.of("--url", "http://127.0.0.1:" + server.port(),
        games().resolve("molinari-bordais-1979.pgn").toString(),
        games().resolve("kasparov-topalov-1999.pgn").toString()), output.out, output.err);

    assertEquals(0, exit, output.err());
    String printed = output.out();
    assertTrue(printed.contains("molinari-bordais-1979.pgn: 0-1 checkmate, 10 moves"), printed);
    assertTrue(printed.contains("final FEN " + manifest.get("molinari-bordais-1979.pgn")[4]),
        printed);
    assertTrue(printed.contains("kasparov-topalov-1999.pgn: 1-0 resignation, 87 moves"),
        printed);
    assertTrue(printed.contains("2 game(s), 97 moves"), printed);
  }

  @Test
  void commandPlaysEveryGameOfAFileWithSeveralGames(@TempDir Path folder) throws IOException {
    Path both = folder.resolve("two.pgn");
    Files.writeString(both, Files.readString(games().resolve("molinari-bordais-1979.pgn"))
        + "\n\n" + Files.readString(games().resolve("lichess-blitz-checkmate-1.pgn")));
    Output output = new Output();

    int exit = PlayPgn.run(List.of("--url", "http://127.0.0.1:" + server.port(),
        both.toString()), output.out, output.err);

    assertEquals(0, exit, output.err());
    assertTrue(output.out().contains("two.pgn #1: 0-1 checkmate, 10 moves"), output.out());
    assertTrue(output.out().contains("two.pgn #2: 0-1 checkmate, 16 moves"), output.out());
  }

  @Test
  void commandFailsWithTheServersReasonWhenAStepIsRefused(@TempDir Path folder)
      throws IOException {
    // White is already mated: the reader accepts it, the server refuses to start from it
    Path mated = folder.resolve("mated.pgn");
    Files.writeString(mated, """
        [SetUp "1"]
        [FEN "rnb1kbnr/pppp1ppp/8/4p3/6Pq/5P2/PPPPP2P/RNBQKBNR w KQkq - 1 3"]
        [Result "0-1"]

        0-1
        """);
    Output output = new Output();

    int exit = PlayPgn.run(List.of("--url", "http://127.0.0.1:" + server.port(),
        mated.toString()), output.out, output.err);

    assertEquals(1, exit);
    assertTrue(output.err().contains("FAILED mated.pgn: POST /api/games answered 422"),
        output.err());
  }

  @Test
  void commandRefusesAFileThatIsNotPgnBeforePlaying(@TempDir Path folder) throws IOException {
    Path broken = folder.resolve("broken.pgn");
    Files.writeString(broken, "1. e4 e5 2. Ke3 *\n");
    Output output = new Output();

    int exit = PlayPgn.run(List.of("--url", "http://127.0.0.1:" + server.port(),
        broken.toString()), output.out, output.err);

    assertEquals(2, exit);
    assertTrue(output.err().contains("broken.pgn"), output.err());
    assertEquals("", output.out());
  }

  private static String apiTermination(String manifestTermination) {
    return switch (manifestTermination) {
      case "resign" -> "resignation";
      case "draw-agreement" -> "agreement";
      case "time" -> "timeout";
      default -> manifestTermination;
    };
  }

  private static Path games() {
    try {
      return Path.of(PlayPgnTest.class.getResource("/games/manifest.tsv").toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Standard output and error of one run. */
  private static final class Output {
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    String out() {
      return outBytes.toString(StandardCharsets.UTF_8);
    }

    String err() {
      return errBytes.toString(StandardCharsets.UTF_8);
    }
  }
}
