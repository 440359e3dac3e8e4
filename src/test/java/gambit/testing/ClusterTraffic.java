package gambit.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gambit.chess.rules.PgnReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Requests that keep flowing through every node of a {@link LocalCluster} while a test stops
 * one, each with its outcome recorded: one client thread per game, moving it through the nodes
 * in turn, and one per trader, placing resting limit orders through the nodes in turn. Every
 * request has a deadline of {@link #REQUEST_TIMEOUT}; one that passes it counts as a hang.
 *
 * <p>Clients behave as the API asks a careful client to: a move carries its ply and, after an
 * unclear outcome (no answer, a refused or reset connection, a 503), the same move is sent again
 * with the same ply, which answers 200 if the first one was played after all; an order whose
 * outcome is unclear is sent again with the same {@code Idempotency-Key}. So every acknowledged
 * request must be in the store afterwards, and at most one unacknowledged move per game (the
 * one being retried) and one order per trader may be there too.
 *
 * <p>The games are untimed and follow a long recorded game (Carlsen - Nepomniachtchi, 2021,
 * game 6: 272 plies) so that a game never ends while a test runs. Start with {@link #start},
 * end with {@link #stop}; the outcome methods are thread-safe.
 */
public final class ClusterTraffic {

  /** Longer than any answer the API gives on purpose (the ask timeout is 5 s). */
  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  /**
   * Between two requests of one client: enough traffic without starving the nodes' CPUs, and
   * slow enough that no client runs out (272 plies, 95 orders) in the ~20 s a test needs.
   */
  private static final long MOVE_PAUSE_MILLIS = 150;
  private static final long ORDER_PAUSE_MILLIS = 300;
  /** Orders per trader at most: the account refuses more than 100 open orders. */
  private static final int MAX_ORDERS = 95;
  /** Enough that two land on one given node of three but in ~1 run in 10,000. */
  private static final int MAX_GAMES_CREATED = 30;
  private static final String ORDER = "{\"symbol\":\"BTC-USD\",\"side\":\"buy\",\"type\":\"limit\","
      + "\"quantity\":\"0.001\",\"price\":\"2000.00\"}";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** How one request ended, from the client's side. */
  public enum Outcome {
    /** 2xx: the server says it is done; it must be in the store. */
    ACKNOWLEDGED,
    /** 409 with the game's view: a stale or future ply, consistent with what was played. */
    CONFLICT,
    /** Any other 4xx or 5xx with an {@code application/problem+json} body. */
    CLEAN_ERROR,
    /** Connection refused, reset or closed before any answer: not acknowledged. */
    NO_ANSWER,
    /** No answer within {@link #REQUEST_TIMEOUT}. */
    HANG,
    /** Anything else: a 500, an error without a problem body, an inconsistent 409. */
    BAD
  }

  private final LocalCluster cluster;
  private final List<String> script;
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2)).build();
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final List<GameClient> games = new ArrayList<>();
  private final List<OrderClient> traders = new ArrayList<>();
  private final Map<Integer, Map<Outcome, Integer>> counts = new TreeMap<>();
  private final Map<Integer, Map<Outcome, Integer>> countsSinceMark = new TreeMap<>();
  /** Requests sent from this {@link System#nanoTime} on are also counted apart. */
  private volatile long mark = Long.MAX_VALUE;
  private final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
  private String white;
  private String black;

  private ClusterTraffic(LocalCluster cluster, List<String> script) {
    this.cluster = cluster;
    this.script = script;
  }

  /**
   * Registers two players and {@code traderCount} traders, creates untimed games until every
   * live node runs at least one and {@code focus} runs {@code onFocus}, and starts a client
   * thread per game and per trader. Returns once they all run.
   *
   * @param numberOfShards as in cluster.conf, to find where each game runs
   */
  public static ClusterTraffic start(LocalCluster cluster, int numberOfShards, int focus,
      int onFocus, int traderCount) throws Exception {
    ClusterTraffic traffic = new ClusterTraffic(cluster, recordedGame());
    String run = Long.toString(System.nanoTime() % 1_000_000, 36);
    traffic.white = token(cluster, "Traffic_W_" + run);
    traffic.black = token(cluster, "Traffic_B_" + run);
    traffic.createGames(numberOfShards, focus, onFocus);
    for (int t = 0; t < traderCount; t++) {
      traffic.traders.add(traffic.new OrderClient(token(cluster, "Traffic_T" + t + "_" + run)));
    }
    traffic.games.forEach(traffic.threads::submit);
    traffic.traders.forEach(traffic.threads::submit);
    return traffic;
  }

  private static List<String> recordedGame() throws IOException {
    try (InputStream in = ClusterTraffic.class.getResourceAsStream(
        "/games/carlsen-nepomniachtchi-2021.pgn")) {
      return PgnReader.read(new String(in.readAllBytes(), StandardCharsets.UTF_8)).game()
          .sanMoves();
    }
  }

  private static String token(LocalCluster cluster, String name) throws Exception {
    NodeProcess node = cluster.node(cluster.live().get(0));
    String credentials = "{\"username\":\"" + name + "\",\"password\":\"correct horse 1\"}";
    HttpResponse<String> registered = node.postJson("/api/auth/register", credentials);
    assertEquals(201, registered.statusCode(), registered.body());
    HttpResponse<String> login = node.postJson("/api/auth/login", credentials);
    assertEquals(200, login.statusCode(), login.body());
    return JSON.readTree(login.body()).path("accessToken").asText();
  }

  private void createGames(int numberOfShards, int focus, int onFocus) throws Exception {
    List<Integer> live = cluster.live();
    Map<Integer, Integer> perNode = new TreeMap<>();
    for (int g = 0; g < MAX_GAMES_CREATED && !enoughGames(perNode, live, focus, onFocus); g++) {
      NodeProcess via = cluster.node(live.get(g % live.size()));
      HttpResponse<String> created = via.postJson("/api/games",
          "{\"timeControl\":\"none\",\"color\":\"white\"}", ClusterGames.auth(white));
      assertEquals(201, created.statusCode(), created.body());
      String id = JSON.readTree(created.body()).path("gameId").asText();
      HttpResponse<String> joined = via.postJson("/api/games/" + id + "/join", "{}",
          ClusterGames.auth(black));
      assertEquals(200, joined.statusCode(), joined.body());
      int host = cluster.shardLocation("ChessGame", LocalCluster.shardId(id, numberOfShards))
          .orElseThrow(() -> new AssertionError("no node reports the shard of " + id))
          .node();
      int wanted = host == focus ? onFocus : 1;
      if (perNode.getOrDefault(host, 0) < wanted) {
        perNode.merge(host, 1, Integer::sum);
        games.add(new GameClient(id, host));
      }
    }
    assertTrue(enoughGames(perNode, live, focus, onFocus), "games per node: " + perNode);
  }

  private static boolean enoughGames(Map<Integer, Integer> perNode, List<Integer> live,
      int focus, int onFocus) {
    return live.stream().allMatch(i -> perNode.getOrDefault(i, 0) >= (i == focus ? onFocus : 1));
  }

  // ----------------------------------------------------------------------------------------
  // Control
  // ----------------------------------------------------------------------------------------

  /**
   * Waits until every client has had {@code count} requests acknowledged since
   * {@code sinceNanos} (a {@link System#nanoTime} value), or a request hung or was answered
   * badly.
   */
  public void awaitEveryClientAcknowledged(int count, long sinceNanos, Duration timeout)
      throws InterruptedException {
    cluster.awaitCondition("every traffic client to get " + count + " acknowledgements",
        timeout, () -> clients().stream().allMatch(c -> c.acknowledgedSince(sinceNanos) >= count)
            || !problems.isEmpty());
  }

  /** From now on, outcomes are also counted apart ({@link #countsSinceMark}). */
  public void mark() {
    mark = System.nanoTime();
  }

  /** Stops sending and waits for the requests in flight (each ends within its deadline). */
  public void stop() throws InterruptedException {
    stopping.set(true);
    threads.shutdown();
    assertTrue(threads.awaitTermination(REQUEST_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS),
        "traffic clients did not stop");
  }

  // ----------------------------------------------------------------------------------------
  // Outcomes
  // ----------------------------------------------------------------------------------------

  /** Per node, how many requests ended how, e.g. {@code {1={ACKNOWLEDGED=40, NO_ANSWER=3}}}. */
  public synchronized Map<Integer, Map<Outcome, Integer>> counts() {
    return copy(counts);
  }

  /** As {@link #counts}, for the requests sent since {@link #mark} was called. */
  public synchronized Map<Integer, Map<Outcome, Integer>> countsSinceMark() {
    return copy(countsSinceMark);
  }

  private static Map<Integer, Map<Outcome, Integer>> copy(
      Map<Integer, Map<Outcome, Integer>> counts) {
    Map<Integer, Map<Outcome, Integer>> copy = new TreeMap<>();
    counts.forEach((node, byOutcome) -> copy.put(node, new EnumMap<>(byOutcome)));
    return copy;
  }

  /** How many requests ended this way, over every node. */
  public synchronized int total(Outcome outcome) {
    return counts.values().stream().mapToInt(m -> m.getOrDefault(outcome, 0)).sum();
  }

  /** Each hang or bad answer, described (node, request, status, body). */
  public List<String> problems() {
    return List.copyOf(problems);
  }

  /**
   * Reads every game and every trader's open orders through {@code via} (polling until each
   * answers) and checks: each game holds a prefix of the script that contains every
   * acknowledged move and at most the one move after them that was being retried; each
   * trader's open orders contain every acknowledged one, plus at most one whose placement was
   * left unclear.
   */
  public void everyAcknowledgedRequestIsThere(List<Integer> via, Duration timeout)
      throws Exception {
    int k = 0;
    for (GameClient game : games) {
      int node = via.get(k++ % via.size());
      JsonNode view = await(node, "/api/games/" + game.id, null, timeout);
      List<String> san = new ArrayList<>();
      view.path("san").forEach(m -> san.add(m.asText()));
      int acknowledged = game.acknowledgedPlies();
      assertTrue(san.size() >= acknowledged && san.size() <= acknowledged + 1,
          "game " + game.id + " has " + san.size() + " plies, " + acknowledged
              + " were acknowledged: " + view);
      assertEquals(script.subList(0, san.size()), san, "moves of " + game.id);
    }
    for (OrderClient trader : traders) {
      int node = via.get(k++ % via.size());
      JsonNode list = await(node, "/api/orders?status=open", trader.token, timeout);
      Set<String> open = new TreeSet<>();
      list.path("orders").forEach(o -> open.add(o.path("id").asText()));
      Set<String> acknowledged = trader.acknowledgedIds();
      Set<String> missing = new TreeSet<>(acknowledged);
      missing.removeAll(open);
      assertEquals(Set.of(), missing, "acknowledged orders missing; open: " + open);
      assertTrue(open.size() <= acknowledged.size() + (trader.unresolvedKey() ? 1 : 0),
          "more open orders than were placed: " + open.size() + " open, " + acknowledged.size()
              + " acknowledged");
    }
  }

  /** The games and the nodes they ran on when the traffic started, e.g. for messages. */
  public Map<String, Integer> gameHosts() {
    Map<String, Integer> hosts = new TreeMap<>();
    games.forEach(g -> hosts.put(g.id, g.startedOn));
    return hosts;
  }

  /** How many moves and orders were acknowledged in all. */
  public int acknowledgedWrites() {
    return games.stream().mapToInt(GameClient::acknowledgedPlies).sum()
        + traders.stream().mapToInt(t -> t.acknowledgedIds().size()).sum();
  }

  private JsonNode await(int node, String path, String token, Duration timeout)
      throws Exception {
    JsonNode[] body = new JsonNode[1];
    cluster.awaitCondition(path + " to answer through node " + node, timeout, () -> {
      try {
        HttpResponse<String> response = token == null ? cluster.node(node).get(path)
            : cluster.node(node).get(path, "Authorization", "Bearer " + token);
        body[0] = response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
      } catch (IOException e) {
        body[0] = null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return body[0] != null;
    });
    return body[0];
  }

  private List<Client> clients() {
    List<Client> all = new ArrayList<>(games);
    all.addAll(traders);
    return all;
  }

  private synchronized void count(int node, Outcome outcome, long sentAt) {
    counts.computeIfAbsent(node, n -> new EnumMap<>(Outcome.class)).merge(outcome, 1,
        Integer::sum);
    if (sentAt >= mark) {
      countsSinceMark.computeIfAbsent(node, n -> new EnumMap<>(Outcome.class)).merge(outcome, 1,
          Integer::sum);
    }
  }

  // ----------------------------------------------------------------------------------------
  // Clients
  // ----------------------------------------------------------------------------------------

  /** A request's answer, or null with the exception that stood for it. */
  private record Answer(HttpResponse<String> response, Outcome failure, String detail) {}

  /** One client thread: sends through the nodes in turn until the traffic stops. */
  private abstract class Client implements Runnable {
    private final ConcurrentLinkedQueue<Long> acknowledgedAt = new ConcurrentLinkedQueue<>();
    /** Counts requests; also picks the node, so clients start on different nodes. */
    private int requests = clients().size();
    /** When the request being classified was sent (this client's thread only). */
    private long sentAt;

    @Override
    public void run() {
      try {
        while (!stopping.get() && sendNext(requests++ % cluster.size())) {
          Thread.sleep(pauseMillis());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        problems.add("client failed: " + e);
      }
    }

    abstract long pauseMillis();

    /** Sends one request through node {@code via}; false when this client has no more. */
    abstract boolean sendNext(int via) throws InterruptedException;

    long acknowledgedSince(long nanos) {
      return acknowledgedAt.stream().filter(t -> t >= nanos).count();
    }

    void acknowledged() {
      acknowledgedAt.add(System.nanoTime());
    }

    /** Sends and classifies; a hang or a bad answer is also recorded as a problem. */
    Answer send(int via, HttpRequest.Builder request, String what) throws InterruptedException {
      URI uri = URI.create("http://127.0.0.1:" + cluster.node(via).httpPort() + what);
      Answer answer;
      sentAt = System.nanoTime();
      try {
        HttpResponse<String> response = http.send(request.uri(uri).timeout(REQUEST_TIMEOUT)
            .build(), HttpResponse.BodyHandlers.ofString());
        answer = new Answer(response, null, null);
      } catch (HttpConnectTimeoutException e) {
        answer = new Answer(null, Outcome.NO_ANSWER, e.toString());
      } catch (HttpTimeoutException e) {
        answer = new Answer(null, Outcome.HANG, e.toString());
      } catch (ConnectException e) {
        answer = new Answer(null, Outcome.NO_ANSWER, e.toString());
      } catch (IOException e) {
        answer = new Answer(null, Outcome.NO_ANSWER, e.toString());
      }
      if (answer.failure() != null) {
        record(via, answer.failure(), what + ": " + answer.detail());
      }
      return answer;
    }

    void record(int via, Outcome outcome, String detail) {
      count(via, outcome, sentAt);
      if (outcome == Outcome.HANG || outcome == Outcome.BAD) {
        problems.add("node " + via + " " + outcome + " " + detail);
      }
    }

    /** ACKNOWLEDGED, CLEAN_ERROR or BAD for an answer that is not a 409. */
    Outcome classify(HttpResponse<String> response) {
      int status = response.statusCode();
      if (status >= 200 && status < 300) {
        return Outcome.ACKNOWLEDGED;
      }
      if (status == 500 || !isProblem(response)) {
        return Outcome.BAD;
      }
      return Outcome.CLEAN_ERROR;
    }
  }

  private static boolean isProblem(HttpResponse<String> response) {
    if (!response.headers().firstValue("Content-Type").orElse("")
        .startsWith("application/problem+json")) {
      return false;
    }
    try {
      return JSON.readTree(response.body()).hasNonNull("detail");
    } catch (IOException e) {
      return false;
    }
  }

  /** Plays one game's script, a move per request, retrying a move until it is acknowledged. */
  private final class GameClient extends Client {
    final String id;
    final int startedOn;
    /** Plies acknowledged (the next one to send). Only this client's thread writes it. */
    private volatile int next;

    GameClient(String id, int startedOn) {
      this.id = id;
      this.startedOn = startedOn;
    }

    int acknowledgedPlies() {
      return next;
    }

    @Override
    long pauseMillis() {
      return MOVE_PAUSE_MILLIS;
    }

    @Override
    boolean sendNext(int via) throws InterruptedException {
      if (next >= script.size()) {
        return false;
      }
      int ply = next;
      String what = "/api/games/" + id + "/moves";
      Answer answer = send(via, HttpRequest.newBuilder()
          .header("Content-Type", "application/json")
          .header("Authorization", "Bearer " + (ply % 2 == 0 ? white : black))
          .POST(HttpRequest.BodyPublishers.ofString("{\"move\":\"" + script.get(ply)
              + "\",\"ply\":" + ply + "}")), what);
      if (answer.response() == null) {
        return true;
      }
      HttpResponse<String> response = answer.response();
      if (response.statusCode() == 409) {
        conflict(via, response, what);
        return true;
      }
      Outcome outcome = classify(response);
      record(via, outcome, what + " ply " + ply + ": " + response.statusCode() + " "
          + response.body());
      if (outcome == Outcome.ACKNOWLEDGED) {
        next = ply + 1;
        acknowledged();
      }
      return true;
    }

    /** A 409 carries the game: resume from its ply if it played this script so far. */
    private void conflict(int via, HttpResponse<String> response, String what) {
      try {
        JsonNode game = JSON.readTree(response.body()).path("game");
        List<String> san = new ArrayList<>();
        game.path("san").forEach(m -> san.add(m.asText()));
        if (isProblem(response) && san.size() >= next && san.size() <= script.size()
            && script.subList(0, san.size()).equals(san)) {
          record(via, Outcome.CONFLICT, what);
          next = san.size();
          return;
        }
      } catch (IOException e) {
        // reported below as a bad answer
      }
      record(via, Outcome.BAD, what + " 409 inconsistent with the moves sent: "
          + response.body());
    }
  }

  /** Places resting orders, each with its own key, retrying a key until it is acknowledged. */
  private final class OrderClient extends Client {
    final String token;
    private final ConcurrentLinkedQueue<String> acknowledgedIds = new ConcurrentLinkedQueue<>();
    private volatile String pendingKey;

    OrderClient(String token) {
      this.token = token;
    }

    @Override
    long pauseMillis() {
      return ORDER_PAUSE_MILLIS;
    }

    Set<String> acknowledgedIds() {
      return new TreeSet<>(acknowledgedIds);
    }

    /** True when the last placement's outcome stayed unclear when the traffic stopped. */
    boolean unresolvedKey() {
      return pendingKey != null;
    }

    @Override
    boolean sendNext(int via) throws InterruptedException {
      if (acknowledgedIds.size() >= MAX_ORDERS) {
        return false;
      }
      if (pendingKey == null) {
        pendingKey = UUID.randomUUID().toString();
      }
      Answer answer = send(via, HttpRequest.newBuilder()
          .header("Content-Type", "application/json")
          .header("Authorization", "Bearer " + token)
          .header("Idempotency-Key", pendingKey)
          .POST(HttpRequest.BodyPublishers.ofString(ORDER)), "/api/orders");
      if (answer.response() == null) {
        return true;
      }
      HttpResponse<String> response = answer.response();
      Outcome outcome = classify(response);
      record(via, outcome, "/api/orders: " + response.statusCode() + " " + response.body());
      if (outcome == Outcome.ACKNOWLEDGED) {
        try {
          acknowledgedIds.add(JSON.readTree(response.body()).path("id").asText());
        } catch (IOException e) {
          record(via, Outcome.BAD, "/api/orders: an acknowledgement without JSON: "
              + response.body());
        }
        pendingKey = null;
        acknowledged();
      }
      return true;
    }
  }
}
