package gambit.testing;

import akka.cluster.sharding.typed.HashCodeMessageExtractor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gambit.node.RedisServerProcess;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A real multi-process Gambit cluster on loopback, for tests: one {@code redis-server}
 * ({@link TestRedis}) and N nodes started from the packaged jar ({@link NodeProcess}), each with
 * its own free HTTP, management and remoting ports (kept across {@link #restart}), the same
 * {@code REDIS_URI} and {@code JWT_SECRET}, and either {@code SEED_NODES} naming the first two
 * nodes or cluster bootstrap over every node's management endpoint ({@link JoinMethod}).
 *
 * <p>Nodes are numbered from 0; node 0 is the first seed and, once the cluster has formed, the
 * oldest member. Every wait polls akka-management's {@code /cluster/members} of the nodes that
 * are running and not suspended; none sleeps a fixed time. Not thread-safe: one test thread
 * drives it. {@link #close} stops every node (SIGCONT first for a suspended one) and Redis.
 */
public final class LocalCluster implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration POLL = Duration.ofMillis(200);

  private final Path workDir;
  private final RedisServerProcess redis;
  private final Map<String, String> sharedEnv;
  private final List<Node> nodes = new ArrayList<>();

  private LocalCluster(Path workDir, RedisServerProcess redis, Map<String, String> sharedEnv) {
    this.workDir = workDir;
    this.redis = redis;
    this.sharedEnv = sharedEnv;
  }

  /**
   * Starts Redis and {@code size} nodes (they start in parallel and join through the seed
   * nodes); returns at once. Call {@link #awaitUp(int, Duration)} before using them.
   *
   * @param extraEnv environment for every node on top of the cluster's own (may override it)
   */
  public static LocalCluster start(int size, Map<String, String> extraEnv) throws IOException {
    return start(size, JoinMethod.SEED_NODES, extraEnv);
  }

  /**
   * Starts Redis and {@code size} nodes that join by {@code joinMethod}; returns at once.
   *
   * @param extraEnv environment for every node on top of the cluster's own (may override it)
   */
  public static LocalCluster start(int size, JoinMethod joinMethod, Map<String, String> extraEnv)
      throws IOException {
    Path workDir = Files.createTempDirectory(
        Files.createDirectories(Path.of("target", "local-cluster")), "cluster-");
    RedisServerProcess redis = TestRedis.start(Map.of());
    List<Ports> ports = IntStream.range(0, size).mapToObj(i -> Ports.free()).toList();
    Map<String, String> env = new HashMap<>();
    env.put("REDIS_URI", redis.uri());
    env.put("JWT_SECRET", randomSecret());
    env.putAll(joinMethod.env(ports));
    env.putAll(extraEnv);
    LocalCluster cluster = new LocalCluster(workDir, redis, Map.copyOf(env));
    try {
      for (int i = 0; i < size; i++) {
        cluster.nodes.add(new Node(i, ports.get(i), workDir.resolve("node-" + i)));
        cluster.launch(i);
      }
    } catch (IOException | RuntimeException e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  private static String randomSecret() {
    byte[] secret = new byte[48];
    new SecureRandom().nextBytes(secret);
    return Base64.getEncoder().encodeToString(secret);
  }

  // ----------------------------------------------------------------------------------------
  // Access
  // ----------------------------------------------------------------------------------------

  public int size() {
    return nodes.size();
  }

  /** The running process of node {@code i} (the latest incarnation after a restart). */
  public NodeProcess node(int i) {
    return nodes.get(i).process;
  }

  /** Node {@code i}'s cluster address, {@code akka://gambit@127.0.0.1:<port>}. */
  public String address(int i) {
    return "akka://gambit@127.0.0.1:" + nodes.get(i).ports.cluster();
  }

  /** The shared Redis's URI, e.g. to check what the entities stored. */
  public String redisUri() {
    return redis.uri();
  }

  /** The folder holding every node's logs. */
  public Path workDir() {
    return workDir;
  }

  /** True while node {@code i}'s process runs (suspended counts as running). */
  public boolean isRunning(int i) {
    return nodes.get(i).process.process().isAlive();
  }

  /** The indexes of the nodes that run and are not suspended. */
  public List<Integer> live() {
    return IntStream.range(0, nodes.size())
        .filter(i -> isRunning(i) && !nodes.get(i).suspended).boxed().toList();
  }

  // ----------------------------------------------------------------------------------------
  // Faults
  // ----------------------------------------------------------------------------------------

  /** SIGKILL: the node dies without leaving; the survivors must detect and down it. */
  public void kill(int i) throws InterruptedException {
    nodes.get(i).process.kill();
    nodes.get(i).process.awaitExit(Duration.ofSeconds(10));
  }

  /** SIGTERM: the node runs coordinated shutdown, hands off and leaves. Returns at once. */
  public void terminate(int i) {
    nodes.get(i).process.terminate();
  }

  /** SIGSTOP: the process freezes (a long GC pause, a VM migration, a cut-off host). */
  public void suspend(int i) throws IOException, InterruptedException {
    signal(i, "STOP");
    nodes.get(i).suspended = true;
  }

  /** SIGCONT: a suspended process runs on, unaware of the time it lost. */
  public void resume(int i) throws IOException, InterruptedException {
    signal(i, "CONT");
    nodes.get(i).suspended = false;
  }

  private void signal(int i, String signal) throws IOException, InterruptedException {
    long pid = nodes.get(i).process.process().pid();
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
        .redirectErrorStream(true).start();
    if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IllegalStateException("kill -" + signal + " " + pid + " failed: "
          + new String(kill.getInputStream().readAllBytes()));
    }
  }

  /**
   * Starts node {@code i} again on the same ports with the same environment, after it exited
   * (or kills it first if it still runs). Returns at once; a new log file is started.
   */
  public void restart(int i) throws IOException, InterruptedException {
    restart(i, Map.of());
  }

  /**
   * As {@link #restart(int)}, with {@code extraEnv} on top of the cluster's environment for this
   * incarnation only (e.g. {@code JAVA_TOOL_OPTIONS} with a differing setting).
   */
  public void restart(int i, Map<String, String> extraEnv)
      throws IOException, InterruptedException {
    Node node = nodes.get(i);
    if (node.process.process().isAlive()) {
      if (node.suspended) {
        resume(i);
      }
      kill(i);
    }
    launch(i, extraEnv);
  }

  private void launch(int i) throws IOException {
    launch(i, Map.of());
  }

  private void launch(int i, Map<String, String> extraEnv) throws IOException {
    Node node = nodes.get(i);
    Map<String, String> env = new HashMap<>(sharedEnv);
    env.putAll(extraEnv);
    env.put("HTTP_PORT", Integer.toString(node.ports.http()));
    env.put("MANAGEMENT_PORT", Integer.toString(node.ports.management()));
    env.put("CLUSTER_PORT", Integer.toString(node.ports.cluster()));
    node.process = NodeProcess.start(node.dir, env);
    node.suspended = false;
  }

  // ----------------------------------------------------------------------------------------
  // Waits
  // ----------------------------------------------------------------------------------------

  /**
   * Waits until every live node is ready and sees exactly {@code members} members, all Up, and
   * nobody unreachable. Fails with the views and the logs of the nodes otherwise.
   *
   * @return how long it took
   */
  public Duration awaitUp(int members, Duration timeout) throws InterruptedException {
    return awaitCondition("every live node to see " + members + " Up members", timeout, () ->
        live().stream().allMatch(i -> ready(i) && view(i)
            .map(v -> v.upCount() == members && v.members().size() == members
                && v.unreachable().isEmpty())
            .orElse(false)));
  }

  /**
   * Waits until every live node other than {@code i} no longer lists node {@code i}'s address
   * as a member and sees nobody unreachable: the cluster has removed it and is stable.
   *
   * @return how long it took
   */
  public Duration awaitRemoved(int i, Duration timeout) throws InterruptedException {
    String address = address(i);
    return awaitCondition(address + " to be removed by every other live node", timeout, () ->
        live().stream().filter(j -> j != i).allMatch(j -> view(j)
            .map(v -> !v.hasMember(address) && v.unreachable().isEmpty())
            .orElse(false)));
  }

  /** Waits until some other live node reports node {@code i} unreachable. */
  public Duration awaitUnreachable(int i, Duration timeout) throws InterruptedException {
    String address = address(i);
    return awaitCondition(address + " to be unreachable", timeout, () ->
        live().stream().filter(j -> j != i).anyMatch(j -> view(j)
            .map(v -> v.unreachable().contains(address)).orElse(false)));
  }

  /**
   * Polls {@code condition} until it holds; the generic wait that entity checks build on (for
   * example: until a move on a game of a killed node is accepted again).
   *
   * @return how long it took
   * @throws AssertionError with {@code what} and every node's view and log tail on timeout
   */
  public Duration awaitCondition(String what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return Duration.ofNanos(System.nanoTime() - start);
      }
      Thread.sleep(POLL.toMillis());
    }
    throw new AssertionError("timed out after " + timeout + " waiting for " + what + "\n"
        + describe());
  }

  // ----------------------------------------------------------------------------------------
  // Views
  // ----------------------------------------------------------------------------------------

  /** What node {@code j} answers on {@code /cluster/members}; empty while it cannot answer. */
  public Optional<MembersView> view(int j) {
    try {
      HttpResponse<String> response = node(j).management("/cluster/members");
      return response.statusCode() == 200
          ? Optional.of(MembersView.parse(JSON.readTree(response.body())))
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private boolean ready(int j) {
    try {
      return node(j).management("/ready").statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Where a shard of an entity type runs now, as the live nodes' akka-management reports it
   * ({@code /cluster/shards/<entity type>}: each node lists the shards of its own region, with
   * how many entities each has started). Asking a region does not touch its entities. Empty
   * while no live node reports the shard (not allocated yet, or moving).
   */
  public Optional<ShardLocation> shardLocation(String entityType, String shardId) {
    for (int i : live()) {
      try {
        HttpResponse<String> response = node(i).management("/cluster/shards/" + entityType);
        for (JsonNode region : JSON.readTree(response.body()).path("regions")) {
          if (region.path("shardId").asText().equals(shardId)) {
            return Optional.of(new ShardLocation(i, region.path("numEntities").asInt()));
          }
        }
      } catch (IOException e) {
        // this node cannot answer now; another may
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** The shard of an entity id, as sharding's default extractor computes it. */
  public static String shardId(String entityId, int numberOfShards) {
    return new HashCodeMessageExtractor<>(numberOfShards).shardId(entityId);
  }

  /** Every node's state, view and the end of its log, for failure messages. */
  public String describe() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < nodes.size(); i++) {
      Node node = nodes.get(i);
      text.append("--- node ").append(i).append(" (").append(address(i)).append(", ")
          .append(isRunning(i) ? (node.suspended ? "suspended" : "running") : "exited")
          .append(") view: ").append(isRunning(i) && !node.suspended ? view(i) : "-")
          .append('\n').append(tail(node.process.logText(), 40)).append('\n');
    }
    return text.toString();
  }

  private static String tail(String text, int lines) {
    String[] all = text.split("\n");
    return String.join("\n", List.of(all).subList(Math.max(0, all.length - lines), all.length));
  }

  @Override
  public void close() {
    for (Node node : nodes) {
      if (node.process == null) {
        continue;
      }
      try {
        if (node.suspended) {
          resume(node.index);
        }
        node.process.close();
      } catch (IOException | InterruptedException | RuntimeException e) {
        node.process.kill();
      }
    }
    redis.close();
  }

  // ----------------------------------------------------------------------------------------
  // Types
  // ----------------------------------------------------------------------------------------

  /** How the nodes find each other. */
  public enum JoinMethod {
    /** {@code SEED_NODES} = the first two nodes' remoting addresses. */
    SEED_NODES,
    /** {@code CLUSTER_BOOTSTRAP=on}, "config" discovery listing every node's management port. */
    BOOTSTRAP;

    Map<String, String> env(List<Ports> ports) {
      if (this == SEED_NODES) {
        return Map.of("SEED_NODES", ports.stream().limit(2)
            .map(p -> "127.0.0.1:" + p.cluster()).collect(Collectors.joining(",")));
      }
      return Map.of(
          "CLUSTER_BOOTSTRAP", "on",
          "BOOTSTRAP_CONTACT_POINTS", ports.stream()
              .map(p -> "127.0.0.1:" + p.management()).collect(Collectors.joining(",")),
          "BOOTSTRAP_REQUIRED_CONTACT_POINTS", Integer.toString(ports.size()));
    }
  }

  /** One node's fixed ports. */
  public record Ports(int http, int management, int cluster) {
    static Ports free() {
      return new Ports(FreePorts.next(), FreePorts.next(),
          FreePorts.next());
    }
  }

  /** A shard's node and how many entities it runs there. */
  public record ShardLocation(int node, int entities) {}

  /** One member as akka-management lists it. */
  public record Member(String address, String status) {}

  /**
   * One node's view of the cluster from {@code /cluster/members}.
   *
   * @param self the answering node's address
   * @param members every member with its status (Joining, Up, Leaving, Exiting, Down, ...)
   * @param unreachable the addresses some member currently cannot reach
   */
  public record MembersView(String self, List<Member> members, List<String> unreachable) {

    static MembersView parse(JsonNode json) {
      List<Member> members = new ArrayList<>();
      json.path("members").forEach(m ->
          members.add(new Member(m.path("node").asText(), m.path("status").asText())));
      List<String> unreachable = new ArrayList<>();
      json.path("unreachable").forEach(u -> unreachable.add(u.path("node").asText()));
      return new MembersView(json.path("selfNode").asText(), List.copyOf(members),
          List.copyOf(unreachable));
    }

    public long upCount() {
      return members.stream().filter(m -> m.status().equals("Up")).count();
    }

    public boolean hasMember(String address) {
      return members.stream().anyMatch(m -> m.address().equals(address));
    }
  }

  private static final class Node {
    final int index;
    final Ports ports;
    final Path dir;
    NodeProcess process;
    boolean suspended;

    Node(int index, Ports ports, Path dir) {
      this.index = index;
      this.ports = ports;
      this.dir = dir;
    }
  }
}
