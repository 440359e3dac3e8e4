package gambit.trading;

import static gambit.trading.TradingTestKit.ask;
import static gambit.trading.TradingTestKit.awaitTrue;
import static gambit.trading.TradingTestKit.events;
import static gambit.trading.TradingTestKit.push;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.AskPattern;
import akka.cluster.sharding.ShardRegion;
import akka.cluster.sharding.typed.ClusterShardingQuery;
import akka.cluster.sharding.typed.GetShardRegionState;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import gambit.testing.TestRedis;
import gambit.testing.TradingServer;
import gambit.trading.model.OrderRequest;
import gambit.trading.model.OrderStatus;
import gambit.trading.model.OrderType;
import gambit.trading.model.Side;
import gambit.trading.model.TradingEvent;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What keeps a dashboard in memory and what brings it back: idle dashboards without open orders
 * passivate, ones with open orders stay, and after the whole (one-node) cluster restarts, a
 * dashboard with an open limit order is started again by itself and fills it on a later tick
 * without any request from a client.
 */
class DashboardLifecycleTest {

  private static OrderRequest limitBuy(String symbol, String quantity, String price) {
    return new OrderRequest(symbol, Side.BUY, OrderType.LIMIT, new BigDecimal(quantity),
        new BigDecimal(price), null);
  }

  private static void placeOpen(TradingServer node, String user, String orderId,
      OrderRequest request) {
    Dashboard.PlaceReply reply = ask(node, user,
        to -> new Dashboard.PlaceOrder(orderId, null, request, to));
    assertEquals(OrderStatus.OPEN,
        assertInstanceOf(Dashboard.OrderPlaced.class, reply).order().status());
  }

  /** The ids of the dashboards in memory on this node. */
  private static Set<String> inMemory(ActorSystem<?> system) {
    ShardRegion.CurrentShardRegionState state = TradingTestKit.join(
        AskPattern.<ClusterShardingQuery, ShardRegion.CurrentShardRegionState>ask(
            ClusterSharding.get(system).shardState(),
            replyTo -> new GetShardRegionState(Dashboard.ENTITY_TYPE_KEY, replyTo),
            TradingTestKit.TIMEOUT, system.scheduler()));
    Set<String> ids = new HashSet<>();
    state.getShards().forEach(shard -> ids.addAll(shard.getEntityIds()));
    return ids;
  }

  @Test
  void idleDashboardsWithoutOpenOrdersPassivateWhileOnesWithOpenOrdersStay() {
    try (TradingServer node = TradingServer.start(TestRedis.shared().uri(),
        TradingTestKit.newPrefix("passivation"),
        "gambit.trading.dashboard.passivate-idle-after = 300ms")) {
      push(node, "BTC-USD", "60000.00");
      String idle = "idle-" + UUID.randomUUID();
      String busy = "busy-" + UUID.randomUUID();
      ask(node, idle, Dashboard.GetDashboard::new);
      placeOpen(node, busy, "rests", limitBuy("BTC-USD", "0.01", "50000.00"));
      assertTrue(inMemory(node.system()).containsAll(List.of(idle, busy)));

      awaitTrue("the idle dashboard passivates", () -> !inMemory(node.system()).contains(idle));
      assertTrue(inMemory(node.system()).contains(busy), "an open order keeps its dashboard");
      assertEquals(new BigDecimal("100000.00"), ask(node, idle, Dashboard.GetDashboard::new)
          .account().balance("USD").total(), "a passivated dashboard comes back on request");
    }
  }

  @Test
  void aDashboardWithAnOpenOrderRestartsByItselfAfterTheClusterRestartsAndFillsOnALaterTick() {
    String prefix = TradingTestKit.newPrefix("restart");
    String user = "restart-" + UUID.randomUUID();
    String persistenceId = "Dashboard|" + user;
    try (TradingServer first = TradingServer.start(TestRedis.shared().uri(), prefix, "")) {
      push(first, "ETH-USD", "3000.00");
      placeOpen(first, user, "waits", limitBuy("ETH-USD", "1", "2900.00"));
    }

    try (TradingServer second = TradingServer.start(TestRedis.shared().uri(), prefix, "")) {
      awaitTrue("the remembered dashboard starts without a request",
          () -> inMemory(second.system()).contains(user));
      assertEquals(2, events(second.system(), persistenceId).size(), "not filled yet");
      push(second, "ETH-USD", "2950.00");
      push(second, "ETH-USD", "2890.00");
      awaitTrue("the order fills on the crossing tick",
          () -> events(second.system(), persistenceId).size() == 3);
      TradingEvent.OrderFilled filled = assertInstanceOf(TradingEvent.OrderFilled.class,
          events(second.system(), persistenceId).get(2));
      assertEquals("waits", filled.orderId());
      assertEquals(new BigDecimal("2900.00"), filled.price());
    }
  }
}
