package gambit.trading;

import static gambit.trading.TradingTestKit.ask;
import static gambit.trading.TradingTestKit.awaitTrue;
import static gambit.trading.TradingTestKit.events;
import static gambit.trading.TradingTestKit.push;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.typed.pubsub.Topic;
import akka.actor.typed.ActorRef;
import gambit.testing.TestRedis;
import gambit.testing.TradingServer;
import gambit.trading.Dashboard.CancelOrder;
import gambit.trading.Dashboard.CancelRejected;
import gambit.trading.Dashboard.CancelReply;
import gambit.trading.Dashboard.DashboardSnapshot;
import gambit.trading.Dashboard.GetDashboard;
import gambit.trading.Dashboard.GetOrders;
import gambit.trading.Dashboard.OrderCancelled;
import gambit.trading.Dashboard.OrderList;
import gambit.trading.Dashboard.OrderPlaced;
import gambit.trading.Dashboard.OrderRejected;
import gambit.trading.Dashboard.PlaceOrder;
import gambit.trading.Dashboard.PlaceReply;
import gambit.trading.model.Balance;
import gambit.trading.model.OrderRequest;
import gambit.trading.model.OrderStatus;
import gambit.trading.model.OrderType;
import gambit.trading.model.RejectReason;
import gambit.trading.model.Side;
import gambit.trading.model.TradingEvent;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Dashboard entity under sharding on a one-node cluster with a real Redis and the real price
 * feed: the demo deposit, market and limit orders against live ticks, reservations, fees,
 * idempotent placing and cancelling, published updates, and what survives a restart.
 */
class DashboardTest {

  private static TradingServer server;

  @BeforeAll
  static void start() {
    server = TradingServer.start(TestRedis.shared().uri(), TradingTestKit.newPrefix("dashboard"),
        "");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String newUser() {
    return "user-" + UUID.randomUUID();
  }

  private static OrderRequest market(String symbol, Side side, String quantity) {
    return new OrderRequest(symbol, side, OrderType.MARKET, new BigDecimal(quantity), null, null);
  }

  private static OrderRequest limit(String symbol, Side side, String quantity, String price) {
    return new OrderRequest(symbol, side, OrderType.LIMIT, new BigDecimal(quantity),
        new BigDecimal(price), null);
  }

  private static PlaceReply place(TradingServer node, String user, String orderId,
      OrderRequest request) {
    return ask(node, user, replyTo -> new PlaceOrder(orderId, "key-" + orderId, request,
        replyTo));
  }

  private static OrderPlaced placed(TradingServer node, String user, String orderId,
      OrderRequest request) {
    PlaceReply reply = place(node, user, orderId, request);
    return assertInstanceOf(OrderPlaced.class, reply, () -> "not placed: " + reply);
  }

  private static DashboardSnapshot dashboard(TradingServer node, String user) {
    return ask(node, user, GetDashboard::new);
  }

  @Test
  void aNewDashboardHoldsTheDemoBalanceFromOneDepositEvent() {
    String user = newUser();
    DashboardSnapshot snapshot = dashboard(server, user);
    assertEquals(new Balance(new BigDecimal("100000.00"), new BigDecimal("0.00")),
        snapshot.account().balance("USD"));
    assertEquals(1, snapshot.version());
    assertEquals(1, dashboard(server, user).version(), "a second look persists nothing");
    List<Object> events = events(server.system(), "Dashboard|" + user);
    assertEquals(1, events.size());
    assertInstanceOf(TradingEvent.FundsDeposited.class, events.get(0));
  }

  @Test
  void aMarketBuyFillsAtOnceAtTheCurrentPriceAndPaysTheFee() {
    push(server, "BTC-USD", "50000.00");
    String user = newUser();
    OrderPlaced placed = placed(server, user, "o-1", market("BTC-USD", Side.BUY, "0.1"));
    assertTrue(placed.created());
    assertEquals(OrderStatus.FILLED, placed.order().status());
    assertEquals(new BigDecimal("50000.00"), placed.order().fillPrice());
    assertEquals(new BigDecimal("5.00"), placed.order().fee());

    DashboardSnapshot snapshot = dashboard(server, user);
    assertEquals(new BigDecimal("94995.00"), snapshot.account().balance("USD").total());
    assertEquals(new BigDecimal("0.10000"), snapshot.account().balance("BTC").available());
    assertEquals(new BigDecimal("50000.00"), snapshot.marks().get("BTC-USD").price());
    assertEquals(3, snapshot.version(), "deposit, accepted, filled");
  }

  @Test
  void aMarketOrderForAnInstrumentThatNeverHadAPriceIsRejectedAndChangesNothing() {
    String user = newUser();
    PlaceReply reply = place(server, user, "o-1", market("ALGO-USD", Side.BUY, "10"));
    OrderRejected rejected = assertInstanceOf(OrderRejected.class, reply);
    assertEquals(RejectReason.NO_PRICE, rejected.reason());
    assertEquals(1, dashboard(server, user).version(), "only the deposit was persisted");
  }

  @Test
  void aLimitBuyReservesItsCostAndFeeAndFillsAtItsLimitWhenATickCrossesIt() {
    push(server, "ETH-USD", "3000.00");
    String user = newUser();
    OrderPlaced placed = placed(server, user, "limit-1", limit("ETH-USD", Side.BUY, "1",
        "2900.00"));
    assertEquals(OrderStatus.OPEN, placed.order().status());
    Balance usd = dashboard(server, user).account().balance("USD");
    assertEquals(new BigDecimal("2902.90"), usd.reserved(), "2900 + 0.1% fee");

    push(server, "ETH-USD", "2950.00");
    assertEquals(1, openOrders(user).size(), "a tick above a buy limit does not fill it");
    push(server, "ETH-USD", "2899.00");
    awaitTrue("the limit order filled", () -> openOrders(user).isEmpty());
    DashboardSnapshot after = dashboard(server, user);
    assertEquals(new BigDecimal("2900.00"), after.account().order("limit-1").orElseThrow()
        .fillPrice(), "fills at its limit");
    assertEquals(new BigDecimal("97097.10"), after.account().balance("USD").available());
    assertEquals(new BigDecimal("0.00"), after.account().balance("USD").reserved());
  }

  private static List<gambit.trading.model.Order> openOrders(String user) {
    OrderList list = ask(server, user, replyTo -> new GetOrders(true, replyTo));
    return list.orders();
  }

  @Test
  void placingAKnownOrderIdAgainAnswersThatOrderWithoutASecondOne() {
    push(server, "SOL-USD", "150.00");
    String user = newUser();
    OrderPlaced first = placed(server, user, "same", limit("SOL-USD", Side.BUY, "2", "100.00"));
    OrderPlaced again = placed(server, user, "same", limit("SOL-USD", Side.BUY, "2", "100.00"));
    assertTrue(first.created());
    assertFalse(again.created());
    assertEquals(first.order(), again.order());
    assertEquals(1, openOrders(user).size());
  }

  @Test
  void cancellingReleasesTheReservationOnceAndRefusesFilledAndUnknownOrders() {
    push(server, "LTC-USD", "100.00");
    String user = newUser();
    placed(server, user, "rest", limit("LTC-USD", Side.BUY, "10", "90.00"));
    placed(server, user, "filled", market("LTC-USD", Side.BUY, "1"));

    CancelReply cancelled = ask(server, user, to -> new CancelOrder("rest", to));
    assertFalse(assertInstanceOf(OrderCancelled.class, cancelled).repeated());
    assertEquals(new BigDecimal("0.00"),
        dashboard(server, user).account().balance("USD").reserved());
    CancelReply again = ask(server, user, to -> new CancelOrder("rest", to));
    assertTrue(assertInstanceOf(OrderCancelled.class, again).repeated());
    CancelReply filled = ask(server, user, to -> new CancelOrder("filled", to));
    assertEquals(RejectReason.ORDER_NOT_OPEN,
        assertInstanceOf(CancelRejected.class, filled).reason());
    CancelReply unknown = ask(server, user, to -> new CancelOrder("nope", to));
    assertEquals(RejectReason.ORDER_NOT_FOUND,
        assertInstanceOf(CancelRejected.class, unknown).reason());
  }

  @Test
  void anOrderTheBalanceCannotCoverIsRejectedAndPersistsNothing() {
    push(server, "BTC-USD", "50000.00");
    String user = newUser();
    long before = dashboard(server, user).version();
    PlaceReply reply = place(server, user, "big", market("BTC-USD", Side.BUY, "3"));
    assertEquals(RejectReason.INSUFFICIENT_FUNDS,
        assertInstanceOf(OrderRejected.class, reply).reason());
    PlaceReply sell = place(server, user, "sell", market("BTC-USD", Side.SELL, "0.1"));
    assertEquals(RejectReason.INSUFFICIENT_FUNDS,
        assertInstanceOf(OrderRejected.class, sell).reason());
    assertEquals(before, dashboard(server, user).version());
  }

  @Test
  void aRefusedMarketOrderLeavesNoStalePriceForTheNextOne() {
    push(server, "DOGE-USD", "0.18000");
    String user = newUser();
    PlaceReply tooBig = place(server, user, "big", market("DOGE-USD", Side.BUY, "1000000"));
    assertEquals(RejectReason.INSUFFICIENT_FUNDS,
        assertInstanceOf(OrderRejected.class, tooBig).reason());
    push(server, "DOGE-USD", "0.20000");
    OrderPlaced small = placed(server, user, "small", market("DOGE-USD", Side.BUY, "100"));
    assertEquals(new BigDecimal("0.20000"), small.order().fillPrice());
  }

  @Test
  void aRegisteredSocketsUserTopicGetsEveryUpdateWithConsecutiveVersions() {
    push(server, "ADA-USD", "0.7500");
    String user = newUser();
    ActorTestKit kit = ActorTestKit.create(server.system());
    TestProbe<DashboardUpdate> updates = kit.createTestProbe();
    ActorRef<Topic.Command<DashboardUpdate>> topic = kit.spawn(Topic.create(
        DashboardUpdate.class, MarketTopics.dashboardTopicName(user)));
    topic.tell(Topic.subscribe(updates.getRef()));
    long version = dashboard(server, user).version();
    ask(server, user, (ActorRef<Dashboard.Subscribed> to) ->
        new Dashboard.Subscribe("socket-1", Set.of("ADA-USD"), to));
    // the new topic instance reaches the dashboard's through the receptionist
    awaitTrue("the topic sees the dashboard's instance", () ->
        topicInstances(kit, topic) > 0);

    placed(server, user, "m", market("ADA-USD", Side.BUY, "100"));
    DashboardUpdate accepted = updateAfter(updates, version);
    DashboardUpdate filled = updates.receiveMessage(Duration.ofSeconds(10));
    assertEquals(version + 1, accepted.version());
    assertEquals(OrderStatus.OPEN, accepted.order().status());
    assertNull(accepted.fill());
    assertEquals(version + 2, filled.version());
    assertEquals(OrderStatus.FILLED, filled.order().status());
    assertEquals(new BigDecimal("0.7500"), filled.fill().price());
    assertEquals(new BigDecimal("100.0"), filled.balances().get("ADA").available());
  }

  /**
   * The first update newer than {@code version}: the topic may also have delivered the updates
   * of the dashboard's creation, when its subscription spread fast enough.
   */
  private static DashboardUpdate updateAfter(TestProbe<DashboardUpdate> updates, long version) {
    DashboardUpdate next = updates.receiveMessage(Duration.ofSeconds(10));
    while (next.version() <= version) {
      next = updates.receiveMessage(Duration.ofSeconds(10));
    }
    return next;
  }

  private static int topicInstances(ActorTestKit kit,
      ActorRef<Topic.Command<DashboardUpdate>> topic) {
    TestProbe<Topic.TopicStats> stats = kit.createTestProbe();
    topic.tell(Topic.getTopicStats(stats.getRef()));
    return stats.receiveMessage().topicInstanceCount();
  }
}
