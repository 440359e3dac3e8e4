package gambit.chess.rules;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PGN text: one or more games, each with its tag pairs and movetext. In the movetext it
 * understands move numbers ({@code 12.}, {@code 12...}, also glued to the move as {@code 1.e4}),
 * SAN moves (read strictly by {@link San}, so an illegal or ambiguous move fails the game),
 * {@code { }} and {@code ;} comments, {@code %} escape lines, NAGs ({@code $1}), the annotations
 * {@code ! ? !! ?? !? ?!}, recursive variations {@code ( )} (skipped), and the termination
 * marker. Clock comments {@code [%clk h:mm:ss]} (seconds may carry a fraction) of main-line
 * moves are kept.
 *
 * <p>Refused with {@link PgnFormatException}, naming the line: a missing termination marker,
 * unbalanced parentheses or braces, a move number that is not the current one ({@code ...}
 * before a White move included), a malformed tag, {@code SetUp "1"} without {@code FEN}, a bad
 * FEN, a Result tag that differs from the termination marker, and a marker that contradicts the
 * board (e.g. {@code 1-0} after Black mates). Stateless and thread-safe.
 */
public final class PgnReader {

  private static final Pattern TAG =
      Pattern.compile("\\[\\s*([A-Za-z0-9_]+)\\s+\"((?:[^\"\\\\]|\\\\.)*)\"\\s*]");
  private static final Pattern MOVE_NUMBER = Pattern.compile("(\\d+)(\\.+)(.*)");
  private static final Pattern CLOCK =
      Pattern.compile("\\[%clk\\s+(\\d+):([0-5]\\d):([0-5]\\d)(?:\\.(\\d{1,3}))?\\s*]");
  private static final String ANNOTATION_CHARS = "!?";

  private PgnReader() {}

  /**
   * Reads every game in the text.
   *
   * @throws PgnFormatException for the first problem, naming its line
   */
  public static List<PgnGame> readAll(String text) {
    Lexer lexer = new Lexer(text);
    List<PgnGame> games = new ArrayList<>();
    lexer.skipBlank();
    while (!lexer.atEnd()) {
      games.add(new GameReader(lexer).read());
      lexer.skipBlank();
    }
    if (games.isEmpty()) {
      throw new PgnFormatException("no game in the PGN text");
    }
    return games;
  }

  /**
   * Reads a text that holds exactly one game.
   *
   * @throws PgnFormatException when it is not exactly one valid game
   */
  public static PgnGame read(String text) {
    List<PgnGame> games = readAll(text);
    if (games.size() != 1) {
      throw new PgnFormatException("expected one game, found " + games.size());
    }
    return games.get(0);
  }

  /** Characters, position and line number, and the PGN token classes. */
  private static final class Lexer {
    private final String text;
    private int index;
    private int line = 1;

    Lexer(String text) {
      this.text = text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    boolean atEnd() {
      return index >= text.length();
    }

    char peek() {
      return text.charAt(index);
    }

    int line() {
      return line;
    }

    PgnFormatException error(String message) {
      return new PgnFormatException("PGN line " + line + ": " + message);
    }

    PgnFormatException error(String message, Throwable cause) {
      return new PgnFormatException("PGN line " + line + ": " + message, cause);
    }

    /** Skips white space and {@code %} escape lines. */
    void skipBlank() {
      while (!atEnd()) {
        char ch = peek();
        if (ch == '%' && (index == 0 || text.charAt(index - 1) == '\n')) {
          restOfLine();
        } else if (Character.isWhitespace(ch)) {
          advance();
        } else {
          return;
        }
      }
    }

    String restOfLine() {
      int start = index;
      while (!atEnd() && peek() != '\n') {
        advance();
      }
      return text.substring(start, index);
    }

    /** The text up to the closing character, which is consumed; the opening one already is. */
    String until(char close, String what) {
      int startLine = line;
      int start = index;
      while (!atEnd() && peek() != close) {
        advance();
      }
      if (atEnd()) {
        throw new PgnFormatException("PGN line " + startLine + ": unterminated " + what);
      }
      String content = text.substring(start, index);
      advance();
      return content;
    }

    String symbol() {
      int start = index;
      while (!atEnd() && !Character.isWhitespace(peek()) && "{}()[];$<>".indexOf(peek()) < 0) {
        advance();
      }
      return text.substring(start, index);
    }

    String digits() {
      int start = index;
      while (!atEnd() && Character.isDigit(peek())) {
        advance();
      }
      return text.substring(start, index);
    }

    void advance() {
      if (text.charAt(index) == '\n') {
        line++;
      }
      index++;
    }
  }

  /** Reads one game from the lexer's position. */
  private static final class GameReader {
    private final Lexer lexer;
    private final Map<String, String> tags = new LinkedHashMap<>();
    private final List<Duration> clocks = new ArrayList<>();
    private Game game;
    private int depth;

    GameReader(Lexer lexer) {
      this.lexer = lexer;
    }

    PgnGame read() {
      readTags();
      game = Game.from(startPosition());
      Result result = readMovetext();
      checkResult(result);
      while (clocks.size() > game.ply()) {
        clocks.remove(clocks.size() - 1);
      }
      return new PgnGame(tags, game, result, clocks);
    }

    private void readTags() {
      while (!lexer.atEnd() && lexer.peek() == '[') {
        String line = lexer.restOfLine().strip();
        Matcher tag = TAG.matcher(line);
        if (!tag.matches()) {
          throw lexer.error("malformed tag pair: " + line);
        }
        String value = tag.group(2).replaceAll("\\\\(.)", "$1");
        if (tags.put(tag.group(1), value) != null) {
          throw lexer.error("tag " + tag.group(1) + " appears twice");
        }
        lexer.skipBlank();
      }
    }

    private Position startPosition() {
      String fen = tags.get("FEN");
      if (fen == null) {
        if ("1".equals(tags.get("SetUp"))) {
          throw lexer.error("SetUp \"1\" without a FEN tag");
        }
        return Position.initial();
      }
      try {
        return Position.fromFen(fen);
      } catch (InvalidFenException e) {
        throw lexer.error("bad FEN tag: " + e.getMessage(), e);
      }
    }

    private Result readMovetext() {
      while (true) {
        lexer.skipBlank();
        if (lexer.atEnd()) {
          throw lexer.error(depth > 0 ? "variation not closed with ')'"
              : "missing termination marker (1-0, 0-1, 1/2-1/2 or *)");
        }
        char ch = lexer.peek();
        if ("{;()$[".indexOf(ch) >= 0) {
          punctuation(ch);
          continue;
        }
        String symbol = lexer.symbol();
        if (symbol.isEmpty()) {
          throw lexer.error("unexpected character '" + ch + "'");
        }
        Result result = Result.ofPgn(symbol);
        if (result != null && depth == 0) {
          return result;
        }
        if (depth == 0) {
          moveToken(symbol);
        }
      }
    }

    private void punctuation(char ch) {
      lexer.advance();
      switch (ch) {
        case '{' -> comment(lexer.until('}', "comment"));
        case ';' -> lexer.restOfLine();
        case '(' -> depth++;
        case ')' -> {
          if (--depth < 0) {
            throw lexer.error("')' without '('");
          }
        }
        case '$' -> {
          if (lexer.digits().isEmpty()) {
            throw lexer.error("'$' without a number");
          }
        }
        default -> throw lexer.error("'[' inside movetext (a missing result before a new game?)");
      }
    }

    private void comment(String text) {
      if (depth > 0 || game.ply() == 0) {
        return;
      }
      Matcher clock = CLOCK.matcher(text);
      if (clock.find()) {
        while (clocks.size() < game.ply()) {
          clocks.add(null);
        }
        clocks.set(game.ply() - 1, clock(clock));
      }
    }

    private static Duration clock(Matcher clock) {
      String fraction = clock.group(4) == null ? "0" : (clock.group(4) + "00").substring(0, 3);
      return Duration.ofHours(Long.parseLong(clock.group(1)))
          .plusMinutes(Long.parseLong(clock.group(2)))
          .plusSeconds(Long.parseLong(clock.group(3)))
          .plusMillis(Long.parseLong(fraction));
    }

    private void moveToken(String symbol) {
      String san = symbol;
      Matcher number = MOVE_NUMBER.matcher(symbol);
      if (number.matches()) {
        checkMoveNumber(number.group(1), number.group(2));
        san = number.group(3);
        if (san.isEmpty()) {
          return;
        }
      }
      if (san.chars().allMatch(c -> ANNOTATION_CHARS.indexOf(c) >= 0) && san.length() <= 2) {
        return;
      }
      try {
        game = game.play(San.parse(game.position(), san));
      } catch (IllegalMoveException e) {
        Position position = game.position();
        String at = position.fullmoveNumber()
            + (position.sideToMove() == Color.WHITE ? "." : "...");
        throw lexer.error("move " + at + " " + san + ": " + e.getMessage(), e);
      }
    }

    private void checkMoveNumber(String digits, String dots) {
      Position position = game.position();
      boolean blackDots = dots.equals("...");
      if (!dots.equals(".") && !blackDots) {
        throw lexer.error("bad move number " + digits + dots);
      }
      if (digits.length() > 6 || Integer.parseInt(digits) != position.fullmoveNumber()
          || (blackDots && position.sideToMove() == Color.WHITE)) {
        throw lexer.error("move number " + digits + dots + " where "
            + position.fullmoveNumber() + (position.sideToMove() == Color.WHITE ? "." : "...")
            + " is next");
      }
    }

    private void checkResult(Result result) {
      if (depth != 0) {
        throw lexer.error("variation not closed with ')'");
      }
      String tag = tags.get("Result");
      if (tag != null && !tag.equals(result.pgn())) {
        throw lexer.error("Result tag " + tag + " differs from the movetext's " + result.pgn());
      }
      if (game.status().isOver() && result != game.result()) {
        throw lexer.error("result " + result.pgn() + " contradicts the board: "
            + game.status() + " means " + game.result().pgn());
      }
    }
  }
}
