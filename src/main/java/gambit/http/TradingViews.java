package gambit.http;

import gambit.trading.Candle;
import gambit.trading.Dashboard;
import gambit.trading.Tick;
import gambit.trading.model.Account;
import gambit.trading.model.Amounts;
import gambit.trading.model.Balance;
import gambit.trading.model.Fill;
import gambit.trading.model.Instrument;
import gambit.trading.model.InstrumentCatalogue;
import gambit.trading.model.Order;
import gambit.trading.model.Valuation;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The JSON shapes of the trading API, built from the model. Every amount is a JSON string in
 * plain notation (never an exponent, never a JSON number, so no client parses money into a
 * binary float): quantities at the instrument's quantity scale, prices (an average cost too)
 * at its price scale, amounts of money at the quote (cash) asset's scale. Values the model keeps
 * finer (an average cost, a fill's realized P&L) are rounded half-even for display only.
 * Times are ISO-8601 UTC strings. Absent values are {@code null}.
 */
final class TradingViews {

  private TradingViews() {}

  /** An instrument with its last price ({@code null} before its first tick). */
  record InstrumentView(String symbol, String base, String quote, String name, String priceTick,
      String quantityStep, String minQuantity, String maxQuantity, String minNotional,
      String maxNotional, String lastPrice, Instant lastPriceTime) {}

  static InstrumentView instrument(Instrument i, Optional<Tick> last) {
    return new InstrumentView(i.symbol(), i.baseAsset(), i.quoteAsset(), i.name(),
        plain(i.priceTick()), plain(i.quantityStep()), i.formatQuantity(i.minQuantity()),
        i.formatQuantity(i.maxQuantity()), plain(i.minNotional()), plain(i.maxNotional()),
        last.map(t -> i.formatPrice(t.price())).orElse(null),
        last.map(Tick::time).orElse(null));
  }

  /** One candle; {@code time} is the bucket's start. */
  record CandleView(Instant time, String open, String high, String low, String close,
      long ticks) {}

  static CandleView candle(Instrument i, Candle c) {
    return new CandleView(c.start(), i.formatPrice(c.open()), i.formatPrice(c.high()),
        i.formatPrice(c.low()), i.formatPrice(c.close()), c.ticks());
  }

  /** A tick, as the streams send it. */
  record TickView(String symbol, String price, Instant time) {}

  static TickView tick(InstrumentCatalogue catalogue, Tick tick) {
    return new TickView(tick.symbol(), format(catalogue, tick.symbol(), tick.price()),
        tick.time());
  }

  /**
   * An order. {@code price} is the limit ({@code null} for a market order); {@code reserved} is
   * what it holds while open (quote asset for a buy including the fee, base for a sell);
   * {@code fillPrice} and {@code fee} are set once it filled.
   */
  record OrderView(String id, String clientOrderId, String symbol, String side, String type,
      String quantity, String price, String status, String reservedAsset, String reserved,
      String feeRate, String fillPrice, String fee, Instant createdAt, Instant updatedAt) {}

  static OrderView order(InstrumentCatalogue catalogue, Order o) {
    return new OrderView(o.id(), o.clientOrderId(), o.symbol(), o.side().wireName(),
        o.type().wireName(), quantity(catalogue, o.symbol(), o.quantity()),
        o.limitPrice() == null ? null : format(catalogue, o.symbol(), o.limitPrice()),
        o.status().wireName(), o.reservedAsset(), plain(o.reserved()),
        o.feeRate().stripTrailingZeros().toPlainString(),
        o.fillPrice() == null ? null : format(catalogue, o.symbol(), o.fillPrice()),
        o.fee() == null ? null : plain(o.fee()), o.createdAt(), o.updatedAt());
  }

  /** An execution. */
  record FillView(String orderId, String symbol, String side, String quantity, String price,
      String quoteAmount, String fee, String realizedPnl, Instant time) {}

  static FillView fill(InstrumentCatalogue catalogue, Fill f) {
    return new FillView(f.orderId(), f.symbol(), f.side().wireName(),
        quantity(catalogue, f.symbol(), f.quantity()),
        format(catalogue, f.symbol(), f.price()), money(catalogue, f.symbol(), f.quoteAmount()),
        money(catalogue, f.symbol(), f.fee()), money(catalogue, f.symbol(), f.realizedPnl()),
        f.at());
  }

  /** A balance of one asset; {@code total = available + reserved}. */
  record BalanceView(String available, String reserved, String total) {}

  static Map<String, BalanceView> balances(Map<String, Balance> balances) {
    Map<String, BalanceView> views = new LinkedHashMap<>();
    balances.forEach((asset, b) -> views.put(asset, new BalanceView(plain(b.available()),
        plain(b.reserved()), plain(b.total()))));
    return views;
  }

  /**
   * A held position marked to market: {@code mark} is the last price ({@code null} if none is
   * known, then the position is valued at its cost), {@code unrealizedPnl = marketValue - cost}.
   */
  record PositionView(String symbol, String quantity, String averageCost, String mark,
      String marketValue, String unrealizedPnl, String realizedPnl) {}

  /**
   * The whole dashboard: balances, positions with unrealized P&L, open orders, and the account's
   * totals in the cash asset ({@code equity = cash + positionsValue}). {@code version} is the
   * number of events the dashboard has persisted; {@code prices} are the marks used.
   */
  record DashboardView(long version, String cashAsset, Map<String, BalanceView> balances,
      List<PositionView> positions, List<OrderView> openOrders, String cash,
      String positionsValue, String equity, String unrealizedPnl, String realizedPnl,
      String feesPaid, String deposited, Map<String, TickView> prices, List<String> unpriced) {}

  static DashboardView dashboard(InstrumentCatalogue catalogue,
      Dashboard.DashboardSnapshot snapshot) {
    Account account = snapshot.account();
    Map<String, BigDecimal> marks = new LinkedHashMap<>();
    Map<String, TickView> prices = new LinkedHashMap<>();
    snapshot.marks().values().stream().sorted(java.util.Comparator.comparing(Tick::symbol))
        .forEach(t -> {
          marks.put(t.symbol(), t.price());
          prices.put(t.symbol(), tick(catalogue, t));
        });
    Valuation v = account.valuation(marks);
    List<PositionView> positions = positions(catalogue, v);
    List<OrderView> open = Dashboard.orderList(account, true).stream()
        .map(o -> order(catalogue, o)).toList();
    return new DashboardView(snapshot.version(), account.cashAsset(),
        balances(account.balances()), positions, open, plain(v.cash()),
        plain(v.positionsValue()), plain(v.equity()), plain(v.unrealizedPnl()),
        plain(v.realizedPnl()), plain(v.feesPaid()), plain(account.deposited()), prices,
        v.unpriced());
  }

  private static List<PositionView> positions(InstrumentCatalogue catalogue, Valuation v) {
    return v.positions().stream().map(line -> new PositionView(
        line.symbol(), quantity(catalogue, line.symbol(), line.quantity()),
        averageCost(catalogue, line.symbol(), line.averageCost()),
        line.mark() == null ? null : format(catalogue, line.symbol(), line.mark()),
        plain(line.marketValue()), plain(line.unrealizedPnl()), plain(line.realizedPnl())))
        .toList();
  }

  /**
   * The account's totals and positions marked to market, as a dashboard socket sends them
   * between snapshots: the members of {@link DashboardView} that prices change, with the
   * dashboard {@code version} whose holdings they value and the {@code prices} used.
   */
  record PortfolioView(long version, String cashAsset, String cash, String positionsValue,
      String equity, String unrealizedPnl, String realizedPnl, String feesPaid,
      List<PositionView> positions, Map<String, String> prices, List<String> unpriced) {}

  static PortfolioView portfolio(InstrumentCatalogue catalogue, Account account, long version,
      Map<String, Tick> marks) {
    Map<String, BigDecimal> prices = new LinkedHashMap<>();
    Map<String, String> shown = new TreeMap<>();
    marks.forEach((symbol, tick) -> {
      prices.put(symbol, tick.price());
      shown.put(symbol, format(catalogue, symbol, tick.price()));
    });
    Valuation v = account.valuation(prices);
    return new PortfolioView(version, account.cashAsset(), plain(v.cash()),
        plain(v.positionsValue()), plain(v.equity()), plain(v.unrealizedPnl()),
        plain(v.realizedPnl()), plain(v.feesPaid()), positions(catalogue, v), shown,
        v.unpriced());
  }

  /** Plain notation of an amount as the model scaled it. */
  static String plain(BigDecimal value) {
    return value.toPlainString();
  }

  /** An amount of the instrument's quote asset, rounded half-even to that asset's scale. */
  private static String money(InstrumentCatalogue catalogue, String symbol, BigDecimal value) {
    return catalogue.find(symbol).flatMap(i -> catalogue.asset(i.quoteAsset()))
        .map(asset -> Amounts.round(value, asset.scale()).toPlainString())
        .orElse(plain(value));
  }

  /** An average cost, rounded half-even to the instrument's price scale. */
  private static String averageCost(InstrumentCatalogue catalogue, String symbol,
      BigDecimal value) {
    return catalogue.find(symbol)
        .map(i -> Amounts.round(value, i.priceScale()).toPlainString())
        .orElse(value.stripTrailingZeros().toPlainString());
  }

  /** A quantity in plain notation at the instrument's quantity scale. */
  private static String quantity(InstrumentCatalogue catalogue, String symbol,
      BigDecimal value) {
    return catalogue.find(symbol).map(i -> i.formatQuantity(value)).orElse(plain(value));
  }

  /** A price in plain notation at (at least) the instrument's price scale. */
  private static String format(InstrumentCatalogue catalogue, String symbol, BigDecimal value) {
    return catalogue.find(symbol).map(i -> i.formatPrice(value)).orElse(plain(value));
  }
}
