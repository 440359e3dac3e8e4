package gambit.trading;

import gambit.node.RedisScript;
import gambit.node.RedisStore;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.KeyValue;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Prices and candles in Redis (keys in {@link TradingKeys}): the price feed records every tick
 * here, routes and dashboards read the last prices and the candles. Live prices never go to the
 * journal: only the newest price per instrument and the candles are stored. Every stage fails
 * with {@link gambit.node.StoreUnavailableException} while Redis is unreachable. Thread-safe.
 */
public final class MarketData {

  private static final RedisScript RECORD_TICK =
      RedisScript.fromResource("/gambit/trading/record-tick.lua");
  private static final CandleInterval[] INTERVALS = CandleInterval.values();

  private final RedisStore redis;
  private final TradingKeys keys;
  private final Map<CandleInterval, Integer> retention;

  /**
   * @param retention how many candles to keep per instrument and interval; every interval
   */
  public MarketData(RedisStore redis, TradingKeys keys, Map<CandleInterval, Integer> retention) {
    this.redis = redis;
    this.keys = keys;
    this.retention = Map.copyOf(retention);
  }

  /**
   * Records a tick in one atomic step: the last price (unless a newer tick of the instrument is
   * already stored) and the candle of each interval that the tick's time falls in, trimmed to
   * the retention.
   *
   * @return true if it became the instrument's last price
   */
  public CompletionStage<Boolean> record(Tick tick) {
    String[] scriptKeys = new String[1 + INTERVALS.length];
    String[] args = new String[2 + 2 * INTERVALS.length];
    long millis = tick.time().toEpochMilli();
    scriptKeys[0] = keys.lastPrice(tick.symbol());
    args[0] = tick.price().toPlainString();
    args[1] = Long.toString(millis);
    for (int i = 0; i < INTERVALS.length; i++) {
      scriptKeys[i + 1] = keys.candles(tick.symbol(), INTERVALS[i]);
      args[2 + 2 * i] = Long.toString(INTERVALS[i].bucketStart(millis));
      args[3 + 2 * i] = Integer.toString(retention.get(INTERVALS[i]));
    }
    return RECORD_TICK.<Long>run(redis, ScriptOutputType.INTEGER, scriptKeys, args)
        .thenApply(changed -> changed == 1L);
  }

  /** The newest recorded tick of each symbol that has one, in the order asked for. */
  public CompletionStage<Map<String, Tick>> lastPrices(List<String> symbols) {
    if (symbols.isEmpty()) {
      return java.util.concurrent.CompletableFuture.completedFuture(Map.of());
    }
    String[] lastKeys = symbols.stream().map(keys::lastPrice).toArray(String[]::new);
    return redis.run(commands -> commands.mget(lastKeys)).thenApply(values -> {
      Map<String, Tick> found = new LinkedHashMap<>();
      for (int i = 0; i < values.size(); i++) {
        KeyValue<String, String> value = values.get(i);
        if (value.hasValue()) {
          found.put(symbols.get(i), parseLast(symbols.get(i), value.getValue()));
        }
      }
      return Collections.unmodifiableMap(found);
    });
  }

  /** The newest recorded tick of a symbol, if any. */
  public CompletionStage<Optional<Tick>> lastPrice(String symbol) {
    return redis.run(commands -> commands.get(keys.lastPrice(symbol)))
        .thenApply(value -> Optional.ofNullable(value).map(v -> parseLast(symbol, v)));
  }

  /**
   * The newest {@code limit} candles whose bucket starts within {@code from..to} (both
   * inclusive), oldest first.
   *
   * @param limit 1 or more
   */
  public CompletionStage<List<Candle>> candles(String symbol, CandleInterval interval,
      long fromMillis, long toMillis, int limit) {
    String key = keys.candles(symbol, interval);
    return redis.run(commands -> commands.zrevrangebyscore(key,
            Range.create((Number) fromMillis, (Number) toMillis), Limit.create(0, limit)))
        .thenApply(members -> {
          List<Candle> candles = new ArrayList<>(members.size());
          for (int i = members.size() - 1; i >= 0; i--) {
            candles.add(parseCandle(members.get(i)));
          }
          return List.copyOf(candles);
        });
  }

  /** {@code "<price>:<epoch ms>"}, see {@link TradingKeys#lastPrice}. */
  static Tick parseLast(String symbol, String value) {
    int colon = value.indexOf(':');
    return new Tick(symbol, new BigDecimal(value.substring(0, colon)),
        Instant.ofEpochMilli(Long.parseLong(value.substring(colon + 1))));
  }

  /** A candle member, see {@link TradingKeys#candles}. */
  static Candle parseCandle(String member) {
    String[] parts = member.split(":");
    return new Candle(Instant.ofEpochMilli(Long.parseLong(parts[0])), new BigDecimal(parts[1]),
        new BigDecimal(parts[2]), new BigDecimal(parts[3]), new BigDecimal(parts[4]),
        Long.parseLong(parts[5]));
  }
}
