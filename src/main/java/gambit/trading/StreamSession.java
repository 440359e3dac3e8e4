package gambit.trading;

import akka.actor.CoordinatedShutdown;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.actor.typed.pubsub.Topic;
import akka.cluster.sharding.typed.javadsl.EntityRef;
import gambit.trading.model.Account;
import gambit.trading.model.Order;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection's session: what it sends and in which order. It writes into the
 * socket's {@link Outbox}, from which the transport's stream (gambit.http) takes one
 * {@link Out} element whenever the client can take one; when the stream ends, the transport
 * tells the session {@link TransportStopped}, and when the session stops, it fails the outbox so
 * that the stream ends too.
 *
 * <p>Two kinds of output: reliable messages (a dashboard's snapshots and updates, answers to the
 * client) queue in order, up to {@code websocket.max-pending-messages} (beyond that the session
 * fails the stream: the client is too slow to be served); ticks are conflated per instrument,
 * only the newest price of each waiting, so a slow client never receives a backlog of stale
 * prices. Reliable messages go first (see {@link Outbox}).
 *
 * <p>Ticks never pass through the session: the node's {@link TickHub} (one pub/sub subscription
 * per instrument per node) hands them to the outbox directly; the session only says which
 * instruments its outbox watches. A dashboard's updates come from
 * the user's topic ({@link MarketTopics#dashboardTopicName}), never from the entity itself, so
 * the stream goes on when the entity moves to another node. The session registers with the
 * dashboard ({@link Dashboard.Subscribe}) and renews every third of the lease; an update whose
 * version skips one, or a renewal that reports a newer version than the session has seen, makes
 * it take a new snapshot (pub/sub delivers at most once, and a new subscription reaches the
 * publisher's node only after the receptionist spread it).
 *
 * <p>A dashboard's session keeps a copy of the account's holdings (from the snapshot, then the
 * balances and position each update carries) in the outbox, which sends a
 * {@link PortfolioOut} after each update and, every {@code websocket.portfolio-interval}, when
 * the price of a held instrument moved: unrealized P&L and equity change live.
 *
 * <p>Watched instruments: those the client subscribed to, plus (for a dashboard) those the
 * user holds or has open orders in. On subscribing, the last known prices are sent at once.
 */
public final class StreamSession extends AbstractBehavior<StreamSession.Command> {

  private static final Logger log = LoggerFactory.getLogger(StreamSession.class);
  private static final Duration RETRY = Duration.ofSeconds(1);
  private static final int TOPIC_CHECKS = 60;
  private static final Duration TOPIC_CHECK_INTERVAL = Duration.ofMillis(50);
  /** A first renewal soon after the start catches updates missed while the topic spread. */
  private static final Duration FIRST_RENEWAL = Duration.ofSeconds(2);

  // ---------------------------------------------------------------- protocol

  /** What a session accepts. */
  public sealed interface Command {}

  /** The transport's stream ended (the client left, or the stream failed). */
  public enum TransportStopped implements Command { INSTANCE }

  /**
   * The client asks to receive (or stop receiving) ticks of instruments.
   *
   * @param symbols as the client wrote them (any case)
   */
  public record ClientSubscribe(List<String> symbols, boolean subscribe) implements Command {
    /** Copies the list. */
    public ClientSubscribe {
      symbols = List.copyOf(symbols);
    }
  }

  /** The client sent something the session does not understand. */
  public record ClientInvalid(String detail) implements Command {}

  private record UpdateArrived(DashboardUpdate update) implements Command {}

  private record SnapshotTaken(Dashboard.DashboardSnapshot snapshot) implements Command {}

  private record Renewed(long version) implements Command {}

  private record AskFailed(String what, Throwable error) implements Command {}

  private record PricesLoaded(Map<String, Tick> last) implements Command {}

  private enum Renew implements Command { INSTANCE }

  private enum RevaluePortfolio implements Command { INSTANCE }

  private enum TokenExpired implements Command { INSTANCE }

  private record TopicChecked(int topicInstances) implements Command {}

  private enum CheckTopic implements Command { INSTANCE }

  /** What a session sends out, one element per acknowledgement. */
  public sealed interface Out {}

  /** The whole dashboard; updates follow from its version on. */
  public record SnapshotOut(Dashboard.DashboardSnapshot snapshot) implements Out {}

  /** A dashboard's change. */
  public record UpdateOut(DashboardUpdate update) implements Out {}

  /** The newest price of an instrument. */
  public record TickOut(Tick tick) implements Out {}

  /**
   * The account's holdings valued at the prices this socket has sent.
   *
   * @param account balances and positions (orders and fills may be older)
   * @param version the dashboard version whose holdings these are
   * @param marks the last price sent of each held instrument that has one
   */
  public record PortfolioOut(Account account, long version, Map<String, Tick> marks)
      implements Out {
    /** Copies the marks. */
    public PortfolioOut {
      marks = Map.copyOf(marks);
    }
  }

  /** The instruments the client is now subscribed to. */
  public record SubscribedOut(Set<String> symbols) implements Out {}

  /** A client message was refused; the connection stays open. */
  public record ErrorOut(String detail) implements Out {}

  /** The failure that closes a stream whose client does not keep up. */
  public static final class TooSlowException extends RuntimeException {
    TooSlowException(String message) {
      super(message, null, false, false);
    }
  }

  // ---------------------------------------------------------------- creation

  /**
   * A session for a user's dashboard socket.
   *
   * @param outbox the socket's, filled by this session only (and the node's tick hub)
   */
  public static Behavior<Command> dashboard(Trading trading, String userId, String socketId,
      Outbox outbox) {
    return dashboard(trading, userId, socketId, outbox, Instant.MAX);
  }

  /**
   * A session for a user's dashboard socket that ends when the access token that opened it
   * does: it then sends an {@code error} saying so and closes the socket (a logged-out user's
   * or a stolen, expired token's socket does not stream the account on).
   *
   * @param validUntil when the token stops being accepted
   */
  public static Behavior<Command> dashboard(Trading trading, String userId, String socketId,
      Outbox outbox, Instant validUntil) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      if (!validUntil.equals(Instant.MAX)) {
        timers.startSingleTimer(TokenExpired.INSTANCE, Duration.ofMillis(Math.max(0,
            validUntil.toEpochMilli() - System.currentTimeMillis())));
      }
      return new StreamSession(context, timers, trading, userId, socketId, outbox, Set.of());
    }));
  }

  /**
   * A session for the public tick stream of some instruments.
   *
   * @param symbols catalogue symbols, already validated
   */
  public static Behavior<Command> market(Trading trading, Set<String> symbols, String socketId,
      Outbox outbox) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers ->
        new StreamSession(context, timers, trading, null, socketId, outbox, symbols)));
  }

  private final Trading trading;
  private final String userId;
  private final String socketId;
  private final Outbox outbox;
  private final Set<String> clientSymbols = new TreeSet<>();
  private final Set<String> accountSymbols = new HashSet<>();
  private final Set<String> subscribed = new HashSet<>();
  private final List<DashboardUpdate> early = new ArrayList<>();
  private final List<Out> heldAnswers = new ArrayList<>();
  private final TimerScheduler<Command> timers;
  private ActorRef<Topic.Command<DashboardUpdate>> updates;
  private Account account;
  private boolean transportAlive = true;
  private long version = -1;
  private boolean resyncing;
  private int topicChecks;

  private StreamSession(ActorContext<Command> context, TimerScheduler<Command> timers,
      Trading trading, String userId, String socketId, Outbox outbox, Set<String> symbols) {
    super(context);
    this.trading = trading;
    this.userId = userId;
    this.socketId = socketId;
    this.outbox = outbox;
    this.timers = timers;
    clientSymbols.addAll(symbols);
    if (userId != null) {
      outbox.holdTicks(); // the snapshot goes first
      updates = context.spawn(Topic.create(DashboardUpdate.class,
          MarketTopics.dashboardTopicName(userId)), "updates");
      updates.tell(Topic.subscribe(context.messageAdapter(DashboardUpdate.class,
          UpdateArrived::new)));
      checkTopic();
    }
    watch(symbols);
  }

  /**
   * The user's topic is registered once its own listing shows it; the dashboard's topic on this
   * node gets the same listing at the same moment, so from then on no update published on this
   * node is lost. Only then does the session register with the dashboard and take its snapshot
   * (after about {@value #TOPIC_CHECKS} checks it goes on anyway; missed updates show as gaps).
   */
  private void checkTopic() {
    updates.tell(Topic.getTopicStats(getContext().messageAdapter(Topic.TopicStats.class,
        stats -> new TopicChecked(stats.topicInstanceCount()))));
  }

  private Behavior<Command> topicChecked(TopicChecked checked) {
    if (checked.topicInstances() == 0 && ++topicChecks < TOPIC_CHECKS) {
      timers.startSingleTimer(CheckTopic.INSTANCE, TOPIC_CHECK_INTERVAL);
      return this;
    }
    renew();
    resync();
    Duration lease = trading.settings().dashboard().socketLease();
    timers.startSingleTimer("first-renewal", Renew.INSTANCE, FIRST_RENEWAL);
    timers.startTimerWithFixedDelay(Renew.INSTANCE, lease.dividedBy(3));
    return this;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(PricesLoaded.class, this::pricesLoaded)
        .onMessage(UpdateArrived.class, arrived -> update(arrived.update()))
        .onMessage(SnapshotTaken.class, this::snapshot)
        .onMessage(Renewed.class, this::renewed)
        .onMessageEquals(Renew.INSTANCE, this::renewNow)
        .onMessageEquals(RevaluePortfolio.INSTANCE, () -> {
          outbox.pricesMoved();
          return this;
        })
        .onMessage(AskFailed.class, this::askFailed)
        .onMessage(ClientSubscribe.class, this::clientSubscribe)
        .onMessage(ClientInvalid.class, invalid -> answer(new ErrorOut(invalid.detail())))
        .onMessage(TopicChecked.class, this::topicChecked)
        .onMessageEquals(CheckTopic.INSTANCE, () -> {
          checkTopic();
          return this;
        })
        .onMessageEquals(TokenExpired.INSTANCE, this::tokenExpired)
        .onMessageEquals(TransportStopped.INSTANCE, () -> {
          transportAlive = false;
          return Behaviors.stopped();
        })
        .onSignal(PostStop.class, stop -> stopped())
        .build();
  }

  // ---------------------------------------------------------------- output

  private Behavior<Command> send(Out element) {
    if (outbox.offer(element) || outbox.finishing()) {
      return this; // a finishing socket takes nothing more, and that is no failure
    }
    transportAlive = false;
    if (outbox.failure() != null) {
      return Behaviors.stopped(); // the stream is failing already
    }
    log.debug("Socket {} closed: its client reads too slowly", socketId);
    outbox.fail(new TooSlowException("the client reads too slowly: more than "
        + trading.settings().socket().maxPendingMessages() + " messages waiting"));
    return Behaviors.stopped();
  }

  /** The last words, then the socket closes once they went out (see {@link Outbox#finish}). */
  private Behavior<Command> tokenExpired() {
    log.debug("Socket {}: its access token expired; closing it", socketId);
    send(new ErrorOut("the access token expired: connect again with a new one"));
    outbox.finish();
    timers.cancelAll();
    return this;
  }

  // ---------------------------------------------------------------- ticks

  private Behavior<Command> pricesLoaded(PricesLoaded loaded) {
    loaded.last().values().forEach(outbox::tickIfFirst);
    return this;
  }

  private boolean watched(String symbol) {
    return clientSymbols.contains(symbol) || accountSymbols.contains(symbol);
  }

  /** Watches newly watched instruments through the node's hub; sends their last prices. */
  private void watch(Set<String> symbols) {
    List<String> added = new ArrayList<>();
    for (String symbol : symbols) {
      if (subscribed.add(symbol)) {
        added.add(symbol);
      }
    }
    outbox.watch(added);
    for (String symbol : added) {
      trading.ticks().watch(symbol, outbox);
    }
    if (!added.isEmpty()) {
      getContext().pipeToSelf(trading.market().lastPrices(added),
          (last, error) -> new PricesLoaded(error == null ? last : Map.of()));
    }
  }

  /** The outbox drops them at once (ticks already on their way included), then the hub. */
  private void unwatch(Set<String> symbols) {
    List<String> removed = new ArrayList<>();
    for (String symbol : symbols) {
      if (!watched(symbol) && subscribed.remove(symbol)) {
        removed.add(symbol);
      }
    }
    outbox.unwatch(removed);
    for (String symbol : removed) {
      trading.ticks().unwatch(symbol, outbox);
    }
  }

  private Behavior<Command> clientSubscribe(ClientSubscribe request) {
    Set<String> symbols = new TreeSet<>();
    for (String text : request.symbols()) {
      Optional<String> symbol = trading.catalogue().find(text).map(i -> i.symbol());
      if (symbol.isEmpty()) {
        return answer(new ErrorOut("unknown instrument '" + shorten(text) + "'"));
      }
      symbols.add(symbol.get());
    }
    int max = trading.settings().socket().maxSymbols();
    if (request.subscribe()) {
      Set<String> all = new TreeSet<>(clientSymbols);
      all.addAll(symbols);
      if (all.size() > max) {
        return answer(new ErrorOut("at most " + max + " symbols per connection"));
      }
      clientSymbols.addAll(symbols);
      watch(symbols);
    } else {
      clientSymbols.removeAll(symbols);
      unwatch(symbols);
    }
    if (userId != null) {
      renew();
    }
    return answer(new SubscribedOut(Set.copyOf(clientSymbols)));
  }

  // ---------------------------------------------------------------- dashboard

  private EntityRef<Dashboard.Command> dashboard() {
    return trading.dashboard(userId);
  }

  private Duration askTimeout() {
    return trading.settings().askTimeout();
  }

  private void renew() {
    Set<String> symbols = Set.copyOf(clientSymbols);
    getContext().pipeToSelf(dashboard().<Dashboard.Subscribed>ask(
            to -> new Dashboard.Subscribe(socketId, symbols, to), askTimeout()),
        (subscribed, error) -> error == null ? new Renewed(subscribed.version())
            : new AskFailed("renew", error));
  }

  private Behavior<Command> renewNow() {
    renew();
    return this;
  }

  private Behavior<Command> renewed(Renewed renewed) {
    if (renewed.version() > version) {
      log.debug("Socket {} missed updates up to {}: new snapshot", socketId, renewed.version());
      resync();
    }
    return this;
  }

  private void resync() {
    if (resyncing) {
      return;
    }
    resyncing = true;
    getContext().pipeToSelf(dashboard().<Dashboard.DashboardSnapshot>ask(
            Dashboard.GetDashboard::new, askTimeout()),
        (snapshot, error) -> error == null ? new SnapshotTaken(snapshot)
            : new AskFailed("snapshot", error));
  }

  private Behavior<Command> askFailed(AskFailed failed) {
    log.debug("Socket {}: {} failed: {}", socketId, failed.what(), failed.error().toString());
    if (failed.what().equals("snapshot")) {
      resyncing = false;
      timers.startSingleTimer("retry", Renew.INSTANCE, RETRY);
    }
    return this;
  }

  private Behavior<Command> snapshot(SnapshotTaken taken) {
    resyncing = false;
    Dashboard.DashboardSnapshot snapshot = taken.snapshot();
    if (snapshot.version() <= version) {
      // the client has this state already (two resyncs crossed): updates kept meanwhile follow
      return replayEarly(this);
    }
    boolean first = version < 0;
    version = snapshot.version();
    account = snapshot.account();
    accountSymbols.clear();
    accountSymbols.addAll(account.watchedSymbols());
    watch(accountSymbols);
    snapshot.marks().values().forEach(outbox::markSent);
    Behavior<Command> next = send(new SnapshotOut(snapshot));
    outbox.valued(account, version, snapshot.marks());
    revalueWhileHolding();
    if (first) {
      for (int i = 0; i < heldAnswers.size() && next == this; i++) {
        next = send(heldAnswers.get(i));
      }
      heldAnswers.clear();
      outbox.releaseTicks();
    }
    return replayEarly(next);
  }

  private Behavior<Command> replayEarly(Behavior<Command> next) {
    List<DashboardUpdate> buffered = new ArrayList<>(early);
    early.clear();
    for (int i = 0; i < buffered.size() && next == this; i++) {
      next = update(buffered.get(i));
    }
    return next;
  }

  /**
   * An answer to the client. A dashboard socket starts with its snapshot, so answers to
   * messages the client sent before it are held until it has gone out.
   */
  private Behavior<Command> answer(Out element) {
    if (userId == null || version >= 0) {
      return send(element);
    }
    if (heldAnswers.size() >= trading.settings().socket().maxPendingMessages()) {
      return send(element); // as many as the outbox takes: fails the socket as too slow
    }
    heldAnswers.add(element);
    return this;
  }

  private Behavior<Command> update(DashboardUpdate update) {
    if (version < 0 || resyncing) {
      keep(update);
      return this;
    }
    if (update.version() <= version) {
      return this;
    }
    if (update.version() > version + 1) {
      log.debug("Socket {} got version {} after {}: new snapshot", socketId, update.version(),
          version);
      keep(update);
      resync();
      return this;
    }
    version = update.version();
    Order order = update.order();
    if (order != null && accountSymbols.add(order.symbol())) {
      watch(Set.of(order.symbol()));
    }
    account = account.withHoldings(update.balances(), update.position());
    Behavior<Command> next = send(new UpdateOut(update));
    outbox.changed(account, version, update.fill() == null ? null
        : new Tick(update.fill().symbol(), update.fill().price(), update.fill().at()));
    revalueWhileHolding();
    return next;
  }

  /** Checks held prices every portfolio interval while the account holds something. */
  private void revalueWhileHolding() {
    boolean holds = account.positions().values().stream()
        .anyMatch(p -> p.quantity().signum() > 0);
    boolean checking = timers.isTimerActive(RevaluePortfolio.INSTANCE);
    if (holds && !checking) {
      timers.startTimerWithFixedDelay(RevaluePortfolio.INSTANCE,
          trading.settings().socket().portfolioInterval());
    } else if (!holds && checking) {
      timers.cancel(RevaluePortfolio.INSTANCE);
    }
  }

  /** Updates that arrive before the snapshot they follow; a snapshot covers older ones. */
  private void keep(DashboardUpdate update) {
    if (early.size() >= trading.settings().socket().maxPendingMessages()) {
      early.remove(0);
    }
    early.add(update);
  }

  private Behavior<Command> stopped() {
    for (String symbol : subscribed) {
      trading.ticks().unwatch(symbol, outbox);
    }
    // not while the node shuts down: a message to a shard being handed off waits in the region
    // and holds the whole handoff up until its timeout (the registration lapses by itself)
    if (userId != null && CoordinatedShutdown.get(getContext().getSystem())
        .getShutdownReason().isEmpty()) {
      dashboard().tell(new Dashboard.Unsubscribe(socketId));
    }
    if (transportAlive) {
      outbox.fail(new IllegalStateException("the session stopped"));
    }
    return this;
  }

  private static String shorten(String text) {
    return text.length() <= 24 ? text : text.substring(0, 24) + "...";
  }
}
