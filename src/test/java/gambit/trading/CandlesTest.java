package gambit.trading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import gambit.node.RedisStore;
import gambit.testing.TestRedis;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Candles and last prices as {@link MarketData} keeps them in a real Redis: one atomic script per
 * tick aggregates open, high, low, close and tick count per bucket of every interval, keeps the
 * newest buckets only, and never lets an older tick replace a newer last price.
 */
class CandlesTest {

  private static final Instant T0 = Instant.parse("2025-03-03T10:00:00Z");
  private static ActorTestKit testKit;
  private static MarketData market;

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create("candles", TradingTestKit.config(TestRedis.shared().uri(),
        TradingTestKit.newPrefix("candles"), "akka.actor.provider = local"));
    TradingSettings settings = TradingSettings.from(testKit.system().settings().config());
    market = new MarketData(RedisStore.get(testKit.system()),
        new TradingKeys(settings.keyPrefix()),
        Map.of(CandleInterval.M1, 3, CandleInterval.M5, 100, CandleInterval.H1, 100,
            CandleInterval.D1, 100));
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static void record(String symbol, String price, Instant at) {
    join(market.record(new Tick(symbol, new BigDecimal(price), at)));
  }

  private static <T> T join(java.util.concurrent.CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static List<Candle> candles(String symbol, CandleInterval interval) {
    return join(market.candles(symbol, interval, 0, Long.MAX_VALUE, 1000));
  }

  @Test
  void ticksAggregateIntoOpenHighLowCloseAndCountPerBucketOfEveryInterval() {
    String symbol = "BTC-USD";
    record(symbol, "100.00", T0.plusSeconds(5));
    record(symbol, "104.50", T0.plusSeconds(20));
    record(symbol, "98.25", T0.plusSeconds(40));
    record(symbol, "101.00", T0.plusSeconds(59));
    record(symbol, "102.00", T0.plusSeconds(61));

    List<Candle> minutes = candles(symbol, CandleInterval.M1);
    assertEquals(List.of(
        new Candle(T0, new BigDecimal("100.00"), new BigDecimal("104.50"),
            new BigDecimal("98.25"), new BigDecimal("101.00"), 4),
        new Candle(T0.plusSeconds(60), new BigDecimal("102.00"), new BigDecimal("102.00"),
            new BigDecimal("102.00"), new BigDecimal("102.00"), 1)), minutes);
    for (CandleInterval wider : List.of(CandleInterval.M5, CandleInterval.H1)) {
      assertEquals(List.of(new Candle(T0, new BigDecimal("100.00"), new BigDecimal("104.50"),
          new BigDecimal("98.25"), new BigDecimal("102.00"), 5)), candles(symbol, wider));
    }
    Candle day = candles(symbol, CandleInterval.D1).get(0);
    assertEquals(Instant.parse("2025-03-03T00:00:00Z"), day.start());
    assertEquals(5, day.ticks());
  }

  @Test
  void aLateTickCountsByItsTimeAndNeverReplacesANewerLastPrice() {
    String symbol = "ETH-USD";
    record(symbol, "3400.00", T0.plusSeconds(30));
    record(symbol, "3410.00", T0.plusSeconds(50));
    record(symbol, "3390.00", T0.plusSeconds(10));

    Candle minute = candles(symbol, CandleInterval.M1).get(0);
    assertEquals(new BigDecimal("3390.00"), minute.open(), "the earliest tick opens");
    assertEquals(new BigDecimal("3410.00"), minute.close(), "the latest tick closes");
    assertEquals(new BigDecimal("3390.00"), minute.low());
    assertEquals(3, minute.ticks());
    Tick last = join(market.lastPrice(symbol)).orElseThrow();
    assertEquals(new Tick(symbol, new BigDecimal("3410.00"), T0.plusSeconds(50)), last);
  }

  @Test
  void onlyTheNewestBucketsAreKept() {
    String symbol = "SOL-USD";
    for (int minute = 0; minute < 6; minute++) {
      record(symbol, "18" + minute + ".00", T0.plusSeconds(60L * minute));
    }
    List<Candle> kept = candles(symbol, CandleInterval.M1);
    assertEquals(List.of(T0.plusSeconds(180), T0.plusSeconds(240), T0.plusSeconds(300)),
        kept.stream().map(Candle::start).toList());
    assertEquals(new BigDecimal("185.00"), kept.get(2).close());
    assertEquals(6, candles(symbol, CandleInterval.M5).stream().mapToLong(Candle::ticks).sum());
  }

  @Test
  void aRangeAnswersItsNewestCandlesOldestFirst() {
    String symbol = "XRP-USD";
    for (int hour = 0; hour < 5; hour++) {
      record(symbol, "2.30" + hour + "0", T0.plusSeconds(3600L * hour));
    }
    long from = T0.plusSeconds(3600).toEpochMilli();
    long to = T0.plusSeconds(3 * 3600).toEpochMilli();
    List<Candle> two = join(market.candles(symbol, CandleInterval.H1, from, to, 2));
    assertEquals(List.of(T0.plusSeconds(2 * 3600), T0.plusSeconds(3 * 3600)),
        two.stream().map(Candle::start).toList());
    assertTrue(join(market.candles(symbol, CandleInterval.H1, 0, T0.toEpochMilli() - 1, 10))
        .isEmpty());
  }

  @Test
  void lastPricesAnswerOnlyTheSymbolsThatHaveOne() {
    record("LTC-USD", "100.01", T0);
    Map<String, Tick> last = join(market.lastPrices(List.of("LTC-USD", "BCH-USD")));
    assertEquals(Map.of("LTC-USD", new Tick("LTC-USD", new BigDecimal("100.01"), T0)), last);
    assertFalse(join(market.lastPrice("BCH-USD")).isPresent());
  }
}
