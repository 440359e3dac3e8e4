package gambit.trading.model;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * An account's holding of one asset: {@code available} may back new orders, {@code reserved} is
 * held by open orders; {@code total = available + reserved}. Both parts keep the scale of the
 * amounts that move them (the cash scale for cash, the instrument's quantity scale for a base
 * asset), so equal balances are {@code equals}. Neither part is ever negative: every
 * operation that would make one negative throws instead, since it means the caller skipped a
 * check (the account checks before it emits an event).
 *
 * @param available free to use, never negative
 * @param reserved held by open orders, never negative
 */
public record Balance(BigDecimal available, BigDecimal reserved) {

  /** Nothing held. */
  public static final Balance ZERO = new Balance(BigDecimal.ZERO, BigDecimal.ZERO);

  /** @throws IllegalStateException if a part is negative */
  public Balance {
    Objects.requireNonNull(available, "available");
    Objects.requireNonNull(reserved, "reserved");
    if (available.signum() < 0 || reserved.signum() < 0) {
      throw new IllegalStateException("negative balance: available " + available.toPlainString()
          + ", reserved " + reserved.toPlainString());
    }
  }

  /** Nothing held, both parts at {@code scale} decimals (the scale of the amounts it will hold). */
  static Balance zero(int scale) {
    BigDecimal zero = BigDecimal.ZERO.setScale(scale);
    return new Balance(zero, zero);
  }

  /** available + reserved. */
  public BigDecimal total() {
    return available.add(reserved);
  }

  Balance credit(BigDecimal amount) {
    return new Balance(available.add(amount), reserved);
  }

  /** Moves {@code amount} from available to reserved. */
  Balance reserve(BigDecimal amount) {
    return new Balance(available.subtract(amount), reserved.add(amount));
  }

  /** Moves {@code amount} from reserved back to available. */
  Balance release(BigDecimal amount) {
    return new Balance(available.add(amount), reserved.subtract(amount));
  }

  /** Spends {@code spent} of the reservation and releases {@code released} of it. */
  Balance settle(BigDecimal spent, BigDecimal released) {
    return new Balance(available.add(released), reserved.subtract(spent).subtract(released));
  }
}
