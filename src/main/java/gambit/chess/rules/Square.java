package gambit.chess.rules;

/**
 * Squares are plain {@code int}s: {@code a1 = 0, b1 = 1, ..., h1 = 7, a2 = 8, ..., h8 = 63}, so
 * {@code file = square & 7} and {@code rank = square >> 3} (both 0-based). This class converts
 * them to and from their names.
 */
public final class Square {

  private Square() {}

  /** The square's name, e.g. {@code "e4"}; fails on a number outside 0..63. */
  public static String name(int square) {
    check(square);
    return "" + (char) ('a' + file(square)) + (char) ('1' + rank(square));
  }

  /**
   * The square named by two characters such as {@code "e4"} (lower-case file).
   *
   * @throws IllegalArgumentException if the text is not a square name
   */
  public static int parse(String name) {
    if (name == null || name.length() != 2 || !isName(name, 0)) {
      throw new IllegalArgumentException("not a square: " + name);
    }
    return at(name, 0);
  }

  /** 0-based file (0 = a). */
  public static int file(int square) {
    return square & 7;
  }

  /** 0-based rank (0 = the first rank). */
  public static int rank(int square) {
    return square >> 3;
  }

  /** The square on that 0-based file and rank. */
  public static int of(int file, int rank) {
    if (file < 0 || file > 7 || rank < 0 || rank > 7) {
      throw new IllegalArgumentException("no square on file " + file + ", rank " + rank);
    }
    return rank * 8 + file;
  }

  /** Whether {@code text} holds a square name at {@code index}. */
  static boolean isName(CharSequence text, int index) {
    if (index + 2 > text.length()) {
      return false;
    }
    char file = text.charAt(index);
    char rank = text.charAt(index + 1);
    return file >= 'a' && file <= 'h' && rank >= '1' && rank <= '8';
  }

  /** The square whose name starts at {@code index}; the caller checked it with isName. */
  static int at(CharSequence text, int index) {
    return (text.charAt(index + 1) - '1') * 8 + (text.charAt(index) - 'a');
  }

  private static void check(int square) {
    if (square < 0 || square > 63) {
      throw new IllegalArgumentException("not a square index: " + square);
    }
  }
}
