package gambit.testing;

import gambit.node.RedisServerProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A real Redis Cluster of master-only nodes for tests: one {@code redis-server} per node (through
 * {@link TestRedis}, so each has its own free loopback port and data folder), the 16384 hash
 * slots split into contiguous ranges, one range per node, in node order.
 *
 * <p>Built the way an operator would, with plain cluster commands sent over Lettuce (no
 * {@code redis-cli}): every node gets its own config epoch and its slots ({@code CLUSTER
 * ADDSLOTS}: Redis 6.2 has no {@code ADDSLOTSRANGE}), the first node meets the others, and
 * {@link #start} returns only once every node reports {@code cluster_state:ok} and the same slot
 * map. Not thread-safe; {@link #close()} stops every node.
 */
public final class TestRedisCluster implements AutoCloseable {

  /** The number of hash slots of every Redis Cluster. */
  public static final int SLOTS = 16384;

  private static final Duration CONVERGE_TIMEOUT = Duration.ofSeconds(30);

  private final List<RedisServerProcess> nodes;
  private final RedisClient admin;
  private final List<StatefulRedisConnection<String, String>> adminConnections = new ArrayList<>();

  private final String password;

  private TestRedisCluster(List<RedisServerProcess> nodes, String password) {
    this.nodes = nodes;
    this.password = password;
    this.admin = RedisClient.create();
  }

  /** Three masters, no replicas, no password. */
  public static TestRedisCluster start() {
    return start(3, Map.of());
  }

  /**
   * Starts {@code masters} nodes and forms a cluster of them.
   *
   * @param extraOptions further redis.conf directives for every node; a {@code requirepass}
   *     among them is also used by this class's own admin connections
   * @throws IllegalStateException when the cluster does not converge within 30 s
   */
  public static TestRedisCluster start(int masters, Map<String, String> extraOptions) {
    List<RedisServerProcess> nodes = new ArrayList<>();
    TestRedisCluster cluster = new TestRedisCluster(nodes, extraOptions.get("requirepass"));
    try {
      for (int i = 0; i < masters; i++) {
        nodes.add(TestRedis.start(nodeOptions(extraOptions)));
      }
      cluster.form();
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  private static Map<String, String> nodeOptions(Map<String, String> extraOptions) {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("cluster-enabled", "yes");
    // relative to the node's own data folder, so every node has its own file
    options.put("cluster-config-file", "nodes.conf");
    options.put("cluster-node-timeout", "3000");
    options.putAll(extraOptions);
    return options;
  }

  // ---------------------------------------------------------------- forming the cluster

  private void form() {
    for (int i = 0; i < nodes.size(); i++) {
      StatefulRedisConnection<String, String> connection = admin.connect(adminUri(nodes.get(i)));
      adminConnections.add(connection);
      RedisCommands<String, String> node = connection.sync();
      // distinct epochs up front, so the nodes need not resolve a config-epoch collision first
      node.clusterSetConfigEpoch(i + 1);
      node.clusterAddSlots(slotsOf(i));
    }
    RedisCommands<String, String> first = adminConnections.get(0).sync();
    for (RedisServerProcess other : nodes.subList(1, nodes.size())) {
      first.clusterMeet(other.host(), other.port());
    }
    awaitConverged();
  }

  private RedisURI adminUri(RedisServerProcess node) {
    RedisURI uri = RedisURI.create(node.uri());
    if (password != null) {
      uri.setPassword(password.toCharArray());
    }
    return uri;
  }

  /** The first and last slot (inclusive) that node {@code index} serves. */
  public int[] slotRange(int index) {
    int first = index * SLOTS / nodes.size();
    int last = (index + 1) * SLOTS / nodes.size() - 1;
    return new int[] {first, last};
  }

  private int[] slotsOf(int index) {
    int[] range = slotRange(index);
    return IntStream.rangeClosed(range[0], range[1]).toArray();
  }

  private void awaitConverged() {
    String expected = expectedSlotMap();
    long deadline = System.nanoTime() + CONVERGE_TIMEOUT.toNanos();
    List<String> last = List.of();
    while (System.nanoTime() < deadline) {
      last = adminConnections.stream().map(c -> describe(c.sync())).toList();
      if (last.stream().allMatch(state -> state.equals("ok " + expected))) {
        return;
      }
      sleep(50);
    }
    throw new IllegalStateException("Redis Cluster did not converge within "
        + CONVERGE_TIMEOUT.toSeconds() + " s; expected ok " + expected + ", nodes report " + last);
  }

  /** "ok|fail <slot map>", the slot map as sorted "first-last@port" ranges. */
  private static String describe(RedisCommands<String, String> node) {
    String state = node.clusterInfo().contains("cluster_state:ok") ? "ok" : "fail";
    TreeSet<String> ranges = new TreeSet<>();
    for (Object entry : node.clusterSlots()) {
      List<?> slot = (List<?>) entry;
      List<?> master = (List<?>) slot.get(2);
      ranges.add(slot.get(0) + "-" + slot.get(1) + "@" + master.get(1));
    }
    return state + " " + ranges;
  }

  private String expectedSlotMap() {
    TreeSet<String> ranges = new TreeSet<>();
    for (int i = 0; i < nodes.size(); i++) {
      int[] range = slotRange(i);
      ranges.add(range[0] + "-" + range[1] + "@" + nodes.get(i).port());
    }
    return ranges.toString();
  }

  // ---------------------------------------------------------------- for tests

  /** {@code redis-cluster://127.0.0.1:p1,127.0.0.1:p2,...}, the plugin's form. */
  public String uri() {
    return "redis-cluster://" + nodes.stream()
        .map(node -> node.host() + ":" + node.port())
        .collect(Collectors.joining(","));
  }

  /** The node processes, in slot order (node 0 serves the lowest slots). */
  public List<RedisServerProcess> nodes() {
    return List.copyOf(nodes);
  }

  /** A direct (not cluster-aware) connection to node {@code index}, owned by this object. */
  public RedisCommands<String, String> node(int index) {
    return adminConnections.get(index).sync();
  }

  /** The index of the node that serves {@code slot}. */
  public int nodeOfSlot(int slot) {
    for (int i = 0; i < nodes.size(); i++) {
      int[] range = slotRange(i);
      if (slot >= range[0] && slot <= range[1]) {
        return i;
      }
    }
    throw new IllegalArgumentException("no such slot: " + slot);
  }

  @Override
  public void close() {
    adminConnections.forEach(StatefulRedisConnection::close);
    admin.shutdown();
    nodes.forEach(RedisServerProcess::close);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the cluster formed", e);
    }
  }
}
