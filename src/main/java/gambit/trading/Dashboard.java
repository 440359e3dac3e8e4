package gambit.trading;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.actor.typed.pubsub.Topic;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.persistence.typed.PersistenceId;
import akka.persistence.typed.RecoveryCompleted;
import akka.persistence.typed.javadsl.CommandHandlerWithReply;
import akka.persistence.typed.javadsl.EventHandler;
import akka.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import akka.persistence.typed.javadsl.ReplyEffect;
import akka.persistence.typed.javadsl.RetentionCriteria;
import akka.persistence.typed.javadsl.SignalHandler;
import akka.cluster.sharding.typed.javadsl.EntityTypeKey;
import gambit.serialization.CborSerializable;
import gambit.trading.model.Account;
import gambit.trading.model.CancelOutcome;
import gambit.trading.model.Fill;
import gambit.trading.model.Instrument;
import gambit.trading.model.InstrumentCatalogue;
import gambit.trading.model.Order;
import gambit.trading.model.OrderRequest;
import gambit.trading.model.PlaceOutcome;
import gambit.trading.model.Position;
import gambit.trading.model.RejectReason;
import gambit.trading.model.TradingEvent;
import gambit.trading.model.TradingEvent.OrderFilled;
import gambit.trading.model.ValidationException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One user's trading dashboard: an event-sourced entity (persistence id
 * {@code Dashboard|<user id>}) under cluster sharding that owns the user's {@link Account}:
 * balances, open orders, positions, realized P&L and fills.
 *
 * <p>Flow: a command is checked by the account's own command methods ({@link Account#place},
 * {@link Account#cancel}, {@link Account#onTick}), which return the {@link TradingEvent}s to
 * persist or a refusal that persists nothing; {@link Account#apply} is the event handler. Every
 * command gets a reply (the compiler enforces it). The first client command of a new dashboard
 * also persists the demo deposit ({@code FundsDeposited}), in the same atomic write as the
 * command's own events, so a dashboard never exists without its balance.
 *
 * <p>In memory only: the last price of every watched instrument (its "marks"), the sockets that
 * registered ({@link Subscribe}) and the tick subscriptions. Watched instruments are those held,
 * those with open orders and those the sockets asked for; the entity subscribes to their
 * pub/sub tick topics ({@link MarketTopics}) and reads their last prices from Redis when it
 * starts watching them and again {@code price-recheck-after} later: a new subscription reaches
 * the price feed's node only once the cluster's receptionist has spread it, and a tick published
 * meanwhile (say the first one after a failover) is lost to it; the second read finds the
 * newest such tick, which fills the limit orders it crosses like a tick would. Market orders
 * fill at the current mark; without one, the entity first reads the instrument's last price
 * from Redis (and refuses with {@link RejectReason#NO_PRICE} if there is none). A limit order
 * rests until a tick crosses it. Orders are idempotent by order id: placing an id that the
 * account knows answers that order.
 *
 * <p>After each persisted event the entity publishes a {@link DashboardUpdate} on the user's
 * topic, for the user's sockets wherever they are connected. It publishes while a socket is
 * registered or its topic knows subscribers anywhere (counted at the start, a second later, and
 * at every idle check; until the first count it publishes), so a dashboard that moved to another
 * node goes on publishing to the sockets that have not yet renewed their registration, and
 * dashboards nobody watches publish nothing.
 *
 * <p>Staying alive: dashboards are remembered entities (see {@code trading.conf}): once started, a
 * dashboard is started again after a crash or a cluster restart without waiting for a request. A
 * dashboard passivates itself (which also forgets it) when it has no open orders, no registered
 * socket and no client command for {@code passivate-idle-after}; one with open orders never
 * does, so its limit orders fill on the next crossing tick even when its node died and no client
 * touched it.
 */
public final class Dashboard
    extends EventSourcedBehaviorWithEnforcedReplies<Dashboard.Command, TradingEvent, Account> {

  /** The sharded entity type. */
  public static final EntityTypeKey<Command> ENTITY_TYPE_KEY =
      EntityTypeKey.create(Command.class, "Dashboard");

  private static final Logger log = LoggerFactory.getLogger(Dashboard.class);
  private static final int UNKNOWN = -1;
  /** When the topic is asked again after the start, once its first listing surely arrived. */
  private static final Duration SECOND_COUNT = Duration.ofSeconds(1);

  // ---------------------------------------------------------------- commands

  /** What a dashboard accepts. */
  public sealed interface Command {}

  /**
   * Places an order, idempotently by {@code orderId}.
   *
   * @param orderId chosen by the caller (the order route reserves one per Idempotency-Key)
   * @param idempotencyKey the client's key, for the logs; may be null
   * @param request the validated request
   */
  public record PlaceOrder(String orderId, String idempotencyKey, OrderRequest request,
      ActorRef<PlaceReply> replyTo) implements Command, CborSerializable {
    /** @throws NullPointerException if a required component is null */
    public PlaceOrder {
      Objects.requireNonNull(orderId, "orderId");
      Objects.requireNonNull(request, "request");
      Objects.requireNonNull(replyTo, "replyTo");
    }
  }

  /** Cancels an open order. */
  public record CancelOrder(String orderId, ActorRef<CancelReply> replyTo)
      implements Command, CborSerializable {}

  /** The whole dashboard. */
  public record GetDashboard(ActorRef<DashboardSnapshot> replyTo)
      implements Command, CborSerializable {}

  /** The open orders, or every order the account keeps. */
  public record GetOrders(boolean openOnly, ActorRef<OrderList> replyTo)
      implements Command, CborSerializable {}

  /**
   * Registers (or renews) a socket for {@code socket-lease}: the dashboard publishes its updates
   * and watches the socket's symbols meanwhile.
   *
   * @param socketId unique per connection
   * @param symbols catalogue symbols the socket wants ticks of
   */
  public record Subscribe(String socketId, Set<String> symbols, ActorRef<Subscribed> replyTo)
      implements Command, CborSerializable {
    /** Copies the symbols. */
    public Subscribe {
      Objects.requireNonNull(socketId, "socketId");
      symbols = Set.copyOf(symbols);
    }
  }

  /** Ends a socket's registration (it closed). */
  public record Unsubscribe(String socketId) implements Command, CborSerializable {}

  /** Stops the entity; what sharding sends on passivation and hand-off. */
  public enum Stop implements Command, CborSerializable { INSTANCE }

  private record TickReceived(Tick tick) implements Command {}

  private record PriceLooked(PlaceOrder command, Tick last, Throwable failure)
      implements Command {}

  private record MarksLoaded(Map<String, Tick> last) implements Command {}

  /** Time to read a newly watched instrument's last price again (a timer per instrument). */
  private record RecheckPrice(String symbol) implements Command {}

  private enum IdleCheck implements Command { INSTANCE }

  private enum CountListeners implements Command { INSTANCE }

  private record ListenersCounted(int topicInstances) implements Command {}

  // ---------------------------------------------------------------- replies

  /** The answer to {@link PlaceOrder}. */
  public sealed interface PlaceReply extends CborSerializable {}

  /**
   * The order is in the account.
   *
   * @param order as it is now (open, or filled)
   * @param created true if this command placed it, false if it existed already (a repeat)
   */
  public record OrderPlaced(Order order, boolean created) implements PlaceReply {}

  /** The account refused the order; nothing changed. */
  public record OrderRejected(Order order, RejectReason reason, String detail)
      implements PlaceReply {}

  /** The request breaks the instrument's limits; nothing changed. */
  public record OrderInvalid(String field, ValidationException.Reason reason, String detail)
      implements PlaceReply {}

  /** The current price could not be read (Redis unavailable); nothing changed, try again. */
  public record PlaceUnavailable(String detail) implements PlaceReply {}

  /**
   * Too many new orders in a short time ({@code dashboard.order-rate}); nothing changed.
   *
   * @param retryAfterMillis how long until an order may be placed again
   */
  public record OrderThrottled(long retryAfterMillis) implements PlaceReply {}

  /** The answer to {@link CancelOrder}. */
  public sealed interface CancelReply extends CborSerializable {}

  /**
   * The order is cancelled.
   *
   * @param repeated true if it had been cancelled before (nothing changed now)
   */
  public record OrderCancelled(Order order, boolean repeated) implements CancelReply {}

  /** Nothing to cancel: {@link RejectReason#ORDER_NOT_FOUND} or {@code ORDER_NOT_OPEN}. */
  public record CancelRejected(String orderId, RejectReason reason, String detail)
      implements CancelReply {}

  /**
   * The dashboard at one version.
   *
   * @param account its state
   * @param marks the last known price of each watched instrument that has one
   * @param version the sequence number of its last event (0 for none)
   */
  public record DashboardSnapshot(Account account, Map<String, Tick> marks, long version)
      implements CborSerializable {
    /** Copies the marks. */
    public DashboardSnapshot {
      marks = Map.copyOf(marks);
    }
  }

  /** Orders, newest first. */
  public record OrderList(List<Order> orders) implements CborSerializable {
    /** Copies the list. */
    public OrderList {
      orders = List.copyOf(orders);
    }
  }

  /** A socket's registration stands; {@code version} is the dashboard's current one. */
  public record Subscribed(long version) implements CborSerializable {}

  // ---------------------------------------------------------------- creation

  /** What every dashboard of a node shares. */
  public record Resources(TradingSettings settings, InstrumentCatalogue catalogue,
      MarketData market, MarketTopics topics, Clock clock) {}

  /**
   * The behavior of one dashboard.
   *
   * @param shard the shard that runs it, through which it passivates; null outside sharding
   *     (tests), where it stops itself instead
   */
  public static Behavior<Command> create(String userId, Resources resources,
      ActorRef<ClusterSharding.ShardCommand> shard) {
    return Behaviors.withMdc(Command.class, Map.of("userId", userId),
        Behaviors.setup(context -> Behaviors.withTimers(timers ->
            new Dashboard(userId, resources, shard, context, timers))));
  }

  private final String userId;
  private final Resources resources;
  private final TradingSettings.DashboardSettings settings;
  private final ActorRef<ClusterSharding.ShardCommand> shard;
  private final ActorContext<Command> context;
  private final ActorRef<Tick> tickAdapter;
  private final ActorRef<Topic.Command<DashboardUpdate>> updates;
  private final Map<String, Tick> marks = new HashMap<>();
  private final Map<String, Lease> sockets = new HashMap<>();
  private final Set<String> subscribedTicks = new HashSet<>();
  private final ActorRef<Topic.TopicStats> statsAdapter;
  private final TimerScheduler<Command> timers;
  private Instant lastClientCommand;
  /**
   * Topic instances of the user's update topic anywhere: sockets this incarnation may not know
   * yet; {@link #UNKNOWN} until the topic first answered.
   */
  private int listeners = UNKNOWN;
  /**
   * The price read from Redis for the order being placed: once the order makes its instrument
   * watched, it is the first mark (a tick or the loaded last price may replace it at once).
   */
  private Tick justLookedUp;
  private final OrderRateLimit orderRate;

  /** A socket's registration. */
  private record Lease(Set<String> symbols, Instant expires) {}

  private Dashboard(String userId, Resources resources,
      ActorRef<ClusterSharding.ShardCommand> shard, ActorContext<Command> context,
      TimerScheduler<Command> timers) {
    super(PersistenceId.of(ENTITY_TYPE_KEY.name(), userId));
    this.userId = userId;
    this.resources = resources;
    this.settings = resources.settings().dashboard();
    this.shard = shard;
    this.context = context;
    this.tickAdapter = context.messageAdapter(Tick.class, TickReceived::new);
    this.updates = context.spawn(Topic.create(DashboardUpdate.class,
        MarketTopics.dashboardTopicName(userId)), "updates");
    this.statsAdapter = context.messageAdapter(Topic.TopicStats.class,
        stats -> new ListenersCounted(stats.topicInstanceCount()));
    this.lastClientCommand = resources.clock().instant();
    this.orderRate = new OrderRateLimit(settings.orderRate().perSecond(),
        settings.orderRate().burst(), resources.clock().instant());
    this.timers = timers;
    Duration check = min(settings.passivateIdleAfter(), settings.socketLease()).dividedBy(2);
    timers.startTimerWithFixedDelay(IdleCheck.INSTANCE, check);
  }

  @Override
  public Account emptyState() {
    return Account.open(resources.catalogue().quoteAsset());
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(settings.snapshotEvery(), settings.snapshotsKept());
  }

  @Override
  public EventHandler<Account, TradingEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(Account::apply);
  }

  @Override
  public SignalHandler<Account> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), this::recovered)
        .build();
  }

  private void recovered(Account state) {
    log.debug("Dashboard of {} recovered at version {} with {} open orders", userId,
        lastSequenceNumber(context), state.openOrders().size());
    watch(state);
    countListeners();
    timers.startSingleTimer(CountListeners.INSTANCE, SECOND_COUNT);
  }

  private void countListeners() {
    updates.tell(Topic.getTopicStats(statsAdapter));
  }

  @Override
  public CommandHandlerWithReply<Command, TradingEvent, Account> commandHandler() {
    return newCommandHandlerWithReplyBuilder().forAnyState()
        .onCommand(PlaceOrder.class, (state, command) -> place(state, command, false, null))
        .onCommand(PriceLooked.class, this::priceLooked)
        .onCommand(CancelOrder.class, this::cancel)
        .onCommand(GetDashboard.class, this::get)
        .onCommand(GetOrders.class, this::orders)
        .onCommand(Subscribe.class, this::subscribe)
        .onCommand(Unsubscribe.class, this::unsubscribe)
        .onCommand(TickReceived.class, this::tick)
        .onCommand(MarksLoaded.class, this::marksLoaded)
        .onCommand(RecheckPrice.class, this::recheckPrice)
        .onCommand(IdleCheck.class, (state, check) -> idleCheck(state))
        .onCommand(CountListeners.class, (state, count) -> {
          countListeners();
          return Effect().noReply();
        })
        .onCommand(ListenersCounted.class, (state, counted) -> {
          listeners = counted.topicInstances();
          return Effect().noReply();
        })
        .onCommand(Stop.class, (state, stop) -> Effect().stop().thenNoReply())
        .build();
  }

  // ---------------------------------------------------------------- orders

  /**
   * Places an order at the live mark of its instrument; without one (the instrument is not
   * watched yet, or no tick arrived), first reads its last price from Redis and comes back with
   * it ({@code lookedUp}, null if there is none).
   */
  private ReplyEffect<TradingEvent, Account> place(Account state, PlaceOrder command,
      boolean priceLookedUp, Tick lookedUp) {
    lastClientCommand = now();
    Opened opened = open(state);
    Optional<Order> existing = opened.account().order(command.orderId());
    if (existing.isPresent()) {
      return commit(state, opened.creation(), command.replyTo(),
          after -> new OrderPlaced(existing.get(), false));
    }
    if (!priceLookedUp) { // a new order, not the same one back with its price
      Duration wait = orderRate.take(now());
      if (!wait.isZero()) {
        log.debug("Order {} of {} throttled for {} ms", command.orderId(), userId,
            wait.toMillis());
        return Effect().reply(command.replyTo(), new OrderThrottled(wait.toMillis()));
      }
    }
    String symbol = command.request().symbol();
    Optional<Instrument> instrument = resources.catalogue().find(symbol);
    if (instrument.isEmpty()) {
      return Effect().reply(command.replyTo(), new OrderInvalid(OrderRequest.SYMBOL,
          ValidationException.Reason.UNKNOWN, "unknown instrument '" + symbol + "'"));
    }
    // only watched instruments have live marks; any other price would be stale
    Tick mark = newer(subscribedTicks.contains(symbol) ? marks.get(symbol) : null, lookedUp);
    justLookedUp = lookedUp;
    if (mark == null && !priceLookedUp) {
      context.pipeToSelf(resources.market().lastPrice(symbol),
          (last, error) -> new PriceLooked(command, last == null ? null : last.orElse(null),
              error));
      return Effect().noReply();
    }
    return decide(state, opened, command, instrument.get(), mark);
  }

  private static Tick newer(Tick a, Tick b) {
    if (a == null || b == null) {
      return a == null ? b : a;
    }
    return b.time().isAfter(a.time()) ? b : a;
  }

  private ReplyEffect<TradingEvent, Account> decide(Account state, Opened opened,
      PlaceOrder command, Instrument instrument, Tick mark) {
    PlaceOutcome outcome;
    try {
      outcome = opened.account().place(command.orderId(), command.request(), instrument,
          mark == null ? null : mark.price(), settings.rules(), now());
    } catch (ValidationException e) {
      justLookedUp = null;
      return Effect().reply(command.replyTo(),
          new OrderInvalid(e.field(), e.reason(), e.detail()));
    }
    if (outcome instanceof PlaceOutcome.Accepted accepted) {
      log.debug("Order {} ({}) accepted: {}", command.orderId(), command.idempotencyKey(),
          accepted.order().status());
      return commit(state, concat(opened.creation(), accepted.events()), command.replyTo(),
          after -> new OrderPlaced(after.order(command.orderId()).orElseThrow(), true));
    }
    PlaceOutcome.Rejected rejected = (PlaceOutcome.Rejected) outcome;
    log.debug("Order {} rejected: {}", command.orderId(), rejected.reason());
    justLookedUp = null;
    return commit(state, opened.creation(), command.replyTo(),
        after -> new OrderRejected(rejected.order(), rejected.reason(), rejected.detail()));
  }

  private ReplyEffect<TradingEvent, Account> priceLooked(Account state, PriceLooked looked) {
    if (looked.failure() != null) {
      return Effect().reply(looked.command().replyTo(), new PlaceUnavailable(
          "the last price of " + looked.command().request().symbol() + " cannot be read: "
              + looked.failure().getMessage()));
    }
    return place(state, looked.command(), true, looked.last());
  }

  private ReplyEffect<TradingEvent, Account> cancel(Account state, CancelOrder command) {
    lastClientCommand = now();
    Opened opened = open(state);
    CancelOutcome outcome = opened.account().cancel(command.orderId(), now());
    if (outcome instanceof CancelOutcome.Cancelled cancelled) {
      return commit(state, concat(opened.creation(), List.of(cancelled.event())),
          command.replyTo(), after -> new OrderCancelled(cancelled.order(), false));
    }
    if (outcome instanceof CancelOutcome.AlreadyCancelled again) {
      return commit(state, opened.creation(), command.replyTo(),
          after -> new OrderCancelled(again.order(), true));
    }
    CancelOutcome.Rejected rejected = (CancelOutcome.Rejected) outcome;
    return commit(state, opened.creation(), command.replyTo(),
        after -> new CancelRejected(rejected.orderId(), rejected.reason(), rejected.detail()));
  }

  // ---------------------------------------------------------------- queries

  private ReplyEffect<TradingEvent, Account> get(Account state, GetDashboard command) {
    lastClientCommand = now();
    Opened opened = open(state);
    long version = lastSequenceNumber(context) + opened.creation().size();
    return commit(state, opened.creation(), command.replyTo(),
        after -> new DashboardSnapshot(after, watchedMarks(after), version));
  }

  private ReplyEffect<TradingEvent, Account> orders(Account state, GetOrders command) {
    lastClientCommand = now();
    Opened opened = open(state);
    return commit(state, opened.creation(), command.replyTo(),
        after -> new OrderList(orderList(after, command.openOnly())));
  }

  /** An account's orders, newest first: by creation time, then by id for a stable order. */
  public static List<Order> orderList(Account account, boolean openOnly) {
    List<Order> orders = new ArrayList<>(account.openOrders().values());
    if (!openOnly) {
      orders.addAll(account.closedOrders());
    }
    orders.sort(Comparator.comparing(Order::createdAt).reversed()
        .thenComparing(Order::id));
    return orders;
  }

  private Map<String, Tick> watchedMarks(Account account) {
    Map<String, Tick> watched = new HashMap<>();
    for (String symbol : wantedSymbols(account)) {
      Tick mark = marks.get(symbol);
      if (mark != null) {
        watched.put(symbol, mark);
      }
    }
    return watched;
  }

  // ---------------------------------------------------------------- sockets

  private ReplyEffect<TradingEvent, Account> subscribe(Account state, Subscribe command) {
    Set<String> known = new TreeSet<>();
    command.symbols().stream().filter(s -> resources.catalogue().find(s).isPresent())
        .forEach(known::add);
    sockets.put(command.socketId(), new Lease(known, now().plus(settings.socketLease())));
    watch(state);
    return Effect().reply(command.replyTo(), new Subscribed(lastSequenceNumber(context)));
  }

  private ReplyEffect<TradingEvent, Account> unsubscribe(Account state, Unsubscribe command) {
    if (sockets.remove(command.socketId()) != null) {
      watch(state);
    }
    return Effect().noReply();
  }

  // ---------------------------------------------------------------- prices

  private ReplyEffect<TradingEvent, Account> tick(Account state, TickReceived received) {
    Tick tick = received.tick();
    if (!subscribedTicks.contains(tick.symbol()) || !mark(tick)) {
      return Effect().noReply();
    }
    List<OrderFilled> fills = state.onTick(tick.symbol(), tick.price(), now());
    if (!fills.isEmpty()) {
      log.debug("Tick {} {} fills {} orders", tick.symbol(), tick.price(), fills.size());
    }
    return fill(state, new ArrayList<>(fills));
  }

  /**
   * Last prices read from Redis for newly watched instruments. They are the newest prices known,
   * so they fill the open limit orders that they cross, like a tick: a dashboard that restarts
   * (its node died) fills the orders whose price crossed while it was away, as far as the last
   * price tells.
   */
  private ReplyEffect<TradingEvent, Account> marksLoaded(Account state, MarksLoaded loaded) {
    List<TradingEvent> fills = new ArrayList<>();
    Account after = state;
    for (Tick tick : loaded.last().values()) {
      if (subscribedTicks.contains(tick.symbol()) && mark(tick)) {
        List<OrderFilled> filled = after.onTick(tick.symbol(), tick.price(), now());
        after = after.applyAll(filled);
        fills.addAll(filled);
      }
    }
    return fill(state, fills);
  }

  private ReplyEffect<TradingEvent, Account> fill(Account state, List<TradingEvent> fills) {
    if (fills.isEmpty()) {
      return Effect().noReply();
    }
    long firstVersion = lastSequenceNumber(context) + 1;
    return Effect().persist(fills)
        .thenRun(after -> persisted(state, fills, firstVersion))
        .thenNoReply();
  }

  /** Keeps the newer of the known mark and {@code tick}; true if {@code tick} is the mark now. */
  private boolean mark(Tick tick) {
    Tick known = marks.get(tick.symbol());
    if (known != null && known.time().isAfter(tick.time())) {
      return false;
    }
    marks.put(tick.symbol(), tick);
    return true;
  }

  /**
   * Brings the tick subscriptions in line with the instruments the account and the live sockets
   * want; newly watched instruments get their last price from Redis, unwatched ones lose it.
   */
  private void watch(Account state) {
    Set<String> wanted = wantedSymbols(state);
    List<String> added = new ArrayList<>();
    for (String symbol : wanted) {
      if (subscribedTicks.add(symbol)) {
        resources.topics().ticks(symbol).tell(Topic.subscribe(tickAdapter));
        timers.startSingleTimer(recheckKey(symbol), new RecheckPrice(symbol),
            settings.priceRecheckAfter());
        if (justLookedUp != null && justLookedUp.symbol().equals(symbol)) {
          mark(justLookedUp);
        }
        if (!marks.containsKey(symbol)) {
          added.add(symbol);
        }
      }
    }
    for (String symbol : List.copyOf(subscribedTicks)) {
      if (!wanted.contains(symbol)) {
        subscribedTicks.remove(symbol);
        marks.remove(symbol);
        timers.cancel(recheckKey(symbol));
        resources.topics().ticks(symbol).tell(Topic.unsubscribe(tickAdapter));
      }
    }
    if (!added.isEmpty()) {
      context.pipeToSelf(resources.market().lastPrices(added),
          (last, error) -> new MarksLoaded(error == null ? last : Map.of()));
    }
  }

  /**
   * The second read of a newly watched instrument's last price: whatever tick pub/sub lost
   * before the subscription spread, the newest one is in Redis.
   */
  private ReplyEffect<TradingEvent, Account> recheckPrice(Account state, RecheckPrice recheck) {
    if (subscribedTicks.contains(recheck.symbol())) {
      context.pipeToSelf(resources.market().lastPrices(List.of(recheck.symbol())),
          (last, error) -> new MarksLoaded(error == null ? last : Map.of()));
    }
    return Effect().noReply();
  }

  private static String recheckKey(String symbol) {
    return "recheck-price:" + symbol;
  }

  private SortedSet<String> wantedSymbols(Account state) {
    SortedSet<String> wanted = state.watchedSymbols();
    Instant now = now();
    sockets.values().removeIf(lease -> lease.expires().isBefore(now));
    sockets.values().forEach(lease -> wanted.addAll(lease.symbols()));
    return wanted;
  }

  // ---------------------------------------------------------------- passivation

  private ReplyEffect<TradingEvent, Account> idleCheck(Account state) {
    watch(state);
    countListeners();
    boolean idle = state.openOrders().isEmpty() && sockets.isEmpty()
        && !now().isBefore(lastClientCommand.plus(settings.passivateIdleAfter()));
    if (!idle) {
      return Effect().noReply();
    }
    log.debug("Dashboard of {} is idle without open orders: passivating", userId);
    if (shard == null) {
      return Effect().stop().thenNoReply();
    }
    shard.tell(new ClusterSharding.Passivate<>(context.getSelf()));
    return Effect().noReply();
  }

  // ---------------------------------------------------------------- persisting

  /** The account to decide on, and the events that create it if it does not exist yet. */
  private record Opened(Account account, List<TradingEvent> creation) {}

  private Opened open(Account state) {
    if (state.deposited().signum() > 0) {
      return new Opened(state, List.of());
    }
    TradingEvent deposit = state.deposit(settings.demoBalance(), now());
    return new Opened(state.apply(deposit), List.of(deposit));
  }

  /** Persists {@code events} (none: replies at once) and replies what the new state gives. */
  private <R> ReplyEffect<TradingEvent, Account> commit(Account state, List<TradingEvent> events,
      ActorRef<R> replyTo, Function<Account, R> reply) {
    if (events.isEmpty()) {
      return Effect().reply(replyTo, reply.apply(state));
    }
    long firstVersion = lastSequenceNumber(context) + 1;
    return Effect().persist(events)
        .thenRun(after -> persisted(state, events, firstVersion))
        .thenReply(replyTo, reply::apply);
  }

  /** After a write: publish what changed and watch what the account now needs. */
  private void persisted(Account before, List<TradingEvent> events, long firstVersion) {
    Account state = before;
    boolean publish = !sockets.isEmpty() || listeners != 0;
    for (int i = 0; i < events.size(); i++) {
      TradingEvent event = events.get(i);
      state = state.apply(event);
      if (event instanceof TradingEvent.FundsDeposited deposit && firstVersion + i == 1) {
        log.info("Dashboard of {} created with {} {}", userId, deposit.amount().toPlainString(),
            deposit.asset());
      }
      if (publish) {
        updates.tell(Topic.publish(update(state, event, firstVersion + i)));
      }
    }
    watch(state);
    justLookedUp = null;
  }

  private DashboardUpdate update(Account state, TradingEvent event, long version) {
    Order order = null;
    Fill fill = null;
    Position position = null;
    if (event instanceof TradingEvent.OrderAccepted accepted) {
      order = state.order(accepted.orderId()).orElse(null);
    } else if (event instanceof TradingEvent.OrderCancelled cancelled) {
      order = state.order(cancelled.orderId()).orElse(null);
    } else if (event instanceof OrderFilled filled) {
      order = state.order(filled.orderId()).orElse(null);
      fill = new Fill(filled.orderId(), filled.symbol(), filled.side(), filled.quantity(),
          filled.price(), filled.quoteAmount(), filled.fee(), filled.realizedPnl(), filled.at());
      position = state.position(filled.symbol()).orElse(null);
    }
    return new DashboardUpdate(userId, version, event.at(), order, fill, position,
        state.balances());
  }

  private static List<TradingEvent> concat(List<TradingEvent> first,
      List<TradingEvent> second) {
    List<TradingEvent> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }

  private Instant now() {
    return resources.clock().instant();
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
