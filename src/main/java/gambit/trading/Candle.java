package gambit.trading;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * Open, high, low and close of one instrument's ticks within one bucket of an interval.
 *
 * @param start the bucket's start
 * @param open the price of the first tick (by tick time) in the bucket
 * @param high the highest price
 * @param low the lowest price
 * @param close the price of the last tick (by tick time)
 * @param ticks how many ticks the bucket aggregates
 */
public record Candle(Instant start, BigDecimal open, BigDecimal high, BigDecimal low,
    BigDecimal close, long ticks) {}
