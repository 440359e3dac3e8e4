package gambit.trading;

import gambit.serialization.CborSerializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One price of one instrument, as the price feed publishes it to every node.
 *
 * @param symbol the instrument, in catalogue case
 * @param price positive, on the instrument's tick, at its price scale
 * @param time when the price was observed (the feed's clock, or the pushing feed's own time);
 *     kept to the millisecond, as Redis stores it
 */
public record Tick(String symbol, BigDecimal price, Instant time) implements CborSerializable {

  /** Truncates the time to milliseconds. @throws NullPointerException if a component is null */
  public Tick {
    Objects.requireNonNull(symbol, "symbol");
    Objects.requireNonNull(price, "price");
    time = Objects.requireNonNull(time, "time").truncatedTo(ChronoUnit.MILLIS);
  }
}
