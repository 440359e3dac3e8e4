package gambit.trading;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import gambit.trading.model.TradingRules;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The {@code gambit.trading} section (trading.conf, every key commented there), read once at
 * start-up into immutable values. A bad value fails with a {@link ConfigException.BadValue}
 * naming the key, the value and what was expected.
 *
 * @param keyPrefix prefix of the trading area's own Redis keys (see {@link TradingKeys})
 * @param askTimeout how long a request or a socket waits for a dashboard
 * @param dashboard the Dashboard entity's settings
 * @param feed the price feed's settings
 * @param candleRetention how many candles are kept per instrument and interval
 * @param idempotencyTtl how long an order's Idempotency-Key is remembered
 * @param search the search route's settings
 * @param socket the WebSocket streams' settings
 */
public record TradingSettings(
    String keyPrefix,
    Duration askTimeout,
    DashboardSettings dashboard,
    FeedSettings feed,
    Map<CandleInterval, Integer> candleRetention,
    Duration idempotencyTtl,
    SearchSettings search,
    SocketSettings socket) {

  static final String SECTION = "gambit.trading";

  /**
   * How far back the longest-kept candles reach (the largest retention x interval length, 1000
   * days by default): a tick older than this could only create a candle that is dropped at once,
   * or one far older than any other.
   */
  public Duration longestCandleHistory() {
    return candleRetention.entrySet().stream()
        .map(kept -> Duration.ofMillis(kept.getKey().millis()).multipliedBy(kept.getValue()))
        .max(Duration::compareTo).orElseThrow();
  }

  /**
   * @param demoBalance cash credited to a new dashboard, > 0 at cent precision
   * @param rules fee rate and open-order limit
   * @param passivateIdleAfter a dashboard without open orders or sockets leaves memory after
   *     this long without a client's command
   * @param snapshotEvery a snapshot after this many events
   * @param snapshotsKept snapshots kept per dashboard
   * @param socketLease how long a socket's registration with its dashboard lasts unrenewed
   * @param priceRecheckAfter when a newly watched instrument's last price is read again, after
   *     the read at the start of watching: ticks published before the new subscription reached
   *     the price feed's node are lost to it
   * @param sharding the sharding settings of the Dashboard type: {@code dashboard.sharding}
   *     laid over {@code akka.cluster.sharding}
   * @param orderRate how many new orders a dashboard accepts
   */
  public record DashboardSettings(BigDecimal demoBalance, TradingRules rules,
      Duration passivateIdleAfter, int snapshotEvery, int snapshotsKept, Duration socketLease,
      Duration priceRecheckAfter, Config sharding, OrderRate orderRate) {}

  /**
   * @param perSecond new orders per second, sustained; 0 = no limit
   * @param burst new orders accepted at once after a pause
   */
  public record OrderRate(double perSecond, int burst) {}

  /**
   * @param simulatorEnabled whether the feed moves prices itself
   * @param tickInterval time between two simulated ticks
   * @param seed the random walk's seed
   * @param volatility standard deviation of one simulated tick's relative change
   * @param maxClockSkew how far ahead of the clock a pushed tick's time may be
   * @param maxTicksPerPush the most ticks one push may carry
   */
  public record FeedSettings(boolean simulatorEnabled, Duration tickInterval, long seed,
      double volatility, Duration maxClockSkew, int maxTicksPerPush) {}

  /**
   * @param cacheTtl lifetime of cached results in Redis and in HTTP caches
   * @param maxResults the most instruments and the most players per answer
   * @param playerScanLimit the most names one substring search reads from the index
   */
  public record SearchSettings(Duration cacheTtl, int maxResults, int playerScanLimit) {}

  /**
   * @param heartbeatInterval idle time after which a socket sends a heartbeat
   * @param maxSymbols the most symbols a socket may subscribe to
   * @param maxPendingMessages reliable messages that may wait for a slow client before the
   *     socket is closed
   * @param portfolioInterval how often a dashboard socket checks whether the prices of held
   *     instruments moved, and then sends a new portfolio message
   */
  public record SocketSettings(Duration heartbeatInterval, int maxSymbols,
      int maxPendingMessages, Duration portfolioInterval) {}

  /** Reads {@code gambit.trading} from a complete (resolved) config. */
  public static TradingSettings from(Config root) {
    Config c = root.getConfig(SECTION);
    return new TradingSettings(
        keyPrefix(c),
        positive(c, "ask-timeout"),
        dashboard(c, root.getConfig("akka.cluster.sharding")),
        feed(c),
        retention(c),
        atLeast(c, "idempotency.ttl", Duration.ofSeconds(1)),
        new SearchSettings(atLeast(c, "search.cache-ttl", Duration.ofSeconds(1)),
            intWithin(c, "search.max-results", 1, 100),
            intWithin(c, "search.player-scan-limit", 100, Integer.MAX_VALUE)),
        new SocketSettings(positive(c, "websocket.heartbeat-interval"),
            intWithin(c, "websocket.max-symbols", 1, 1000),
            intWithin(c, "websocket.max-pending-messages", 16, Integer.MAX_VALUE),
            atLeast(c, "websocket.portfolio-interval", Duration.ofMillis(100))));
  }

  private static DashboardSettings dashboard(Config c, Config akkaSharding) {
    BigDecimal feeRate = decimal(c, "dashboard.fee-rate");
    if (feeRate.signum() < 0 || feeRate.compareTo(new BigDecimal("0.1")) > 0) {
      throw bad(c, "dashboard.fee-rate", "a decimal from 0 to 0.1");
    }
    BigDecimal demo = decimal(c, "dashboard.demo-balance");
    if (demo.signum() <= 0 || demo.stripTrailingZeros().scale() > 2) {
      throw bad(c, "dashboard.demo-balance", "a positive amount with at most two decimals");
    }
    TradingRules rules = new TradingRules(feeRate,
        intWithin(c, "dashboard.max-open-orders", 1, 1000));
    return new DashboardSettings(demo, rules, positive(c, "dashboard.passivate-idle-after"),
        intWithin(c, "dashboard.snapshot-every", 1, Integer.MAX_VALUE),
        intWithin(c, "dashboard.snapshots-kept", 1, Integer.MAX_VALUE),
        atLeast(c, "dashboard.socket-lease", Duration.ofSeconds(3)),
        positive(c, "dashboard.price-recheck-after"),
        c.getConfig("dashboard.sharding").withFallback(akkaSharding), orderRate(c));
  }

  private static OrderRate orderRate(Config c) {
    double perSecond = c.getDouble("dashboard.order-rate.per-second");
    // below 0.001 (one order per 1000 s) a refusal's Retry-After would be absurd
    if (!(perSecond == 0 || perSecond >= 0.001 && perSecond <= 1_000_000)) {
      throw bad(c, "dashboard.order-rate.per-second",
          "0 (no limit) or a number from 0.001 to 1000000");
    }
    return new OrderRate(perSecond,
        intWithin(c, "dashboard.order-rate.burst", 1, 1_000_000));
  }

  private static FeedSettings feed(Config c) {
    double volatility = c.getDouble("feed.simulator.volatility");
    if (!(volatility > 0 && volatility <= 0.1)) {
      throw bad(c, "feed.simulator.volatility", "a number above 0 and at most 0.1");
    }
    Duration skew = c.getDuration("feed.max-clock-skew");
    if (skew.isNegative()) {
      throw bad(c, "feed.max-clock-skew", "a duration of zero or more");
    }
    return new FeedSettings(c.getBoolean("feed.simulator.enabled"),
        atLeast(c, "feed.simulator.tick-interval", Duration.ofMillis(1)),
        c.getLong("feed.simulator.seed"), volatility, skew,
        intWithin(c, "feed.max-ticks-per-push", 1, 10_000));
  }

  private static Map<CandleInterval, Integer> retention(Config c) {
    Map<CandleInterval, Integer> kept = new EnumMap<>(CandleInterval.class);
    for (CandleInterval interval : CandleInterval.values()) {
      kept.put(interval, intWithin(c, "candles.retention." + interval.wireName(), 1,
          Integer.MAX_VALUE));
    }
    return Map.copyOf(kept);
  }

  private static String keyPrefix(Config c) {
    String prefix = c.getString("redis-key-prefix");
    if (prefix.isBlank() || prefix.contains("{") || prefix.contains("}")) {
      throw bad(c, "redis-key-prefix", "a non-empty text without '{' or '}'");
    }
    return prefix;
  }

  private static BigDecimal decimal(Config c, String key) {
    try {
      return new BigDecimal(c.getString(key));
    } catch (NumberFormatException e) {
      throw bad(c, key, "a decimal number");
    }
  }

  private static Duration positive(Config c, String key) {
    Duration value = c.getDuration(key);
    if (value.isNegative() || value.isZero()) {
      throw bad(c, key, "a positive duration");
    }
    return value;
  }

  private static Duration atLeast(Config c, String key, Duration min) {
    Duration value = c.getDuration(key);
    if (value.compareTo(min) < 0) {
      throw bad(c, key, "a duration of at least " + min);
    }
    return value;
  }

  private static int intWithin(Config c, String key, int min, int max) {
    int value = c.getInt(key);
    // getInt cuts 1.5 down to 1; a fraction is a mistake to report, not to round
    if (value < min || value > max || c.getDouble(key) != value) {
      throw bad(c, key, "an integer from " + min + (max == Integer.MAX_VALUE ? " up"
          : " to " + max));
    }
    return value;
  }

  private static ConfigException.BadValue bad(Config c, String key, String expected) {
    return new ConfigException.BadValue(SECTION + "." + key, "expected " + expected + ", got "
        + c.getValue(key).render());
  }
}
