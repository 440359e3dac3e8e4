package gambit.http;

import static gambit.http.TradingFlows.order;
import static gambit.http.TradingTestSupport.registered;
import static gambit.trading.TradingTestKit.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import com.fasterxml.jackson.databind.JsonNode;
import gambit.testing.TestRedis;
import gambit.testing.TradingServer;
import gambit.trading.TradingTestKit;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Two nodes of one cluster: a dashboard socket on the node that does not run the user's
 * dashboard gets its updates through pub/sub, and keeps getting them after that node leaves and
 * the dashboard (and the price feed, if it ran there) moves to the socket's node.
 */
class DashboardFailoverTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void aSocketFollowsTheDashboardAcrossNodesAndWhenItMoves() {
    TradingServer first = TradingServer.start(TestRedis.shared().uri(),
        TradingTestKit.newPrefix("failover"), "");
    TradingServer second = TradingServer.joining(first);
    try {
      awaitTrue("two Up members", () -> upMembers(first) == 2 && upMembers(second) == 2);
      String name = AuthFlows.newName("mover");
      String credentials = AuthFlows.credentials(name, AuthFlows.PASSWORD);
      String userId = AuthFlows.json(first.postJson("/api/auth/register", credentials))
          .path("userId").asText();
      String token = AuthFlows.json(first.postJson("/api/auth/login", credentials))
          .path("accessToken").asText();
      TradingTestKit.push(first, "ADA-USD", "0.7500");
      assertEquals(200, first.get("/api/dashboard", "Authorization", "Bearer " + token)
          .statusCode());
      TradingServer host = TradingTestSupport.hosts(first, userId) ? first : second;
      TradingServer other = host == first ? second : first;

      try (TradingSocketClient socket = TradingSocketClient.connect(
          other.wsUri("/ws/dashboard?access_token=" + token))) {
        assertEquals("snapshot", socket.next(WAIT).path("type").asText());
        awaitTrue("the dashboard's node knows the socket's topic",
            () -> registered(host.system(), "dashboard." + userId) == 1);
        assertEquals(201, buy(other, token).statusCode());
        JsonNode fill = socket.until(TradingSocketClient.type("fill"), WAIT);
        assertEquals("0.7500", fill.path("fill").path("price").asText());

        host.close();
        awaitTrue("the other node is alone", () -> upMembers(other) == 1);
        TradingTestKit.push(other, "ADA-USD", "0.8000");
        HttpResponse<String> again = buy(other, token);
        assertEquals(201, again.statusCode(), again.body());
        JsonNode moved = socket.until(TradingSocketClient.type("fill"), WAIT);
        assertEquals("0.8000", moved.path("fill").path("price").asText());
        assertEquals(true, TradingTestSupport.hosts(other, userId), "the dashboard moved");
      }
    } finally {
      second.close();
      first.close();
    }
  }

  private static HttpResponse<String> buy(TradingServer node, String token) {
    return node.postJson("/api/orders", order("ADA-USD", "buy", "market", "10", null),
        "Authorization", "Bearer " + token, "Idempotency-Key", UUID.randomUUID().toString());
  }

  private static long upMembers(TradingServer node) {
    return java.util.stream.StreamSupport.stream(
            Cluster.get(node.system()).state().getMembers().spliterator(), false)
        .filter(member -> member.status() == MemberStatus.up()).count();
  }
}
