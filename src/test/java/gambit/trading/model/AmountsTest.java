package gambit.trading.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gambit.trading.model.ValidationException.Reason;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class AmountsTest {

  private static ValidationException refused(String text) {
    return assertThrows(ValidationException.class, () -> Amounts.parsePositive("quantity", text));
  }

  private static void assertRefused(String text, Reason reason, String detailPart) {
    ValidationException e = refused(text);
    assertEquals("quantity", e.field(), text);
    assertEquals(reason, e.reason(), text + ": " + e.getMessage());
    assertTrue(e.detail().contains(detailPart), text + ": " + e.detail());
    assertTrue(e.getMessage().startsWith("quantity: "), e.getMessage());
  }

  @Test
  void acceptsPlainPositiveDecimals() {
    assertEquals(new BigDecimal("1"), Amounts.parsePositive("q", "1"));
    assertEquals(new BigDecimal("0.5"), Amounts.parsePositive("q", "0.5"));
    assertEquals(new BigDecimal("1.50"), Amounts.parsePositive("q", "1.50"));
    assertEquals(new BigDecimal("0.00000001"), Amounts.parsePositive("q", "0.00000001"));
    assertEquals(new BigDecimal("97000.12"), Amounts.parsePositive("q", "97000.12"));
  }

  @Test
  void refusesMissingValues() {
    assertRefused(null, Reason.MISSING, "required");
    assertRefused("", Reason.MISSING, "required");
  }

  @Test
  void refusesNonNumericText() {
    assertRefused("abc", Reason.MALFORMED, "not a decimal number");
    assertRefused("0x10", Reason.MALFORMED, "not a decimal number");
    assertRefused("1/2", Reason.MALFORMED, "not a decimal number");
    assertRefused("--1", Reason.MALFORMED, "not a decimal number");
  }

  @Test
  void refusesExponentNotation() {
    assertRefused("1e3", Reason.MALFORMED, "exponent notation");
    assertRefused("1E3", Reason.MALFORMED, "exponent notation");
    assertRefused("1.5e-3", Reason.MALFORMED, "exponent notation");
    assertRefused("2E+10", Reason.MALFORMED, "exponent notation");
  }

  @Test
  void refusesNanAndInfinity() {
    assertRefused("NaN", Reason.MALFORMED, "not a finite number");
    assertRefused("Infinity", Reason.MALFORMED, "not a finite number");
    assertRefused("-Infinity", Reason.MALFORMED, "not a finite number");
    assertRefused("inf", Reason.MALFORMED, "not a finite number");
  }

  @Test
  void refusesNegativeAndZeroAsNotPositive() {
    assertRefused("-1", Reason.NOT_POSITIVE, "must be positive");
    assertRefused("-0.5", Reason.NOT_POSITIVE, "must be positive");
    assertRefused("0", Reason.NOT_POSITIVE, "must be positive");
    assertRefused("0.000", Reason.NOT_POSITIVE, "must be positive");
    assertRefused("-0", Reason.NOT_POSITIVE, "must be positive");
  }

  @Test
  void refusesLeadingPlusAndWhitespace() {
    assertRefused("+1", Reason.MALFORMED, "must not start with '+'");
    assertRefused(" 1", Reason.MALFORMED, "whitespace");
    assertRefused("1 ", Reason.MALFORMED, "whitespace");
    assertRefused("1 000", Reason.MALFORMED, "whitespace");
    assertRefused("1\t", Reason.MALFORMED, "whitespace");
  }

  @Test
  void refusesSloppyDecimalForms() {
    assertRefused(".5", Reason.MALFORMED, "both sides of the decimal point");
    assertRefused("5.", Reason.MALFORMED, "both sides of the decimal point");
    assertRefused("007", Reason.MALFORMED, "leading zero");
    assertRefused("1,5", Reason.MALFORMED, "comma");
    assertRefused("1,000.00", Reason.MALFORMED, "comma");
    assertRefused("1.2.3", Reason.MALFORMED, "not a decimal number");
    assertRefused("\u0661", Reason.MALFORMED, "not a decimal number");
  }

  @Test
  void refusesAbsurdlyLongTextBeforeParsingIt() {
    String huge = "1" + "0".repeat(Amounts.MAX_LENGTH);
    ValidationException e = refused(huge);
    assertEquals(Reason.TOO_LARGE, e.reason());
    assertFalse(e.detail().contains(huge), "the text is not echoed");
    assertEquals(new BigDecimal("1" + "0".repeat(Amounts.MAX_LENGTH - 1)),
        Amounts.parsePositive("q", "1" + "0".repeat(Amounts.MAX_LENGTH - 1)));
  }

  @Test
  void roundsInTheHouseFavour() {
    assertEquals("0.12", Amounts.ceil(new BigDecimal("0.1100001"), 2).toPlainString());
    assertEquals("0.11", Amounts.floor(new BigDecimal("0.1199999"), 2).toPlainString());
    assertEquals("0.11", Amounts.ceil(new BigDecimal("0.11"), 2).toPlainString());
    assertEquals("0.12", Amounts.round(new BigDecimal("0.125"), 2).toPlainString());
    assertEquals("0.14", Amounts.round(new BigDecimal("0.135"), 2).toPlainString());
  }

  @Test
  void formatsInPlainNotationAtTheScale() {
    assertEquals("0.00001000", Amounts.format(new BigDecimal("1E-5"), 8));
    assertEquals("1000000.00", Amounts.format(new BigDecimal("1E+6"), 2));
    assertThrows(ArithmeticException.class, () -> Amounts.format(new BigDecimal("0.123"), 2));
  }

  @Test
  void knowsMultiplesAndScalesOfTicks() {
    assertTrue(Amounts.isMultipleOf(new BigDecimal("0.00300"), new BigDecimal("0.001")));
    assertFalse(Amounts.isMultipleOf(new BigDecimal("0.0031"), new BigDecimal("0.001")));
    assertEquals(2, Amounts.scaleOf(new BigDecimal("0.01")));
    assertEquals(2, Amounts.scaleOf(new BigDecimal("0.0100")));
    assertEquals(0, Amounts.scaleOf(new BigDecimal("1000")));
    assertEquals(0, Amounts.scaleOf(new BigDecimal("5")));
  }
}
