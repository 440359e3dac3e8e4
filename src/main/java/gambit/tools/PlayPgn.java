package gambit.tools;

import gambit.chess.rules.ChessRulesException;
import gambit.chess.rules.PgnGame;
import gambit.chess.rules.PgnReader;
import gambit.tools.GameApi.Account;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Plays the games of PGN files through a running node's HTTP API as two freshly registered
 * users (see {@link PgnPlayer} for how each game is played and ended) and prints, per game, the
 * final FEN, result, termination, number of moves and moves per second.
 *
 * <p>Usage: {@code java -cp gambit.jar gambit.tools.PlayPgn [--url http://127.0.0.1:8080]
 * FILE.pgn...}; a file may hold several games. Exit code 0 when every game reached the recorded
 * position and result, 1 when the server refused a step or ended a game otherwise (the message
 * says which game, which step and the server's answer), 2 for a usage error or a file that is
 * not valid PGN. The report is this program's standard output; errors go to standard error.
 */
public final class PlayPgn {

  static final String USAGE = """
      usage: java -cp gambit.jar gambit.tools.PlayPgn [--url URL] FILE.pgn...
        --url URL   the node's API (default http://127.0.0.1:8080)
      Registers two new users, plays every game of every file through the API move by move
      and ends it as the file says; prints each game's final FEN, result and moves/s.
      """;
  private static final String DEFAULT_URL = "http://127.0.0.1:8080";
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration FLAG_WAIT = Duration.ofSeconds(15);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** One game to play, with where it came from. */
  record Named(String label, PgnGame game) {}

  private PlayPgn() {}

  public static void main(String[] args) {
    System.exit(run(List.of(args), System.out, System.err));
  }

  /**
   * Runs the command: reads every file first (so that a bad file fails before anything is
   * played), then plays the games in order and stops at the first failure.
   *
   * @return the exit code
   */
  static int run(List<String> args, PrintStream out, PrintStream err) {
    String url = DEFAULT_URL;
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).equals("--url") && i + 1 < args.size()) {
        url = args.get(++i);
      } else if (args.get(i).startsWith("--")) {
        err.print(USAGE);
        return 2;
      } else {
        files.add(Path.of(args.get(i)));
      }
    }
    if (files.isEmpty()) {
      err.print(USAGE);
      return 2;
    }
    try {
      List<Named> games = read(files);
      return play(new GameApi(URI.create(url), REQUEST_TIMEOUT), games, out, err);
    } catch (IllegalArgumentException | UncheckedIOException e) {
      err.println(e.getMessage());
      return 2;
    }
  }

  /**
   * Plays the games with two new accounts; prints a report line per game and a summary.
   *
   * @return 0 when every game ended as recorded, 1 otherwise
   */
  static int play(GameApi api, List<Named> games, PrintStream out, PrintStream err) {
    Account white;
    Account black;
    try {
      String suffix = randomSuffix();
      String password = strongPassword();
      white = api.register("pgn-white-" + suffix, password);
      black = api.register("pgn-black-" + suffix, password);
    } catch (RuntimeException e) {
      err.println("cannot register the players at " + api.base() + ": " + e.getMessage());
      return 1;
    }
    out.printf("Playing %d game(s) on %s as %s (White) and %s (Black)%n", games.size(),
        api.base(), white.username(), black.username());
    PgnPlayer player = new PgnPlayer(api, white, black, FLAG_WAIT);
    int moves = 0;
    long nanos = 0;
    for (Named named : games) {
      PgnPlayer.Outcome outcome;
      try {
        outcome = player.play(named.game());
      } catch (RuntimeException e) {
        err.println("FAILED " + named.label() + ": " + e.getMessage());
        return 1;
      }
      print(out, named.label(), outcome);
      moves += outcome.plies();
      nanos += outcome.moving().toNanos();
    }
    out.printf(Locale.ROOT, "%d game(s), %d moves in %.2f s of moving: %.0f moves/s; every final"
        + " position and result as recorded%n", games.size(), moves, nanos / 1e9,
        nanos == 0 ? 0 : moves / (nanos / 1e9));
    out.flush();
    return 0;
  }

  private static void print(PrintStream out, String label, PgnPlayer.Outcome outcome) {
    out.printf(Locale.ROOT, "%s: %s %s, %d moves in %.2f s (%.0f moves/s), game %s%n  final FEN"
            + " %s%n", label, outcome.result(),
        outcome.termination() == null ? "(unterminated)" : outcome.termination(),
        outcome.plies(), outcome.moving().toNanos() / 1e9, outcome.movesPerSecond(),
        outcome.gameId(), outcome.fen());
  }

  /** Every game of every file, labelled {@code file} or {@code file #n} when it holds several. */
  static List<Named> read(List<Path> files) {
    List<Named> games = new ArrayList<>();
    for (Path file : files) {
      List<PgnGame> inFile;
      try {
        inFile = PgnReader.readAll(Files.readString(file));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
      } catch (ChessRulesException e) {
        throw new IllegalPgn(file + ": " + e.getMessage(), e);
      }
      for (int i = 0; i < inFile.size(); i++) {
        String name = file.getFileName().toString();
        games.add(new Named(inFile.size() == 1 ? name : name + " #" + (i + 1), inFile.get(i)));
      }
    }
    return games;
  }

  /** A file that is not valid PGN, named in the message. */
  static final class IllegalPgn extends IllegalArgumentException {
    IllegalPgn(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static String randomSuffix() {
    return Long.toString(RANDOM.nextLong() >>> 24, 36);
  }

  /** 24 random URL-safe characters: long, varied and in no list of common passwords. */
  private static String strongPassword() {
    byte[] bytes = new byte[18];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
