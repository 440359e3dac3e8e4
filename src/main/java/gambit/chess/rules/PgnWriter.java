package gambit.chess.rules;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes one game as PGN export text: the seven-tag roster first (missing ones as {@code ?},
 * the date as {@code ????.??.??}), then {@code SetUp "1"} and {@code FEN} when the game did not
 * start from the standard position, then the other tags in the order given (e.g.
 * {@code TimeControl}, {@code Termination}); a blank line; the movetext with move numbers
 * ({@code 12... e5} when a game starts with Black to move, and again after a comment), optional
 * {@code { [%clk h:mm:ss] }} comments (remaining time after the move, whole seconds, rounded
 * down), the result, lines of at most 80 characters, and a final newline.
 *
 * <p>A builder: not thread-safe, use one per export. {@link #write()} may be called again.
 */
public final class PgnWriter {

  static final int MAX_LINE = 80;
  private static final List<String> ROSTER =
      List.of("Event", "Site", "Date", "Round", "White", "Black", "Result");
  private static final Pattern TAG_NAME = Pattern.compile("[A-Za-z0-9_]+");

  private final Game game;
  private final Map<String, String> tags = new LinkedHashMap<>();
  private Result result;
  private List<Duration> clocks = List.of();

  private PgnWriter(Game game) {
    this.game = game;
  }

  /** A writer for that game; the result defaults to what the board says ({@code *} if going). */
  public static PgnWriter of(Game game) {
    return new PgnWriter(game);
  }

  /**
   * Sets a tag. {@code Result}, {@code SetUp} and {@code FEN} are derived from the game and the
   * {@link #result(Result)}, so they are refused here.
   *
   * @throws IllegalArgumentException for a bad name, a derived tag, or a value with a line break
   *     or other control character
   */
  public PgnWriter tag(String name, String value) {
    if (name == null || !TAG_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("bad PGN tag name: " + name);
    }
    if (name.equals("Result") || name.equals("SetUp") || name.equals("FEN")) {
      throw new IllegalArgumentException("the " + name + " tag is derived from the game");
    }
    if (value == null || value.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("bad value for PGN tag " + name + ": " + value);
    }
    tags.put(name, value);
    return this;
  }

  /**
   * The result to write, e.g. a win by resignation or on time.
   *
   * @throws IllegalArgumentException when the board has already decided another result
   *     (checkmate, stalemate or an automatic draw)
   */
  public PgnWriter result(Result value) {
    if (game.status().isOver() && value != game.result()) {
      throw new IllegalArgumentException("result " + value.pgn() + " contradicts the board: "
          + game.status() + " means " + game.result().pgn());
    }
    this.result = value;
    return this;
  }

  /**
   * The clock of the side that moved, after each ply (entry 0 after the first move); may be
   * shorter than the game; a null entry writes no comment for that ply.
   *
   * @throws IllegalArgumentException when there are more entries than plies or one is negative
   */
  public PgnWriter clocks(List<Duration> remainingAfterEachPly) {
    if (remainingAfterEachPly.size() > game.ply()) {
      throw new IllegalArgumentException(remainingAfterEachPly.size() + " clocks for "
          + game.ply() + " plies");
    }
    for (Duration clock : remainingAfterEachPly) {
      if (clock != null && clock.isNegative()) {
        throw new IllegalArgumentException("negative clock " + clock);
      }
    }
    this.clocks = new ArrayList<>(remainingAfterEachPly);
    return this;
  }

  /** The PGN text. */
  public String write() {
    Result outcome = result != null ? result : game.result();
    StringBuilder pgn = new StringBuilder(256 + game.ply() * 12);
    for (String name : ROSTER) {
      String value = name.equals("Result") ? outcome.pgn() : tags.getOrDefault(name, missing(name));
      appendTag(pgn, name, value);
    }
    if (!game.startPosition().equals(Position.initial())) {
      appendTag(pgn, "SetUp", "1");
      appendTag(pgn, "FEN", game.startPosition().toFen());
    }
    tags.forEach((name, value) -> {
      if (!ROSTER.contains(name)) {
        appendTag(pgn, name, value);
      }
    });
    pgn.append('\n');
    List<String> tokens = movetext();
    tokens.add(outcome.pgn());
    return wrap(pgn, tokens).toString();
  }

  private static String missing(String name) {
    return name.equals("Date") ? "????.??.??" : "?";
  }

  private static void appendTag(StringBuilder pgn, String name, String value) {
    String escaped = value.replace("\\", "\\\\").replace("\"", "\\\"");
    pgn.append('[').append(name).append(" \"").append(escaped).append("\"]\n");
  }

  private List<String> movetext() {
    List<String> tokens = new ArrayList<>();
    Position position = game.startPosition();
    boolean numberBlackMove = true;
    for (int ply = 0; ply < game.ply(); ply++) {
      Move move = game.move(ply);
      int number = position.fullmoveNumber();
      if (position.sideToMove() == Color.WHITE) {
        tokens.add(number + ".");
      } else if (numberBlackMove) {
        tokens.add(number + "...");
      }
      tokens.add(San.format(position, move));
      Duration clock = ply < clocks.size() ? clocks.get(ply) : null;
      if (clock != null) {
        tokens.add("{ [%clk " + clockText(clock) + "] }");
      }
      numberBlackMove = clock != null;
      position = position.play(move);
    }
    return tokens;
  }

  static String clockText(Duration clock) {
    long seconds = clock.getSeconds();
    return String.format("%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
  }

  private static StringBuilder wrap(StringBuilder pgn, List<String> tokens) {
    int lineLength = 0;
    for (String token : tokens) {
      if (lineLength > 0 && lineLength + 1 + token.length() > MAX_LINE) {
        pgn.append('\n');
        lineLength = 0;
      }
      if (lineLength > 0) {
        pgn.append(' ');
        lineLength++;
      }
      pgn.append(token);
      lineLength += token.length();
    }
    return pgn.append('\n');
  }
}
