package gambit.http;

import static gambit.http.TradingFlows.order;
import static gambit.http.TradingTestSupport.registered;
import static gambit.trading.TradingTestKit.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import com.fasterxml.jackson.databind.JsonNode;
import gambit.testing.TestRedis;
import gambit.testing.TradingServer;
import gambit.trading.TradingTestKit;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes of one cluster, the price feed on the first and a dashboard with a resting limit
 * order on the second: a tick that crosses the limit must fill it even when it is published
 * while pub/sub cannot deliver it yet, as after a failover: the dashboard has just started
 * watching the instrument (its node's subscription has not reached the feed's node yet). The
 * simulator is off, so the pushed tick is the only one.
 */
class TwoNodeTickDeliveryTest {

  private TradingServer feedNode;
  private TradingServer other;

  @BeforeEach
  void twoNodes() {
    feedNode = TradingServer.start(TestRedis.shared().uri(),
        TradingTestKit.newPrefix("tick-delivery"), "");
    other = TradingServer.joining(feedNode);
    awaitTrue("two Up members", () -> upMembers(feedNode) == 2 && upMembers(other) == 2);
  }

  @AfterEach
  void stop() {
    other.close();
    feedNode.close();
  }

  @Test
  void aLimitOrderFillsOnACrossingTickPublishedBeforeItsSubscriptionReachedTheFeed() {
    String token = userWithDashboardOn(other);
    TradingTestKit.push(feedNode, "SOL-USD", "150.00");

    HttpResponse<String> placed = other.postJson("/api/orders",
        order("SOL-USD", "buy", "limit", "1", "100.00"), "Authorization", "Bearer " + token,
        "Idempotency-Key", UUID.randomUUID().toString());
    assertEquals(201, placed.statusCode(), placed.body());
    String orderId = AuthFlows.json(placed).path("id").asText();
    boolean spreadBeforeTheTick = registered(feedNode.system(), "ticks.SOL-USD") == 1;
    TradingTestKit.push(feedNode, "SOL-USD", "90.00");

    awaitTrue("the order to fill (the feed node's receptionist had" + (spreadBeforeTheTick ? ""
        : " not yet") + " listed the new subscription when the tick was published; its topic"
        + " learns of it later still)",
        () -> "filled".equals(orderOf(token, orderId).path("status").asText()));
    assertEquals("100.00", orderOf(token, orderId).path("fillPrice").asText());
  }

  /** A new user whose dashboard runs on {@code node}; its access token. */
  private String userWithDashboardOn(TradingServer node) {
    for (int attempt = 0; attempt < 10; attempt++) {
      String name = AuthFlows.newName("ticks");
      String credentials = AuthFlows.credentials(name, AuthFlows.PASSWORD);
      String userId = AuthFlows.json(node.postJson("/api/auth/register", credentials))
          .path("userId").asText();
      String token = AuthFlows.json(node.postJson("/api/auth/login", credentials))
          .path("accessToken").asText();
      assertEquals(200, node.get("/api/dashboard", "Authorization", "Bearer " + token)
          .statusCode());
      if (TradingTestSupport.hosts(node, userId)) {
        return token;
      }
    }
    throw new AssertionError("no new user's dashboard started on the node in 10 tries");
  }

  private JsonNode orderOf(String token, String orderId) {
    HttpResponse<String> orders = other.get("/api/orders?status=all", "Authorization",
        "Bearer " + token);
    assertEquals(200, orders.statusCode(), orders.body());
    for (JsonNode order : AuthFlows.json(orders).path("orders")) {
      if (order.path("id").asText().equals(orderId)) {
        return order;
      }
    }
    throw new AssertionError("no order " + orderId + " in " + orders.body());
  }

  private static long upMembers(TradingServer node) {
    return StreamSupport.stream(Cluster.get(node.system()).state().getMembers().spliterator(),
            false)
        .filter(member -> member.status() == MemberStatus.up()).count();
  }
}
