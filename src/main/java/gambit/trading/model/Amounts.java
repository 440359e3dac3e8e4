package gambit.trading.model;

import gambit.trading.model.ValidationException.Reason;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Exact decimal amounts: the strict parser for amounts that clients send (JSON strings), the
 * rounding rules of the house and plain-notation formatting. Amounts are {@link BigDecimal}s,
 * never {@code double}.
 *
 * <p>Accepted syntax is JSON's number grammar without sign and without exponent: {@code 0} or
 * digits not starting with {@code 0}, optionally followed by {@code .} and at least one digit
 * ({@code 1}, {@code 0.5}, {@code 1.50}). Refused, each with its own {@link ValidationException}
 * detail: an empty value; surrounding or inner whitespace; a leading {@code +}; a minus sign
 * (reported as "must be positive"); exponent notation such as {@code 1e3} (refused because an
 * exponent lets a few characters name an absurd magnitude or precision, and because the API
 * promises plain notation both ways); {@code NaN} and {@code Infinity}; {@code .5}, {@code 5.},
 * leading zeros ({@code 007}), grouping or decimal commas; zero; and texts longer than
 * {@value #MAX_LENGTH} characters. Trailing zeros are accepted ({@code 1.50000} is 1.5): whether
 * an amount has too many decimals is decided by its value against the instrument's step or tick,
 * not by how it is written.
 *
 * <p>Rounding, documented once here and used everywhere: money the user pays is rounded
 * {@link #ceil up} to the cash asset's scale (costs and fees), money the user receives is rounded
 * {@link #floor down} (sale proceeds), so the house never loses a fraction. Valuations, which move
 * no money, round half-even. All methods are pure and thread-safe.
 */
public final class Amounts {

  /** The longest amount text accepted; longer texts are refused before any parsing. */
  public static final int MAX_LENGTH = 40;

  private static final Pattern PLAIN = Pattern.compile("(0|[1-9][0-9]*)(\\.[0-9]+)?");
  private static final Pattern EXPONENT =
      Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)[eE][+-]?[0-9]+");

  private Amounts() {}

  /**
   * Parses a strictly positive amount in plain notation.
   *
   * @param field the request field, named in a refusal
   * @param text the text as the client sent it; null counts as missing
   * @return the value with the scale as written (normalise it with the instrument)
   * @throws ValidationException with the reason, see the class comment
   */
  public static BigDecimal parsePositive(String field, String text) {
    if (text == null || text.isEmpty()) {
      throw new ValidationException(field, Reason.MISSING, "is required");
    }
    if (text.length() > MAX_LENGTH) {
      throw new ValidationException(field, Reason.TOO_LARGE,
          "is longer than " + MAX_LENGTH + " characters");
    }
    if (text.startsWith("-") && PLAIN.matcher(text.substring(1)).matches()) {
      throw new ValidationException(field, Reason.NOT_POSITIVE, "must be positive, got '"
          + text + "'");
    }
    if (!PLAIN.matcher(text).matches()) {
      throw new ValidationException(field, Reason.MALFORMED, whyMalformed(text));
    }
    BigDecimal value = new BigDecimal(text);
    if (value.signum() == 0) {
      throw new ValidationException(field, Reason.NOT_POSITIVE, "must be positive, got '"
          + text + "'");
    }
    return value;
  }

  /** Rounds up (toward positive infinity) to {@code scale} decimals: what the user pays. */
  public static BigDecimal ceil(BigDecimal value, int scale) {
    return value.setScale(scale, RoundingMode.CEILING);
  }

  /** Rounds down (toward negative infinity) to {@code scale} decimals: what the user receives. */
  public static BigDecimal floor(BigDecimal value, int scale) {
    return value.setScale(scale, RoundingMode.FLOOR);
  }

  /** Rounds half-even to {@code scale} decimals: for valuations, which move no money. */
  public static BigDecimal round(BigDecimal value, int scale) {
    return value.setScale(scale, RoundingMode.HALF_EVEN);
  }

  /** True if {@code value} is a whole multiple of {@code unit} (a tick or a step). */
  public static boolean isMultipleOf(BigDecimal value, BigDecimal unit) {
    return value.remainder(unit).signum() == 0;
  }

  /**
   * The number of decimals that a tick or step needs: 2 for {@code 0.01}, 0 for {@code 1},
   * {@code 5} or {@code 10}.
   */
  public static int scaleOf(BigDecimal unit) {
    return Math.max(0, unit.stripTrailingZeros().scale());
  }

  /**
   * Plain notation at exactly {@code scale} decimals, never an exponent: {@code 0.00001000} for
   * 1E-5 at scale 8.
   *
   * @throws ArithmeticException if the value has non-zero digits beyond {@code scale}
   */
  public static String format(BigDecimal value, int scale) {
    return value.setScale(scale, RoundingMode.UNNECESSARY).toPlainString();
  }

  private static String whyMalformed(String text) {
    String quoted = "'" + text + "'";
    if (text.chars().anyMatch(Character::isWhitespace)) {
      return quoted + " must not contain whitespace";
    }
    if (text.startsWith("+")) {
      return quoted + " must not start with '+'";
    }
    if (EXPONENT.matcher(text).matches()) {
      return quoted + " uses exponent notation; write the number in plain notation (1000, not"
          + " 1e3)";
    }
    String bare = text.replaceFirst("^[+-]", "");
    if (bare.equalsIgnoreCase("NaN") || bare.toLowerCase(Locale.ROOT).startsWith("inf")) {
      return quoted + " is not a finite number";
    }
    if (text.contains(",")) {
      return quoted + " contains a comma; the decimal separator is '.' and digits are not"
          + " grouped";
    }
    if (text.matches("0[0-9]+(\\.[0-9]+)?")) {
      return quoted + " has a leading zero";
    }
    if (text.matches("[0-9]*\\.[0-9]*")) {
      return quoted + " needs digits on both sides of the decimal point";
    }
    return quoted + " is not a decimal number in plain notation";
  }
}
