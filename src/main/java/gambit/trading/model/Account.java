package gambit.trading.model;

import gambit.serialization.CborSerializable;
import gambit.trading.model.TradingEvent.FundsDeposited;
import gambit.trading.model.TradingEvent.OrderAccepted;
import gambit.trading.model.TradingEvent.OrderCancelled;
import gambit.trading.model.TradingEvent.OrderFilled;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * One user's paper-trading account: balances per asset (available and reserved), open orders,
 * positions with their cost basis and realized P&L, and the most recent closed orders and fills.
 * The dashboard entity owns one and keeps it as its event-sourced state.
 *
 * <p>Flow: a command method ({@link #deposit}, {@link #place}, {@link #cancel}, {@link #onTick})
 * checks the request against this state and returns the {@link TradingEvent}s that carry it out
 * (or a refusal, which changes nothing); it never changes the account. {@link #apply} then turns
 * one event into the next state. Apply is deterministic and uses only the event's own amounts,
 * so replaying a journal rebuilds exactly the same account. Commands and apply are pure:
 * instances are immutable and safe to share between threads.
 *
 * <p>Rules, in one place:
 *
 * <ul>
 *   <li>Buys reserve the quote (cash) asset: the {@link Settlement} at the limit price (market:
 *       at the current price) including the fee, rounded up. Sells reserve the base quantity.
 *       An order the available balance cannot cover is rejected.
 *   <li>A market order fills at once at the current price; it is refused while the instrument
 *       has no price. A limit order whose limit the current price already crosses (for a buy
 *       the price is at or below the limit, for a sell at or above it) also fills at once, at
 *       the current price, like on an exchange; otherwise (also while no price is known) it
 *       rests until {@link #onTick} sees a price that crosses it (buy:
 *       price &lt;= limit, sell: price &gt;= limit) and then fills at its limit. Orders fill in
 *       full (there is no order book, so no partial fills).
 *   <li>A fill spends its reservation exactly; a buy's unspent rest (a fill below the price it
 *       reserved at) returns to available in the same event. Cancel releases the reservation
 *       exactly.
 *   <li>Fees and rounding: see {@link Settlement}; P&L and cost basis: see {@link Position}.
 *       Only the cash asset can be deposited, so every base balance equals its position.
 * </ul>
 *
 * <p>Bounded memory: the account keeps the {@value #CLOSED_ORDERS_KEPT} most recent closed
 * (filled or cancelled) orders and the {@value #FILLS_KEPT} most recent fills; older ones live
 * on only in the journal. Open orders are bounded by {@link TradingRules#maxOpenOrders()} (an
 * order that fills at once is accepted with the most open orders: it never rests). A
 * repeated cancel of an order older than that window answers "not found".
 *
 * @param cashAsset the quote asset of every instrument traded, e.g. {@code USD}
 * @param cashScale its decimals
 * @param balances by asset code
 * @param openOrders by id, in the order they were accepted (ticks fill them in that order)
 * @param closedOrders oldest first, at most {@value #CLOSED_ORDERS_KEPT}
 * @param positions by symbol; kept after they close, for their realized P&L
 * @param fills oldest first, at most {@value #FILLS_KEPT}
 * @param deposited the sum of all deposits, in the cash asset
 */
public record Account(
    String cashAsset,
    int cashScale,
    SortedMap<String, Balance> balances,
    Map<String, Order> openOrders,
    List<Order> closedOrders,
    SortedMap<String, Position> positions,
    List<Fill> fills,
    BigDecimal deposited)
    implements CborSerializable {

  /** How many closed orders the account keeps. */
  public static final int CLOSED_ORDERS_KEPT = 100;
  /** How many fills the account keeps. */
  public static final int FILLS_KEPT = 100;
  /** The longest order id accepted. */
  public static final int ORDER_ID_MAX_LENGTH = 64;

  /** Copies the collections into unmodifiable ones. */
  public Account {
    Objects.requireNonNull(cashAsset, "cashAsset");
    Objects.requireNonNull(deposited, "deposited");
    balances = Collections.unmodifiableSortedMap(new TreeMap<>(balances));
    openOrders = Collections.unmodifiableMap(new LinkedHashMap<>(openOrders));
    closedOrders = List.copyOf(closedOrders);
    positions = Collections.unmodifiableSortedMap(new TreeMap<>(positions));
    fills = List.copyOf(fills);
  }

  /** An empty account that holds {@code cash} as its cash asset. */
  public static Account open(Asset cash) {
    return new Account(cash.code(), cash.scale(), new TreeMap<>(), Map.of(), List.of(),
        new TreeMap<>(), List.of(), BigDecimal.ZERO.setScale(cash.scale()));
  }

  // ---- commands: state + request -> events ----

  /**
   * Credits cash, e.g. the demo balance of a new dashboard.
   *
   * @param amount positive, with no more decimals than the cash scale
   * @throws IllegalArgumentException otherwise
   */
  public FundsDeposited deposit(BigDecimal amount, Instant at) {
    if (amount.signum() <= 0 || amount.stripTrailingZeros().scale() > cashScale) {
      throw new IllegalArgumentException("deposit " + amount.toPlainString() + " " + cashAsset
          + " must be positive with at most " + cashScale + " decimals");
    }
    return new FundsDeposited(cashAsset, amount.setScale(cashScale), Objects.requireNonNull(at));
  }

  /**
   * Decides an order (see the class comment for the rules).
   *
   * @param orderId a new id, 1 to {@value #ORDER_ID_MAX_LENGTH} characters, not used by an open
   *     or kept closed order of this account (the entity makes one, e.g. a UUID)
   * @param request the validated request; checked against {@code instrument} again
   * @param instrument the request's instrument, quoted in this account's cash asset
   * @param currentPrice the instrument's last price, positive, or null if none is known yet
   * @param rules the fee rate and limits in force
   * @return accepted with the events to persist, or rejected with the reason
   * @throws ValidationException if the request breaks the instrument's limits
   * @throws IllegalArgumentException for an unusable id, instrument or price (a caller's bug)
   */
  public PlaceOutcome place(String orderId, OrderRequest request, Instrument instrument,
      BigDecimal currentPrice, TradingRules rules, Instant at) {
    requireNewOrderId(orderId);
    requireCashQuoted(instrument);
    if (currentPrice != null) {
      requirePositivePrice(currentPrice);
    }
    OrderRequest checked = request.checkedAgainst(instrument);
    Order draft = draft(orderId, checked, instrument, rules.feeRate(), at);
    Optional<PlaceOutcome.Rejected> refusal =
        refusal(draft, instrument, currentPrice, rules.maxOpenOrders());
    if (refusal.isPresent()) {
      return refusal.get();
    }
    return accept(draft, currentPrice, at);
  }

  /**
   * Decides a cancel: an open order is cancelled, a cancelled one reports success again, a filled
   * or unknown one is refused.
   */
  public CancelOutcome cancel(String orderId, Instant at) {
    Order open = openOrders.get(orderId);
    if (open != null) {
      OrderCancelled event = new OrderCancelled(orderId, open.reservedAsset(), open.reserved(),
          Objects.requireNonNull(at));
      return new CancelOutcome.Cancelled(apply(event).order(orderId).orElseThrow(), event);
    }
    Optional<Order> closed = order(orderId);
    if (closed.isEmpty()) {
      return new CancelOutcome.Rejected(String.valueOf(orderId), RejectReason.ORDER_NOT_FOUND,
          "no order " + orderId + " in this account");
    }
    if (closed.get().status() == OrderStatus.CANCELLED) {
      return new CancelOutcome.AlreadyCancelled(closed.get());
    }
    return new CancelOutcome.Rejected(orderId, RejectReason.ORDER_NOT_OPEN,
        "order " + orderId + " has already filled");
  }

  /**
   * The fills that a new price of {@code symbol} causes: every open limit order of it that the
   * price crosses fills at its limit, in the order they were accepted. Cheap when nothing
   * crosses (no copies).
   *
   * @param price positive
   * @return the events to persist, possibly empty
   */
  public List<OrderFilled> onTick(String symbol, BigDecimal price, Instant at) {
    requirePositivePrice(price);
    List<OrderFilled> fills = new ArrayList<>();
    Account state = this;
    for (Order order : openOrders.values()) {
      if (order.symbol().equals(symbol) && order.type() == OrderType.LIMIT
          && crosses(order.side(), order.limitPrice(), price)) {
        OrderFilled fill = state.fillEvent(order, order.limitPrice(), at);
        fills.add(fill);
        state = state.apply(fill);
      }
    }
    return fills;
  }

  // ---- events: state + event -> state ----

  /**
   * The account after {@code event}.
   *
   * @throws IllegalStateException if the event does not fit this state (an unknown order, a
   *     reservation that does not add up, a balance that would go negative): the journal is not
   *     this account's, or corrupt
   */
  public Account apply(TradingEvent event) {
    Draft draft = new Draft(this);
    if (event instanceof FundsDeposited e) {
      draft.deposit(e);
    } else if (event instanceof OrderAccepted e) {
      draft.accept(e);
    } else if (event instanceof OrderFilled e) {
      draft.fill(e);
    } else if (event instanceof OrderCancelled e) {
      draft.cancel(e);
    } else {
      throw new IllegalArgumentException("unknown event " + event);
    }
    return draft.build();
  }

  /** The account after each of {@code events} in turn; see {@link #apply}. */
  public Account applyAll(List<? extends TradingEvent> events) {
    Account state = this;
    for (TradingEvent event : events) {
      state = state.apply(event);
    }
    return state;
  }

  // ---- queries ----

  /** The balance of {@code asset}; zero if the account never held it. */
  public Balance balance(String asset) {
    return balances.getOrDefault(asset, Balance.ZERO);
  }

  /** An open or kept closed order. */
  public Optional<Order> order(String orderId) {
    Order open = openOrders.get(orderId);
    if (open != null) {
      return Optional.of(open);
    }
    for (int i = closedOrders.size() - 1; i >= 0; i--) {
      if (closedOrders.get(i).id().equals(orderId)) {
        return Optional.of(closedOrders.get(i));
      }
    }
    return Optional.empty();
  }

  /** The position in {@code symbol}, if the account ever traded it. */
  public Optional<Position> position(String symbol) {
    return Optional.ofNullable(positions.get(symbol));
  }

  /**
   * A copy with other holdings: {@code balances} replace all balances and {@code changed}, if
   * not null, replaces its instrument's position; orders, fills and deposits stay. For copies
   * that value an account between snapshots from the balances and position an update carries
   * (a socket's); the account itself changes only through {@link #apply}.
   */
  public Account withHoldings(Map<String, Balance> balances, Position changed) {
    SortedMap<String, Position> held = new TreeMap<>(positions);
    if (changed != null) {
      held.put(changed.symbol(), changed);
    }
    return new Account(cashAsset, cashScale, new TreeMap<>(balances), openOrders, closedOrders,
        held, fills, deposited);
  }

  /** Realized P&L of all sells, at {@value Position#COST_SCALE} decimals. */
  public BigDecimal realizedPnl() {
    return positions.values().stream().map(Position::realizedPnl)
        .reduce(BigDecimal.ZERO.setScale(Position.COST_SCALE), BigDecimal::add);
  }

  /** Fees of all fills, in the cash asset. */
  public BigDecimal feesPaid() {
    return positions.values().stream().map(Position::feesPaid)
        .reduce(BigDecimal.ZERO.setScale(cashScale), BigDecimal::add);
  }

  /** Symbols this account holds or has open orders in: the ticks its dashboard needs. */
  public SortedSet<String> watchedSymbols() {
    SortedSet<String> symbols = new TreeSet<>();
    openOrders.values().forEach(o -> symbols.add(o.symbol()));
    positions.values().stream().filter(p -> p.quantity().signum() > 0)
        .forEach(p -> symbols.add(p.symbol()));
    return symbols;
  }

  /**
   * The account marked to market.
   *
   * @param marks last price by symbol; a held symbol without one is valued at its cost basis
   *     and listed in {@link Valuation#unpriced()}
   */
  public Valuation valuation(Map<String, BigDecimal> marks) {
    BigDecimal value = BigDecimal.ZERO;
    BigDecimal basis = BigDecimal.ZERO;
    List<Valuation.Line> lines = new ArrayList<>();
    List<String> unpriced = new ArrayList<>();
    for (Position p : positions.values()) {
      if (p.quantity().signum() == 0) {
        continue;
      }
      BigDecimal mark = marks.get(p.symbol());
      BigDecimal marketValue = mark == null ? p.costBasis() : p.quantity().multiply(mark);
      if (mark == null) {
        unpriced.add(p.symbol());
      }
      value = value.add(marketValue);
      basis = basis.add(p.costBasis());
      lines.add(new Valuation.Line(p.symbol(), p.quantity(), p.averageCost(), mark,
          round(marketValue), round(marketValue.subtract(p.costBasis())),
          round(p.realizedPnl())));
    }
    // equity and realized P&L are rounded; positions' value and unrealized P&L are what makes
    // the identities exact (rounding them alone breaks them by a cent: half-even rounds a half
    // cent of the value and of cash + value apart when cash ends in an odd cent)
    BigDecimal cash = round(balance(cashAsset).total());
    BigDecimal equity = round(cash.add(value));
    BigDecimal realized = round(realizedPnl());
    BigDecimal unrealized = equity.subtract(round(deposited)).subtract(realized);
    return new Valuation(cash, equity.subtract(cash), unrealized, realized, feesPaid(), equity,
        lines, unpriced);
  }

  /** {@link Valuation#unrealizedPnl()} of {@link #valuation(Map)}. */
  public BigDecimal unrealizedPnl(Map<String, BigDecimal> marks) {
    return valuation(marks).unrealizedPnl();
  }

  /** {@link Valuation#equity()} of {@link #valuation(Map)}. */
  public BigDecimal equity(Map<String, BigDecimal> marks) {
    return valuation(marks).equity();
  }

  // ---- placing, step by step ----

  /** The order as it would be accepted, with its reservation priced at the limit if any. */
  private Order draft(String orderId, OrderRequest request, Instrument instrument,
      BigDecimal feeRate, Instant at) {
    boolean buy = request.side() == Side.BUY;
    return new Order(orderId, request.clientOrderId(), instrument.symbol(),
        instrument.baseAsset(), instrument.quoteAsset(), request.side(), request.type(),
        request.quantity(), request.limitPrice(), feeRate, OrderStatus.OPEN,
        buy ? instrument.quoteAsset() : instrument.baseAsset(), BigDecimal.ZERO, at, at, null,
        null);
  }

  private Optional<PlaceOutcome.Rejected> refusal(Order draft, Instrument instrument,
      BigDecimal currentPrice, int maxOpenOrders) {
    boolean market = draft.type() == OrderType.MARKET;
    if (market && currentPrice == null) {
      return reject(draft, RejectReason.NO_PRICE, "no price for " + draft.symbol()
          + " yet; retry in a moment or send a limit order");
    }
    // the cap bounds resting orders; one that fills at once never rests, so closing a position
    // at market stays possible with the most open orders
    boolean restsIfAccepted = !market && !crosses(draft.side(), draft.limitPrice(), currentPrice);
    if (restsIfAccepted && openOrders.size() >= maxOpenOrders) {
      return reject(draft, RejectReason.TOO_MANY_OPEN_ORDERS, "the account has "
          + openOrders.size() + " open orders, the most allowed; cancel one first");
    }
    BigDecimal pricedAt = market ? currentPrice : draft.limitPrice();
    BigDecimal notional = draft.quantity().multiply(pricedAt);
    if (market && !instrument.allowsNotional(notional)) {
      return reject(draft, RejectReason.ORDER_VALUE_OUT_OF_RANGE,
          instrument.describeNotional(notional) + " at the current price");
    }
    Settlement settlement = settle(draft, pricedAt);
    if (draft.side() == Side.SELL && settlement.cashDelta().signum() <= 0) {
      return reject(draft, RejectReason.ORDER_VALUE_OUT_OF_RANGE,
          "the proceeds would not cover the fee");
    }
    return coverage(draft, reservation(draft, settlement));
  }

  private Optional<PlaceOutcome.Rejected> coverage(Order draft, BigDecimal needed) {
    BigDecimal available = balance(draft.reservedAsset()).available();
    if (available.compareTo(needed) >= 0) {
      return Optional.empty();
    }
    return reject(draft, RejectReason.INSUFFICIENT_FUNDS, "insufficient " + draft.reservedAsset()
        + ": the order needs " + needed.toPlainString() + ", " + available.toPlainString()
        + " is available");
  }

  private PlaceOutcome accept(Order draft, BigDecimal currentPrice, Instant at) {
    boolean market = draft.type() == OrderType.MARKET;
    BigDecimal reserved =
        reservation(draft, settle(draft, market ? currentPrice : draft.limitPrice()));
    OrderAccepted accepted = new OrderAccepted(draft.id(), draft.clientOrderId(),
        draft.symbol(), draft.baseAsset(), draft.quoteAsset(), draft.side(), draft.type(),
        draft.quantity(), draft.limitPrice(), draft.feeRate(), draft.reservedAsset(), reserved,
        at);
    List<TradingEvent> events = new ArrayList<>(List.of(accepted));
    if (market || crosses(draft.side(), draft.limitPrice(), currentPrice)) {
      Account afterAccept = apply(accepted);
      Order open = afterAccept.openOrders.get(draft.id());
      events.add(afterAccept.fillEvent(open, currentPrice, at));
    }
    Order result = applyAll(events).order(draft.id()).orElseThrow();
    return new PlaceOutcome.Accepted(result, events);
  }

  private Settlement settle(Order order, BigDecimal price) {
    return Settlement.of(order.side(), order.quantity(), price, order.feeRate(), cashScale);
  }

  /** What an order holds: a buy its settlement with the fee, a sell its quantity. */
  private static BigDecimal reservation(Order order, Settlement settlement) {
    return order.side() == Side.BUY
        ? settlement.quoteAmount().add(settlement.fee())
        : order.quantity();
  }

  private static Optional<PlaceOutcome.Rejected> reject(Order draft, RejectReason reason,
      String detail) {
    return Optional.of(new PlaceOutcome.Rejected(draft.rejected(), reason, detail));
  }

  /** True if {@code price} reaches {@code limit} for {@code side}; false if no price. */
  private static boolean crosses(Side side, BigDecimal limit, BigDecimal price) {
    if (price == null) {
      return false;
    }
    int cmp = price.compareTo(limit);
    return side == Side.BUY ? cmp <= 0 : cmp >= 0;
  }

  /** The event that fills the open {@code order} at {@code price} in this state. */
  private OrderFilled fillEvent(Order order, BigDecimal price, Instant at) {
    Settlement s = settle(order, price);
    BigDecimal released = BigDecimal.ZERO.setScale(cashScale);
    BigDecimal realized = BigDecimal.ZERO.setScale(Position.COST_SCALE);
    if (order.side() == Side.BUY) {
      released = order.reserved().subtract(s.quoteAmount()).subtract(s.fee());
    } else {
      BigDecimal basis = positions.get(order.symbol()).basisOf(order.quantity());
      realized = s.quoteAmount().subtract(s.fee()).subtract(basis);
    }
    return new OrderFilled(order.id(), order.symbol(), order.side(), order.quantity(), price,
        s.quoteAmount(), s.fee(), released, realized, at);
  }

  private BigDecimal round(BigDecimal amount) {
    return Amounts.round(amount, cashScale);
  }

  private void requireNewOrderId(String orderId) {
    if (orderId == null || orderId.isBlank() || orderId.length() > ORDER_ID_MAX_LENGTH) {
      throw new IllegalArgumentException("order id must be 1 to " + ORDER_ID_MAX_LENGTH
          + " characters, got " + orderId);
    }
    if (order(orderId).isPresent()) {
      throw new IllegalArgumentException("order id " + orderId + " is already used");
    }
  }

  private void requireCashQuoted(Instrument instrument) {
    if (!instrument.quoteAsset().equals(cashAsset)) {
      throw new IllegalArgumentException(instrument.symbol() + " is not quoted in " + cashAsset);
    }
  }

  private static void requirePositivePrice(BigDecimal price) {
    if (price == null || price.signum() <= 0) {
      throw new IllegalArgumentException("price must be positive, got " + price);
    }
  }

  /** A mutable copy of an account that one event changes; never escapes {@link #apply}. */
  private static final class Draft {
    private final Account base;
    private final TreeMap<String, Balance> balances;
    private final LinkedHashMap<String, Order> openOrders;
    private final ArrayList<Order> closedOrders;
    private final TreeMap<String, Position> positions;
    private final ArrayList<Fill> fills;
    private BigDecimal deposited;

    Draft(Account base) {
      this.base = base;
      this.balances = new TreeMap<>(base.balances);
      this.openOrders = new LinkedHashMap<>(base.openOrders);
      this.closedOrders = new ArrayList<>(base.closedOrders);
      this.positions = new TreeMap<>(base.positions);
      this.fills = new ArrayList<>(base.fills);
      this.deposited = base.deposited;
    }

    void deposit(FundsDeposited e) {
      check(e.asset().equals(base.cashAsset) && e.amount().signum() > 0, e,
          "deposits must be positive amounts of " + base.cashAsset);
      change(e.asset(), e.amount(), b -> b.credit(e.amount()));
      deposited = deposited.add(e.amount());
    }

    void accept(OrderAccepted e) {
      check(!openOrders.containsKey(e.orderId()), e, "the order is already open");
      check(e.reserved().signum() > 0, e, "nothing reserved");
      change(e.reservedAsset(), e.reserved(), b -> b.reserve(e.reserved()));
      openOrders.put(e.orderId(), Order.accepted(e));
    }

    void fill(OrderFilled e) {
      Order order = takeOpen(e.orderId(), e);
      check(order.symbol().equals(e.symbol()) && order.side() == e.side()
          && order.quantity().compareTo(e.quantity()) == 0, e, "it does not match " + order);
      if (e.side() == Side.BUY) {
        fillBuy(order, e);
      } else {
        fillSell(order, e);
      }
      close(order.filled(e.price(), e.fee(), e.at()));
      fills.add(Fill.of(e));
      trim(fills, FILLS_KEPT);
    }

    private void fillBuy(Order order, OrderFilled e) {
      BigDecimal spent = e.quoteAmount().add(e.fee());
      check(e.released().signum() >= 0
          && spent.add(e.released()).compareTo(order.reserved()) == 0, e,
          "spent + released differs from the reservation " + order.reserved().toPlainString());
      change(order.quoteAsset(), spent, b -> b.settle(spent, e.released()));
      change(order.baseAsset(), e.quantity(), b -> b.credit(e.quantity()));
      Position position = positions.getOrDefault(order.symbol(), Position.flat(order.symbol()));
      positions.put(order.symbol(), position.bought(e.quantity(), spent, e.fee()));
    }

    private void fillSell(Order order, OrderFilled e) {
      Position position = positions.get(order.symbol());
      check(position != null && order.reserved().compareTo(e.quantity()) == 0, e,
          "no position or reservation to sell from");
      BigDecimal received = e.quoteAmount().subtract(e.fee());
      change(order.baseAsset(), e.quantity(), b -> b.settle(e.quantity(), BigDecimal.ZERO));
      change(order.quoteAsset(), received, b -> b.credit(received));
      positions.put(order.symbol(), position.sold(e.quantity(),
          received.subtract(e.realizedPnl()), e.realizedPnl(), e.fee()));
    }

    void cancel(OrderCancelled e) {
      Order order = takeOpen(e.orderId(), e);
      check(order.reservedAsset().equals(e.releasedAsset())
          && order.reserved().compareTo(e.released()) == 0, e,
          "the release differs from the reservation " + order.reserved().toPlainString());
      change(order.reservedAsset(), e.released(), b -> b.release(e.released()));
      close(order.cancelled(e.at()));
    }

    Account build() {
      return new Account(base.cashAsset, base.cashScale, balances, openOrders, closedOrders,
          positions, fills, deposited);
    }

    private Order takeOpen(String orderId, TradingEvent e) {
      Order order = openOrders.remove(orderId);
      check(order != null, e, "no open order " + orderId);
      return order;
    }

    private void close(Order order) {
      closedOrders.add(order);
      trim(closedOrders, CLOSED_ORDERS_KEPT);
    }

    /** Changes the balance of {@code asset} by amounts of {@code amount}'s scale. */
    private void change(String asset, BigDecimal amount, UnaryOperator<Balance> how) {
      Balance balance = balances.get(asset);
      balances.put(asset, how.apply(balance != null ? balance : Balance.zero(amount.scale())));
    }

    private static void trim(List<?> list, int kept) {
      while (list.size() > kept) {
        list.remove(0);
      }
    }

    private static void check(boolean ok, TradingEvent e, String problem) {
      if (!ok) {
        throw new IllegalStateException("event " + e + " does not fit the account: " + problem);
      }
    }
  }
}
