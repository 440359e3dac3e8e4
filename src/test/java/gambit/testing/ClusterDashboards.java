package gambit.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Traders whose dashboards a test places on a chosen node, each with a resting limit order, and
 * the operator who pushes the price that crosses it: for failover tests of "an open limit order
 * fills when the price crosses even if the node that held its dashboard died and no client has
 * touched it since". Dashboards are sharded by user id; a new user's first request starts its
 * dashboard in a shard that sharding allocates to some node, so the test registers traders
 * until one lands on the node it wants, alone in its shard (so that the shard's entity count
 * tells whether this dashboard runs, without asking the dashboard).
 *
 * <p>The instrument is {@value #SYMBOL}, which no other test client trades here; the limit is
 * half its last price, so the running price simulator does not fill it by itself, and the
 * pushed price is below the limit. Needs the cluster started with
 * {@code AUTH_OPERATORS=}{@value #OPERATOR}. Not thread-safe: one test thread drives it.
 */
public final class ClusterDashboards {

  public static final String OPERATOR = "failover_operator";
  public static final String SYMBOL = "ETH-USD";
  /** When the instrument never had a tick: its catalogue reference price. */
  private static final BigDecimal REFERENCE_PRICE = new BigDecimal("3400.00");
  private static final int MAX_NEW_TRADERS = 10;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LocalCluster cluster;
  private final int numberOfShards;
  private final String operator;
  /** Traders registered so far whose dashboards have no open order of this class. */
  private final List<Trader> idle = new ArrayList<>();
  private int registered;

  /**
   * A trader with a resting limit buy.
   *
   * @param shardId the shard of its dashboard
   * @param orderId the resting order
   * @param limit the order's limit price
   */
  public record Trader(String name, String userId, String token, String shardId,
      String orderId, BigDecimal limit) {}

  private ClusterDashboards(LocalCluster cluster, int numberOfShards, String operator) {
    this.cluster = cluster;
    this.numberOfShards = numberOfShards;
    this.operator = operator;
  }

  /** Registers and logs in the operator. */
  public static ClusterDashboards withOperator(LocalCluster cluster, int numberOfShards)
      throws Exception {
    String token = login(cluster.node(cluster.live().get(0)), OPERATOR).path("accessToken")
        .asText();
    return new ClusterDashboards(cluster, numberOfShards, token);
  }

  /**
   * A trader whose dashboard runs on {@code node}, alone in its shard, with a resting limit buy
   * of {@value #SYMBOL} placed through another node. Reuses idle traders before registering
   * new ones.
   */
  public Trader restingOrderOn(int node) throws Exception {
    for (int attempt = 0; attempt <= MAX_NEW_TRADERS; attempt++) {
      Optional<Trader> candidate = idle.stream().filter(t -> aloneOn(t.shardId(), node))
          .findFirst();
      if (candidate.isPresent()) {
        idle.remove(candidate.get());
        Trader placed = place(candidate.get(), node);
        if (aloneOn(placed.shardId(), node)) {
          return placed;
        }
        idle.add(candidate.get());
        continue;
      }
      idle.add(newTrader());
    }
    throw new AssertionError("no new trader's dashboard landed on node " + node + " alone in"
        + " its shard after " + MAX_NEW_TRADERS + " tries\n" + cluster.describe());
  }

  /** Registers a trader and starts its dashboard (a read through the next live node). */
  private Trader newTrader() throws Exception {
    String name = "Resting_" + (registered++) + "_" + Long.toString(System.nanoTime() % 46656, 36);
    List<Integer> live = cluster.live();
    NodeProcess via = cluster.node(live.get(registered % live.size()));
    JsonNode user = login(via, name);
    String token = user.path("accessToken").asText();
    HttpResponse<String> dashboard = via.get("/api/dashboard", "Authorization",
        "Bearer " + token);
    assertEquals(200, dashboard.statusCode(), dashboard.body());
    String userId = user.path("userId").asText();
    return new Trader(name, userId, token, LocalCluster.shardId(userId, numberOfShards), null,
        null);
  }

  private Trader place(Trader trader, int node) throws Exception {
    NodeProcess via = cluster.node(cluster.live().stream().filter(i -> i != node).findFirst()
        .orElse(node));
    BigDecimal limit = lastPrice(via).divide(BigDecimal.valueOf(2), 2, RoundingMode.DOWN);
    HttpResponse<String> placed = via.postJson("/api/orders", "{\"symbol\":\"" + SYMBOL
            + "\",\"side\":\"buy\",\"type\":\"limit\",\"quantity\":\"1\",\"price\":\""
            + limit.toPlainString() + "\"}", "Authorization", "Bearer " + trader.token(),
        "Idempotency-Key", UUID.randomUUID().toString());
    assertEquals(201, placed.statusCode(), placed.body());
    JsonNode order = JSON.readTree(placed.body());
    assertEquals("open", order.path("status").asText(), order.toString());
    return new Trader(trader.name(), trader.userId(), trader.token(), trader.shardId(),
        order.path("id").asText(), limit);
  }

  private static BigDecimal lastPrice(NodeProcess via) throws Exception {
    HttpResponse<String> instrument = via.get("/api/instruments/" + SYMBOL);
    assertEquals(200, instrument.statusCode(), instrument.body());
    JsonNode last = JSON.readTree(instrument.body()).path("lastPrice");
    return last.isTextual() ? new BigDecimal(last.asText()) : REFERENCE_PRICE;
  }

  /** True when the trader's dashboard shard runs on {@code node} with no other dashboard. */
  public boolean runsAloneOn(Trader trader, int node) {
    return aloneOn(trader.shardId(), node);
  }

  /** True when the shard runs on {@code node} with exactly one entity. */
  private boolean aloneOn(String shardId, int node) {
    return cluster.shardLocation("Dashboard", shardId)
        .filter(l -> l.node() == node && l.entities() == 1).isPresent();
  }

  // ----------------------------------------------------------------------------------------
  // After the fault
  // ----------------------------------------------------------------------------------------

  /**
   * Waits until a node other than {@code lost} runs the trader's dashboard shard with an entity
   * in it: sharding restarted the remembered dashboard by itself. Asks only the shard regions,
   * never the dashboard.
   *
   * @return the node it runs on now
   */
  public int awaitRestartedElsewhere(Trader trader, int lost, Duration timeout)
      throws InterruptedException {
    int[] host = {-1};
    cluster.awaitCondition("the dashboard of " + trader.name() + " (shard " + trader.shardId()
        + ") to be started again by itself on a survivor", timeout, () -> {
          host[0] = cluster.shardLocation("Dashboard", trader.shardId())
              .filter(l -> l.node() != lost && l.entities() >= 1)
              .map(LocalCluster.ShardLocation::node).orElse(-1);
          return host[0] >= 0;
        });
    return host[0];
  }

  /**
   * Pushes one tick of {@value #SYMBOL} below the trader's limit through node {@code via} as
   * the operator, again while the answer is 503 (the price feed singleton may be moving to a
   * survivor), until it is accepted as the live price.
   */
  public void pushCrossingPrice(Trader trader, int via, Duration timeout) throws Exception {
    BigDecimal price = trader.limit().multiply(new BigDecimal("0.9"))
        .setScale(2, RoundingMode.DOWN);
    String body = "[{\"symbol\":\"" + SYMBOL + "\",\"price\":\"" + price.toPlainString()
        + "\"}]";
    cluster.awaitCondition("the tick push to be accepted through node " + via, timeout, () -> {
      try {
        HttpResponse<String> pushed = cluster.node(via).postJson("/api/market/ticks", body,
            "Authorization", "Bearer " + operator);
        if (pushed.statusCode() == 200) {
          assertEquals(1, JSON.readTree(pushed.body()).path("live").asInt(), pushed.body());
          return true;
        }
        assertEquals(503, pushed.statusCode(), pushed.body());
        return false;
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    });
  }

  /** Polls the trader's orders through {@code via} until the order is filled at its limit. */
  public void awaitFilled(Trader trader, int via, Duration timeout) throws Exception {
    JsonNode[] order = new JsonNode[1];
    cluster.awaitCondition("order " + trader.orderId() + " of " + trader.name() + " to fill",
        timeout, () -> {
          order[0] = orderOrNull(trader, via);
          return order[0] != null && "filled".equals(order[0].path("status").asText());
        });
    assertEquals(trader.limit().toPlainString(), order[0].path("fillPrice").asText(),
        order[0].toString());
  }

  private JsonNode orderOrNull(Trader trader, int via) {
    try {
      HttpResponse<String> response = cluster.node(via).get("/api/orders?status=all",
          "Authorization", "Bearer " + trader.token());
      if (response.statusCode() != 200) {
        return null;
      }
      for (JsonNode order : JSON.readTree(response.body()).path("orders")) {
        if (order.path("id").asText().equals(trader.orderId())) {
          return order;
        }
      }
      return null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Registers {@code name} and logs in: the login answer plus {@code userId}. */
  private static JsonNode login(NodeProcess node, String name) throws Exception {
    String credentials = "{\"username\":\"" + name + "\",\"password\":\"correct horse 1\"}";
    HttpResponse<String> registered = node.postJson("/api/auth/register", credentials);
    assertEquals(201, registered.statusCode(), registered.body());
    HttpResponse<String> login = node.postJson("/api/auth/login", credentials);
    assertEquals(200, login.statusCode(), login.body());
    ObjectNode answer = (ObjectNode) JSON.readTree(login.body());
    answer.put("userId", JSON.readTree(registered.body()).path("userId").asText());
    return answer;
  }
}
