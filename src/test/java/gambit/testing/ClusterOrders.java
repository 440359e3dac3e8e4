package gambit.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Paper-trading orders placed through the HTTP API of a {@link LocalCluster}'s nodes, for
 * failover tests: two traders, each placing resting limit orders through different nodes (each
 * with its own {@code Idempotency-Key}), every acknowledged order remembered and read back
 * later. The orders are limit buys far below the market, so no price tick fills them while a
 * test runs and they stay open. Not thread-safe: one test thread drives it.
 */
public final class ClusterOrders {

  private static final String ORDER = "{\"symbol\":\"BTC-USD\",\"side\":\"buy\",\"type\":\"limit\","
      + "\"quantity\":\"0.01\",\"price\":\"1000.00\"}";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LocalCluster cluster;
  /** Trader's token -> the ids of the orders acknowledged with 201, in order. */
  private final Map<String, List<String>> acknowledged = new LinkedHashMap<>();

  private ClusterOrders(LocalCluster cluster) {
    this.cluster = cluster;
  }

  /** Registers and logs in two traders through two different nodes. */
  public static ClusterOrders traders(LocalCluster cluster) throws Exception {
    ClusterOrders orders = new ClusterOrders(cluster);
    List<Integer> live = cluster.live();
    orders.acknowledged.put(token(cluster.node(live.get(0)), "Trader_One"), new ArrayList<>());
    orders.acknowledged.put(token(cluster.node(live.get(live.size() - 1)), "Trader_Two"),
        new ArrayList<>());
    return orders;
  }

  private static String token(NodeProcess node, String name) throws Exception {
    String credentials = "{\"username\":\"" + name + "\",\"password\":\"correct horse 1\"}";
    ok(node.postJson("/api/auth/register", credentials), 201);
    return ok(node.postJson("/api/auth/login", credentials), 200).path("accessToken").asText();
  }

  /** Each trader places {@code perTrader} orders, each through the next live node in turn. */
  public void placeThroughEveryNode(int perTrader) throws Exception {
    List<Integer> live = cluster.live();
    int k = 0;
    for (Map.Entry<String, List<String>> trader : acknowledged.entrySet()) {
      for (int n = 0; n < perTrader; n++) {
        NodeProcess node = cluster.node(live.get(k++ % live.size()));
        JsonNode order = ok(node.postJson("/api/orders", ORDER,
            "Authorization", "Bearer " + trader.getKey(),
            "Idempotency-Key", UUID.randomUUID().toString()), 201);
        assertEquals("open", order.path("status").asText(), order.toString());
        trader.getValue().add(order.path("id").asText());
      }
    }
  }

  /**
   * Reads each trader's open orders through the given nodes in turn (waiting until each
   * answers: a dashboard with open orders is remembered, so it comes back by itself) and checks
   * that every acknowledged order is there, open, and nothing else.
   */
  public void everyAcknowledgedOrderIsThere(List<Integer> via, Duration timeout)
      throws Exception {
    int k = 0;
    for (Map.Entry<String, List<String>> trader : acknowledged.entrySet()) {
      int node = via.get(k++ % via.size());
      JsonNode[] list = new JsonNode[1];
      cluster.awaitCondition("the orders to answer through node " + node, timeout, () -> {
        list[0] = openOrdersOrNull(node, trader.getKey());
        return list[0] != null;
      });
      Set<String> open = new TreeSet<>();
      list[0].path("orders").forEach(o -> {
        assertEquals("open", o.path("status").asText(), o.toString());
        open.add(o.path("id").asText());
      });
      assertEquals(new TreeSet<>(trader.getValue()), open, "open orders: " + list[0]);
    }
  }

  /** How many orders were acknowledged so far, over both traders. */
  public int count() {
    return acknowledged.values().stream().mapToInt(List::size).sum();
  }

  private JsonNode openOrdersOrNull(int node, String token) {
    try {
      HttpResponse<String> response = cluster.node(node).get("/api/orders?status=open",
          "Authorization", "Bearer " + token);
      return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static JsonNode ok(HttpResponse<String> response, int status) throws IOException {
    assertEquals(status, response.statusCode(), response.body());
    return JSON.readTree(response.body());
  }
}
