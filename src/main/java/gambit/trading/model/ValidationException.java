package gambit.trading.model;

import java.util.Objects;

/**
 * A value of a client's request that the trading model refuses, before anything changes: it names
 * the request {@link #field() field} (as the JSON body spells it, e.g. {@code quantity}) and says
 * why in {@link #detail()}, in words a user can read. Routes answer it with HTTP 400 and the
 * detail. Unchecked, because callers map it to an answer rather than recover in place.
 *
 * <p>A refusal that depends on the account or the market instead (not enough funds, no price yet)
 * is not an exception but a {@link PlaceOutcome.Rejected} outcome.
 */
public final class ValidationException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** Why a value was refused; lets a client tell the cases apart without parsing the text. */
  public enum Reason {
    /** Absent, null or empty. */
    MISSING,
    /** Not a value of the expected form (not plain decimal notation, an unknown side, ...). */
    MALFORMED,
    /** Zero or negative where only positive amounts make sense. */
    NOT_POSITIVE,
    /** A quantity that is not a whole multiple of the instrument's quantity step. */
    OFF_STEP,
    /** A price that is not a whole multiple of the instrument's price tick. */
    OFF_TICK,
    /** Below the instrument's minimum quantity or minimum notional. */
    TOO_SMALL,
    /** Above the instrument's maximum quantity or maximum notional, or absurdly long. */
    TOO_LARGE,
    /** Well formed but names nothing known (an unknown instrument symbol). */
    UNKNOWN,
    /** A value this kind of request must not carry (a price on a market order). */
    NOT_ALLOWED
  }

  private final String field;
  private final Reason reason;
  private final String detail;

  /**
   * @param field the request field at fault, never null
   * @param reason why it was refused, never null
   * @param detail the explanation for the user, never null
   */
  public ValidationException(String field, Reason reason, String detail) {
    super(Objects.requireNonNull(field, "field") + ": " + Objects.requireNonNull(detail, "detail"));
    this.field = field;
    this.reason = Objects.requireNonNull(reason, "reason");
    this.detail = detail;
  }

  /** The request field at fault, e.g. {@code quantity}. */
  public String field() {
    return field;
  }

  /** Why the value was refused. */
  public Reason reason() {
    return reason;
  }

  /** The explanation without the field name, e.g. {@code must be positive}. */
  public String detail() {
    return detail;
  }
}
