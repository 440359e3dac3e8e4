package gambit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import gambit.testing.ClusterDashboards;
import gambit.testing.ClusterGames;
import gambit.testing.ClusterOrders;
import gambit.testing.ClusterTraffic;
import gambit.testing.GameWatcher;
import gambit.testing.LocalCluster;
import gambit.testing.LocalCluster.MembersView;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three real node processes from the packaged jar plus one Redis, on loopback, faced with the
 * ways a node goes away: SIGKILL (crash), SIGTERM (a deploy), SIGSTOP then SIGCONT (a frozen
 * host that comes back). Before each fault, timed chess games are created, joined and played
 * through different nodes (no node affinity); after it, every acknowledged move must still be
 * there, read through the survivors, with consistent clocks. Each test starts from a whole
 * cluster of three Up members (restarting whatever an earlier test stopped), so they share one
 * cluster but not their outcome.
 *
 * <p>The figures it prints ({@code FAILOVER ...} lines in
 * {@code target/failsafe-reports/gambit.ClusterFailoverIT-output.txt}): how long the survivors
 * take to remove a lost node, and how long until a move on a game of the lost node is accepted
 * again through a survivor. {@code -Dgambit.failover.rounds=N} repeats the kill round N times
 * (killing the nodes in turn) and prints the median and the worst.
 *
 * <p>Orders go the same way: two traders place resting limit orders through different nodes
 * before each fault, and every acknowledged order must be open in their dashboards afterwards.
 *
 * <p>What clients live through each fault:
 * <ul>
 *   <li>SIGKILL: a spectator's WebSocket ({@code /ws/games/{id}}) opened on a survivor for the
 *       killed node's game stays the same open connection and shows the move accepted after the
 *       failover within {@link #SOCKET_TIMEOUT} (as a move frame, or a fresh state frame). A
 *       trader's dashboard is placed on the killed node on purpose (alone in its shard), with a
 *       resting limit order; with no client touching it, sharding must start it again on a
 *       survivor (seen in the shard regions), and a price pushed through a survivor as the
 *       operator that crosses the limit must fill the order within {@link #FILL_TIMEOUT}.
 *   <li>SIGTERM: client threads keep moving games of every node (two on the leaving node) and
 *       placing orders, through all three nodes, the leaving one included, before, during and
 *       after the shutdown ({@link ClusterTraffic}). No request may hang past its 10 s deadline
 *       or get a 500 or an error without a problem+json body; every acknowledged move and order
 *       must be there afterwards, read through the survivors.
 * </ul>
 */
@Tag("cluster")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFailoverIT {

  private static final int SIZE = 3;
  /** As in cluster.conf: where a game's shard runs is found from its id with it. */
  private static final int NUMBER_OF_SHARDS = ConfigFactory.load(ConfigFactory.parseResources(
      "application.conf")).getInt("akka.cluster.sharding.number-of-shards");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  /**
   * How long the survivors may take to remove a crashed node before the test fails. This is a
   * correctness bound (without a working downing provider a crashed node is never removed),
   * not the speed target: the target (15 s for the shards) is printed and kept in the README.
   */
  private static final Duration REMOVAL_TIMEOUT = Duration.ofSeconds(40);

  /** How often a move is re-sent while waiting for a lost node's game to come back. */
  private static final Duration RETRY_EVERY = Duration.ofMillis(250);
  private static final Duration PLAYABLE_TIMEOUT = Duration.ofSeconds(60);
  private static final int GAMES_PER_FAULT = 3;
  private static final int OPENING_PLIES = 4;
  private static final int ORDERS_PER_FAULT = 2;
  /**
   * How long a socket on a survivor may take to show a move: well under the 30 s periodic
   * re-check of a game socket, so an update lost by pub/sub and healed only by it fails here.
   */
  private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(10);
  /** How long a limit order may take to fill after the price that crosses it was pushed. */
  private static final Duration FILL_TIMEOUT = Duration.ofSeconds(15);
  /** How long traffic may take to flow again through every client (warm-up, after SIGTERM). */
  private static final Duration FLOW_TIMEOUT = Duration.ofSeconds(30);
  /** Environment of every node: cheap password hashes, no registration throttle, an operator. */
  private static final Map<String, String> NODE_ENV = Map.of(
      "PASSWORD_HASH_ITERATIONS", "1000",
      "REGISTER_MAX_PER_ADDRESS", "1000",
      "AUTH_OPERATORS", ClusterDashboards.OPERATOR);

  private static final HttpClient STALE_CLIENT = HttpClient.newHttpClient();

  private LocalCluster cluster;
  private ClusterGames games;
  private ClusterOrders orders;
  private ClusterDashboards dashboards;

  @BeforeAll
  void startCluster() throws Exception {
    cluster = LocalCluster.start(SIZE, NODE_ENV);
    Duration formed = cluster.awaitUp(SIZE, START_TIMEOUT);
    System.out.printf("FAILOVER cluster of %d formed in %d ms%n", SIZE, formed.toMillis());
    games = ClusterGames.players(cluster, NUMBER_OF_SHARDS);
    orders = ClusterOrders.traders(cluster);
    dashboards = ClusterDashboards.withOperator(cluster, NUMBER_OF_SHARDS);
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** Brings back whatever an earlier test left stopped, and waits for three Up members. */
  @BeforeEach
  void wholeCluster() throws Exception {
    for (int i = 0; i < SIZE; i++) {
      if (!cluster.isRunning(i)) {
        cluster.restart(i);
      }
    }
    cluster.awaitUp(SIZE, START_TIMEOUT);
  }

  @Test
  @Order(1)
  void everyNodeSeesTheSameThreeUpMembersAndServesTheApi() throws Exception {
    List<String> addresses = List.of(cluster.address(0), cluster.address(1), cluster.address(2));
    for (int i = 0; i < SIZE; i++) {
      MembersView view = cluster.view(i).orElseThrow();
      assertEquals(cluster.address(i), view.self());
      assertEquals(addresses, view.members().stream().map(LocalCluster.Member::address)
          .sorted(Comparator.comparing(addresses::indexOf)).toList(), view.toString());
      assertEquals(SIZE, view.upCount(), view.toString());

      HttpResponse<String> info = cluster.node(i).get("/api/info");
      assertEquals(200, info.statusCode(), info.body());
      assertTrue(info.body().contains("\"memberStatus\":\"Up\""), info.body());
      assertTrue(info.body().contains("\"members\":3"), info.body());
    }
  }

  /**
   * SIGKILL of the node that runs a given game. The survivors must mark it unreachable, down it
   * through the Split Brain Resolver and remove it; the game must take moves again through a
   * survivor, with every move acknowledged before the kill (on every game) still there.
   * Restarted on the same address, the node must rejoin the running cluster rather than form
   * one of its own (for node 0, the first seed, that is the interesting case).
   */
  @Test
  @Order(2)
  void aKilledNodesGamesArePlayableOnTheSurvivorsAndItRejoinsWhenRestarted() throws Exception {
    int rounds = Integer.getInteger("gambit.failover.rounds", 1);
    List<Long> removalMillis = new ArrayList<>();
    List<Long> playableMillis = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      if (round > 0) {
        wholeCluster();
      }
      Duration[] figures = killAndMeasure(round);
      removalMillis.add(figures[0].toMillis());
      playableMillis.add(figures[1].toMillis());
    }
    printFigures("SIGKILL -> removed by survivors", removalMillis);
    printFigures("SIGKILL -> a game of the killed node takes moves again", playableMillis);
  }

  /** One kill round; returns {time until removed, time until its game took a move}. */
  private Duration[] killAndMeasure(int round) throws Exception {
    List<String> played = writeThroughEveryNode();
    String game = played.get(round % played.size());
    int victim = hostOf(game);
    List<Integer> survivors = others(victim);
    int[] logMarks = logMarks(survivors);
    ClusterDashboards.Trader resting = dashboards.restingOrderOn(victim);
    int watchingNode = survivors.get((round + 1) % survivors.size());

    Duration removed;
    Duration playable;
    try (GameWatcher watcher = watch(game, watchingNode)) {
      assertEquals(victim, hostOf(game), "the game's shard moved before the kill (a rebalance)");
      assertTrue(dashboards.runsAloneOn(resting, victim), "the dashboard's shard moved before"
          + " the kill (a rebalance)");
      long start = System.nanoTime();
      cluster.kill(victim);
      CompletableFuture<Duration> removal = CompletableFuture.supplyAsync(() ->
          awaitRemoved(victim));
      CompletableFuture<Integer> dashboardBack = CompletableFuture.supplyAsync(() ->
          awaitRestartedElsewhere(resting, victim, start));
      playable = games.moveAcceptedAfter(game, survivors.get(round % survivors.size()), start,
          RETRY_EVERY, PLAYABLE_TIMEOUT);
      long acknowledged = start + playable.toNanos();
      removed = removal.get();
      System.out.printf("FAILOVER node %d SIGKILL -> removed by survivors after %d ms, its game"
          + " %s took a move again after %d ms%n", victim, removed.toMillis(), game,
          playable.toMillis());
      theSocketShowsTheMoveAcceptedAfterTheFailover(watcher, game, watchingNode, acknowledged);
      theRestingOrderFillsWithoutAClient(resting, victim, dashboardBack.get());
    }

    cluster.awaitUp(SIZE - 1, REMOVAL_TIMEOUT);
    String decisions = logsSince(survivors, logMarks);
    assertTrue(decisions.contains("SBR took decision DownUnreachable and is downing ["
        + cluster.address(victim) + "]"), "the resolver downed the node:\n" + decisions);
    acknowledgedWritesAreStillThere(survivors);

    long restarted = System.nanoTime();
    cluster.restart(victim);
    cluster.awaitCondition("the restarted node to join or form a cluster", START_TIMEOUT, () ->
        cluster.node(victim).logText().matches("(?s).*(Welcome from \\[|forming new cluster).*"));
    assertFalse(cluster.node(victim).logText().contains("forming new cluster"),
        "the restarted node formed a second cluster instead of rejoining:\n"
        + cluster.node(victim).logText());
    cluster.awaitUp(SIZE, START_TIMEOUT);
    System.out.printf("FAILOVER node %d restarted and Up in a cluster of %d after %d ms%n",
        victim, SIZE, Duration.ofNanos(System.nanoTime() - restarted).toMillis());
    acknowledgedWritesAreStillThere(cluster.live());
    return new Duration[] {removed, playable};
  }

  /**
   * A spectator's WebSocket on {@code node} for the game, shown to follow it before the fault:
   * one more move, played through that node, reaches it.
   */
  private GameWatcher watch(String game, int node) throws Exception {
    GameWatcher watcher = GameWatcher.connect(cluster.node(node).httpPort(), game);
    try {
      games.move(game, node);
      int plies = games.acknowledged(game).size();
      assertTrue(watcher.awaitPlies(plies, SOCKET_TIMEOUT), "the socket on node " + node
          + " did not show ply " + plies + " before the fault: " + watcher.summary());
      return watcher;
    } catch (Exception | AssertionError e) {
      watcher.close();
      throw e;
    }
  }

  /**
   * The socket opened on a survivor before the kill is still the same open connection, and
   * shows the move accepted after the failover (as a move frame, or a fresh state frame if it
   * had to catch up) within {@link #SOCKET_TIMEOUT} of the acknowledgement.
   */
  private void theSocketShowsTheMoveAcceptedAfterTheFailover(GameWatcher watcher, String game,
      int node, long acknowledgedAt) throws InterruptedException {
    int plies = games.acknowledged(game).size();
    boolean shown = watcher.awaitPlies(plies, SOCKET_TIMEOUT);
    long after = Duration.ofNanos(System.nanoTime() - acknowledgedAt).toMillis();
    List<JsonNode> frames = watcher.frames();
    System.out.printf("FAILOVER socket on node %d for game %s: %s; ply %d shown %d ms after"
        + " its acknowledgement%n", node, game, watcher.summary(), plies, shown ? after : -1);
    assertTrue(shown, "the socket on node " + node + " did not show ply " + plies + " within "
        + SOCKET_TIMEOUT + ": " + watcher.summary() + "\n" + frames);
    assertNull(watcher.endedHow(), "the socket did not stay open: " + watcher.summary());
  }

  /**
   * Waits until sharding has started the dashboard that ran on the killed node again on a
   * survivor, by itself: seen in the shard regions, never by asking the dashboard. Returns the
   * node it runs on.
   */
  private int awaitRestartedElsewhere(ClusterDashboards.Trader resting, int victim,
      long killedAt) {
    try {
      int host = dashboards.awaitRestartedElsewhere(resting, victim, PLAYABLE_TIMEOUT);
      System.out.printf("FAILOVER dashboard of %s (killed node %d) started again by itself on"
          + " node %d after %d ms%n", resting.name(), victim, host,
          Duration.ofNanos(System.nanoTime() - killedAt).toMillis());
      return host;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The dashboard that ran on the killed node, with a resting limit order, and that sharding
   * started again on a survivor without any client asking for it: a price pushed through a
   * survivor that crosses the limit fills the order within {@link #FILL_TIMEOUT}.
   */
  private void theRestingOrderFillsWithoutAClient(ClusterDashboards.Trader resting, int victim,
      int host) throws Exception {
    List<Integer> survivors = others(victim);
    dashboards.pushCrossingPrice(resting, survivors.get(0), PLAYABLE_TIMEOUT);
    long pushedAt = System.nanoTime();
    dashboards.awaitFilled(resting, survivors.get(1), FILL_TIMEOUT);
    System.out.printf("FAILOVER dashboard of %s on node %d: price pushed, its limit order"
        + " filled %d ms after the push%n", resting.name(), host,
        Duration.ofNanos(System.nanoTime() - pushedAt).toMillis());
  }

  private Duration awaitRemoved(int node) {
    try {
      return cluster.awaitRemoved(node, REMOVAL_TIMEOUT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * SIGTERM of node 1 while requests flow: coordinated shutdown hands its shards off and
   * leaves, so the others remove it without ever seeing it unreachable, and the process exits
   * 0. Meanwhile client threads keep moving games of every node (two of them on the leaving
   * one) and placing orders, through all three nodes, the leaving one included; see
   * {@link #requestsFlowingThroughTheShutdownEndCleanly}.
   */
  @Test
  @Order(3)
  void aTerminatedNodeLeavesGracefullyWithoutBecomingUnreachable() throws Exception {
    int leaving = 1;
    List<Integer> survivors = others(leaving);
    int[] logMarks = logMarks(survivors);
    String address = cluster.address(leaving);
    writeThroughEveryNode();
    ClusterTraffic traffic = ClusterTraffic.start(cluster, NUMBER_OF_SHARDS, leaving, 2, 2);
    try {
      traffic.awaitEveryClientAcknowledged(2, Long.MIN_VALUE, FLOW_TIMEOUT);

      long start = System.nanoTime();
      traffic.mark();
      cluster.terminate(leaving);
      List<String> unreachableSeen = new ArrayList<>();
      cluster.awaitCondition(address + " to leave", REMOVAL_TIMEOUT, () -> {
        survivors.forEach(j -> cluster.view(j)
            .filter(v -> v.unreachable().contains(address))
            .ifPresent(v -> unreachableSeen.add(v.toString())));
        return survivors.stream().allMatch(j -> cluster.view(j)
            .map(v -> !v.hasMember(address) && v.members().size() == SIZE - 1)
            .orElse(false));
      });
      System.out.printf("FAILOVER node %d SIGTERM -> left and removed after %d ms%n", leaving,
          Duration.ofNanos(System.nanoTime() - start).toMillis());

      assertEquals(Optional.of(Main.EXIT_STOPPED), cluster.node(leaving).awaitExit(
          Duration.ofSeconds(30)), cluster.node(leaving).logText());
      String log = cluster.node(leaving).logText();
      assertTrue(log.contains("Shutdown: leaving the cluster, handing off shards"), log);
      assertTrue(log.contains("Gambit node stopped (SIGTERM)"), log);
      assertEquals(List.of(), unreachableSeen, "a leaving node is never unreachable");
      String survivorLogs = logsSince(survivors, logMarks);
      assertFalse(survivorLogs.contains("Cluster member unreachable: " + address),
          survivorLogs);
      assertFalse(survivorLogs.contains("SBR took decision"), survivorLogs);
      assertTrue(survivorLogs.contains("Cluster member removed: " + address + " (was Exiting)"),
          survivorLogs);

      requestsFlowingThroughTheShutdownEndCleanly(traffic, leaving, start);
    } finally {
      traffic.stop();
    }
    acknowledgedWritesAreStillThere(survivors);
  }

  /**
   * The traffic of the SIGTERM test, once the node has exited: every client gets
   * acknowledgements again (the leaving node's games answer on the survivors), no request hung
   * past {@link ClusterTraffic#REQUEST_TIMEOUT}, none got a 500 or an error that is not
   * problem+json, and every acknowledged move and order is there, read through the survivors.
   */
  private void requestsFlowingThroughTheShutdownEndCleanly(ClusterTraffic traffic, int leaving,
      long terminatedAt) throws Exception {
    long exited = System.nanoTime();
    traffic.awaitEveryClientAcknowledged(2, exited, FLOW_TIMEOUT);
    traffic.stop();
    System.out.printf("FAILOVER node %d SIGTERM under traffic: games %s (game -> node), %d"
        + " writes acknowledged; outcomes per node of all requests %s, of those sent since the"
        + " SIGTERM (%d ms ago) %s%n", leaving, traffic.gameHosts(),
        traffic.acknowledgedWrites(), traffic.counts(),
        Duration.ofNanos(System.nanoTime() - terminatedAt).toMillis(),
        traffic.countsSinceMark());
    assertEquals(List.of(), traffic.problems(), "hung or bad answers during the shutdown");
    assertEquals(0, traffic.total(ClusterTraffic.Outcome.HANG));
    assertEquals(0, traffic.total(ClusterTraffic.Outcome.BAD));
    traffic.everyAcknowledgedRequestIsThere(others(leaving), PLAYABLE_TIMEOUT);
  }

  /**
   * SIGSTOP of the node that runs a given game, long enough for the others to down and remove
   * it; the game goes on through a survivor. Then SIGCONT: the resumed node still believes it is
   * a member and still holds the game, one move behind. A move that only its stale copy would
   * accept, sent to it while frozen (so that it is the first thing it handles when it resumes),
   * must not be acknowledged and must not reach the journal. The node must find itself
   * quarantined, down itself and exit with {@link Main#EXIT_REMOVED} (its supervisor restarts
   * it as a new member), and meanwhile never reappear in the survivors' membership.
   */
  @Test
  @Order(4)
  void aFrozenNodeThatWasDownedNeitherWritesNorReturnsAndExitsWhenResumed() throws Exception {
    String game = writeThroughEveryNode().get(0);
    int frozen = hostOf(game);
    List<Integer> survivors = others(frozen);
    String address = cluster.address(frozen);

    long start = System.nanoTime();
    cluster.suspend(frozen);
    Duration removed = cluster.awaitRemoved(frozen, REMOVAL_TIMEOUT);
    Duration playable = games.moveAcceptedAfter(game, survivors.get(0), start, RETRY_EVERY,
        PLAYABLE_TIMEOUT);
    System.out.printf("FAILOVER node %d SIGSTOP -> removed by survivors after %d ms, its game"
        + " %s took a move again after %d ms%n", frozen, removed.toMillis(), game,
        playable.toMillis());
    acknowledgedWritesAreStillThere(survivors);

    CompletableFuture<HttpResponse<String>> staleMove = STALE_CLIENT.sendAsync(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cluster.node(frozen).httpPort()
                + "/api/games/" + game + "/moves"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + games.lastPlayer(game))
            .POST(HttpRequest.BodyPublishers.ofString(games.rivalOfLastMoveBody(game))).build(),
        HttpResponse.BodyHandlers.ofString());
    cluster.resume(frozen);
    List<String> zombieSightings = new ArrayList<>();
    cluster.awaitCondition("the resumed node to exit", Duration.ofSeconds(40), () -> {
      survivors.forEach(j -> cluster.view(j)
          .filter(v -> v.hasMember(address) || v.members().size() != SIZE - 1)
          .ifPresent(v -> zombieSightings.add(v.toString())));
      return !cluster.isRunning(frozen);
    });

    String staleOutcome = outcome(staleMove);
    boolean refusedByJournal = cluster.node(frozen).logText().contains(
        "refused to write events");
    System.out.printf("FAILOVER stale move sent to the frozen node %d: %s; the journal %s%n",
        frozen, staleOutcome, refusedByJournal
            ? "refused its write (another incarnation had written since)"
            : "saw no write from it (the node stopped before the move reached the game)");
    assertFalse(staleOutcome.startsWith("200"), "a stale copy acknowledged a move: "
        + staleOutcome);
    acknowledgedWritesAreStillThere(survivors);

    assertEquals(Optional.of(Main.EXIT_REMOVED),
        cluster.node(frozen).awaitExit(Duration.ofSeconds(5)));
    String log = cluster.node(frozen).logText();
    assertTrue(log.contains("Gambit node stopped because the cluster removed it"), log);
    assertTrue(log.contains("ClusterDowningReason"), log);
    assertEquals(List.of(), zombieSightings, "the survivors never saw the resumed node again");
  }

  /** The status and body of a finished request, or why it has none. */
  private static String outcome(CompletableFuture<HttpResponse<String>> request) {
    try {
      HttpResponse<String> response = request.get(35, TimeUnit.SECONDS);
      return response.statusCode() + " " + response.body();
    } catch (ExecutionException e) {
      return "no answer (" + e.getCause() + ")";
    } catch (InterruptedException | TimeoutException e) {
      return "no answer (" + e + ")";
    }
  }

  // ----------------------------------------------------------------------------------------
  // Entity checks (games today; orders once the Dashboard entity exists)
  // ----------------------------------------------------------------------------------------

  /**
   * Before a fault: new games created, joined and opened through different nodes, and resting
   * orders placed by two traders through different nodes, all acknowledged. Returns the new
   * games' ids.
   */
  private List<String> writeThroughEveryNode() throws Exception {
    orders.placeThroughEveryNode(ORDERS_PER_FAULT);
    return games.createAndPlay(GAMES_PER_FAULT, OPENING_PLIES);
  }

  /**
   * After a fault, through the given nodes: each answers for the cluster it sees, every game
   * ever played here holds exactly its acknowledged moves, with consistent clocks, and every
   * acknowledged order is open in its trader's dashboard.
   */
  private void acknowledgedWritesAreStillThere(List<Integer> nodes) throws Exception {
    for (int i : nodes) {
      HttpResponse<String> info = cluster.node(i).get("/api/info");
      assertEquals(200, info.statusCode(), info.body());
    }
    games.everyAcknowledgedMoveIsThere(nodes, PLAYABLE_TIMEOUT);
    orders.everyAcknowledgedOrderIsThere(nodes, PLAYABLE_TIMEOUT);
  }

  /** The node that runs the game's shard now (the game was just played, so one does). */
  private int hostOf(String game) throws InterruptedException {
    int[] host = {-1};
    cluster.awaitCondition("a node to report the shard of game " + game,
        Duration.ofSeconds(10), () -> {
          host[0] = games.host(game).orElse(-1);
          return host[0] >= 0;
        });
    return host[0];
  }

  // ----------------------------------------------------------------------------------------
  // Helpers
  // ----------------------------------------------------------------------------------------

  private List<Integer> others(int node) {
    List<Integer> others = new ArrayList<>();
    for (int i = 0; i < SIZE; i++) {
      if (i != node) {
        others.add(i);
      }
    }
    return others;
  }

  private int[] logMarks(List<Integer> nodes) {
    return nodes.stream().mapToInt(i -> cluster.node(i).logText().length()).toArray();
  }

  private String logsSince(List<Integer> nodes, int[] marks) {
    StringBuilder text = new StringBuilder();
    for (int k = 0; k < nodes.size(); k++) {
      String log = cluster.node(nodes.get(k)).logText();
      text.append(log, Math.min(marks[k], log.length()), log.length());
    }
    return text.toString();
  }

  private static void printFigures(String what, List<Long> millis) {
    List<Long> sorted = millis.stream().sorted().toList();
    long median = sorted.get(sorted.size() / 2);
    System.out.printf("FAILOVER %s: runs %d, median %d ms, worst %d ms, all %s%n", what,
        sorted.size(), median, sorted.get(sorted.size() - 1), millis);
  }
}
