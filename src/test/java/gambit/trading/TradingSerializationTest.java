package gambit.trading;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.SerializationTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import gambit.testing.TestRedis;
import gambit.trading.model.Account;
import gambit.trading.model.Fill;
import gambit.trading.model.InstrumentCatalogue;
import gambit.trading.model.Order;
import gambit.trading.model.OrderRequest;
import gambit.trading.model.OrderType;
import gambit.trading.model.PlaceOutcome;
import gambit.trading.model.RejectReason;
import gambit.trading.model.Side;
import gambit.trading.model.TradingEvent;
import gambit.trading.model.TradingRules;
import gambit.trading.model.ValidationException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every message that may cross nodes (dashboard commands and replies, feed commands and replies,
 * ticks, dashboard updates) and every persisted state survives Akka's configured serializer
 * (Jackson CBOR) unchanged.
 */
class TradingSerializationTest {

  private static final InstrumentCatalogue CATALOGUE = InstrumentCatalogue.load();
  private static final Instant AT = Instant.parse("2025-03-03T10:00:00.123Z");
  private static ActorTestKit testKit;
  private static SerializationTestKit serialization;

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create("serialization", TradingTestKit.config(
        TestRedis.shared().uri(), TradingTestKit.newPrefix("serialization"), ""));
    serialization = new SerializationTestKit(testKit.system());
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static void roundTrips(Object message) {
    assertEquals(message, serialization.verifySerialization(message, true));
  }

  /** An account with a deposit, a filled market buy and an open limit sell. */
  private static Account tradedAccount() {
    Account account = Account.open(CATALOGUE.quoteAsset());
    account = account.apply(account.deposit(new BigDecimal("100000"), AT));
    var btc = CATALOGUE.find("BTC-USD").orElseThrow();
    var buy = (PlaceOutcome.Accepted) account.place("o-1", new OrderRequest("BTC-USD", Side.BUY,
        OrderType.MARKET, new BigDecimal("0.5"), null, "mine"), btc, new BigDecimal("50000.00"),
        TradingRules.DEFAULT, AT);
    account = account.applyAll(buy.events());
    var sell = (PlaceOutcome.Accepted) account.place("o-2", new OrderRequest("BTC-USD",
        Side.SELL, OrderType.LIMIT, new BigDecimal("0.2"), new BigDecimal("60000.00"), null),
        btc, new BigDecimal("50000.00"), TradingRules.DEFAULT, AT);
    return account.applyAll(sell.events());
  }

  @Test
  void dashboardCommandsRoundTrip() {
    TestProbe<Object> probe = testKit.createTestProbe();
    OrderRequest request = new OrderRequest("ETH-USD", Side.BUY, OrderType.LIMIT,
        new BigDecimal("1.5000"), new BigDecimal("3000.00"), "client-1");
    roundTrips(new Dashboard.PlaceOrder("o-1", "key-1", request, probe.getRef().narrow()));
    roundTrips(new Dashboard.CancelOrder("o-1", probe.getRef().narrow()));
    roundTrips(new Dashboard.GetDashboard(probe.getRef().narrow()));
    roundTrips(new Dashboard.GetOrders(true, probe.getRef().narrow()));
    roundTrips(new Dashboard.Subscribe("s-1", Set.of("BTC-USD"), probe.getRef().narrow()));
    roundTrips(new Dashboard.Unsubscribe("s-1"));
    roundTrips(Dashboard.Stop.INSTANCE);
  }

  @Test
  void dashboardRepliesRoundTrip() {
    Account account = tradedAccount();
    Order open = account.order("o-2").orElseThrow();
    roundTrips(new Dashboard.OrderPlaced(account.order("o-1").orElseThrow(), true));
    roundTrips(new Dashboard.OrderRejected(open, RejectReason.INSUFFICIENT_FUNDS, "too much"));
    roundTrips(new Dashboard.OrderInvalid("quantity", ValidationException.Reason.OFF_STEP,
        "off step"));
    roundTrips(new Dashboard.PlaceUnavailable("redis down"));
    roundTrips(new Dashboard.OrderCancelled(open, false));
    roundTrips(new Dashboard.CancelRejected("x", RejectReason.ORDER_NOT_FOUND, "no order x"));
    roundTrips(new Dashboard.DashboardSnapshot(account,
        Map.of("BTC-USD", new Tick("BTC-USD", new BigDecimal("51000.00"), AT)), 4));
    roundTrips(new Dashboard.OrderList(List.of(open)));
    roundTrips(new Dashboard.Subscribed(7));
  }

  @Test
  void feedMessagesTicksAndUpdatesRoundTrip() {
    TestProbe<PriceFeed.Pushed> probe = testKit.createTestProbe();
    Tick tick = new Tick("SHIB-USD", new BigDecimal("0.00002000"), AT);
    roundTrips(tick);
    roundTrips(new PriceFeed.PushTicks(List.of(tick), probe.getRef()));
    roundTrips(new PriceFeed.Pushed(1, 2, null));
    roundTrips(PriceFeed.Stop.INSTANCE);
    Account account = tradedAccount();
    roundTrips(new DashboardUpdate("u-1", 3, AT, account.order("o-1").orElseThrow(),
        new Fill("o-1", "BTC-USD", Side.BUY, new BigDecimal("0.50000"),
            new BigDecimal("50000.00"), new BigDecimal("25000.00"), new BigDecimal("25.00"),
            BigDecimal.ZERO, AT), account.position("BTC-USD").orElseThrow(),
        account.balances()));
  }

  @Test
  void theDashboardStateAndItsEventsRoundTrip() {
    Account account = tradedAccount();
    roundTrips(account);
    roundTrips(new TradingEvent.FundsDeposited("USD", new BigDecimal("100000.00"), AT));
  }
}
