package gambit.chess.rules;

/**
 * Client text quoted back in a refusal: at most {@value #MAX_CHARS} characters, then an ellipsis,
 * so a refused 5000-character move or FEN is not sent back (and logged) in full. The HTTP layer
 * clips its own echoes the same way ({@code gambit.http.Problems}).
 */
public final class Echo {

  /** The most characters of client text a message repeats. */
  public static final int MAX_CHARS = 64;

  private Echo() {}

  /** {@code text} itself when short enough, else its first {@value #MAX_CHARS} chars + "...". */
  public static String clip(String text) {
    if (text == null || text.length() <= MAX_CHARS) {
      return text;
    }
    return text.substring(0, MAX_CHARS) + "...";
  }
}
