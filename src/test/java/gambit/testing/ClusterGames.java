package gambit.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Chess games played through the HTTP API of a {@link LocalCluster}'s nodes, for failover
 * tests: two players, games created, joined and moved through different nodes, every
 * acknowledged move remembered, and where each game's shard currently runs (akka-management's
 * {@code /cluster/shards/ChessGame} on each node). Not thread-safe: one test thread drives it.
 */
public final class ClusterGames {

  /** A Ruy Lopez: enough plies for several failovers, every move legal in turn. */
  private static final List<String> OPENING = List.of("e4", "e5", "Nf3", "Nc6", "Bb5", "a6",
      "Ba4", "Nf6", "O-O", "Be7", "Re1", "b5", "Bb3", "d6", "c3", "O-O");
  /** Long enough that no clock runs out during a test, however many rounds it plays. */
  private static final String TIME_CONTROL = "60+0";
  private static final long INITIAL_MILLIS = 3_600_000;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2)).build();

  private final LocalCluster cluster;
  private final int numberOfShards;
  private final String white;
  private final String black;
  /** Game id -> the moves (SAN) acknowledged with 200, in order. */
  private final Map<String, List<String>> acknowledged = new LinkedHashMap<>();

  private ClusterGames(LocalCluster cluster, int numberOfShards, String white, String black) {
    this.cluster = cluster;
    this.numberOfShards = numberOfShards;
    this.white = white;
    this.black = black;
  }

  /** Registers and logs in two players through two different nodes. */
  public static ClusterGames players(LocalCluster cluster, int numberOfShards) throws Exception {
    List<Integer> live = cluster.live();
    String white = token(cluster.node(live.get(0)), "White_Failover");
    String black = token(cluster.node(live.get(live.size() - 1)), "Black_Failover");
    return new ClusterGames(cluster, numberOfShards, white, black);
  }

  private static String token(NodeProcess node, String name) throws Exception {
    String credentials = "{\"username\":\"" + name + "\",\"password\":\"correct horse 1\"}";
    ok(node.postJson("/api/auth/register", credentials), 201);
    return ok(node.postJson("/api/auth/login", credentials), 200).path("accessToken").asText();
  }

  // ----------------------------------------------------------------------------------------
  // Writes
  // ----------------------------------------------------------------------------------------

  /**
   * Creates {@code count} timed games, each created through one live node, joined through the
   * next and opened with {@code plies} moves each played through another node in turn.
   */
  public List<String> createAndPlay(int count, int plies) throws Exception {
    List<Integer> live = cluster.live();
    List<String> ids = new ArrayList<>();
    for (int g = 0; g < count; g++) {
      NodeProcess creator = cluster.node(live.get(g % live.size()));
      String id = ok(creator.postJson("/api/games", "{\"timeControl\":\"" + TIME_CONTROL
          + "\",\"color\":\"white\"}", auth(white)), 201).path("gameId").asText();
      ok(cluster.node(live.get((g + 1) % live.size())).postJson("/api/games/" + id + "/join",
          "{}", auth(black)), 200);
      acknowledged.put(id, new ArrayList<>());
      for (int p = 0; p < plies; p++) {
        move(id, live.get((g + p) % live.size()));
      }
      ids.add(id);
    }
    return ids;
  }

  /** Plays the game's next move through node {@code via}; it must be acknowledged with 200. */
  public void move(String id, int via) throws Exception {
    ok(cluster.node(via).postJson("/api/games/" + id + "/moves", nextMoveBody(id),
        auth(nextPlayer(id))), 200);
    acknowledged.get(id).add(OPENING.get(acknowledged.get(id).size()));
  }

  /**
   * Sends the game's next move through node {@code via} every {@code every} until one is
   * acknowledged (a move is idempotent by its ply, so repeats are safe), and returns how long
   * after {@code since} (a {@link System#nanoTime} value) the first acknowledgement arrived.
   * Requests run concurrently, so a request stuck on the lost node does not delay the ones
   * sent after the game came back.
   */
  public Duration moveAcceptedAfter(String id, int via, long since, Duration every,
      Duration timeout) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + cluster.node(via).httpPort() + "/api/games/"
        + id + "/moves");
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json").header("Authorization", "Bearer "
            + nextPlayer(id))
        .POST(HttpRequest.BodyPublishers.ofString(nextMoveBody(id))).build();
    AtomicLong acceptedAt = new AtomicLong();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (acceptedAt.get() == 0 && System.nanoTime() < deadline) {
      HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenAccept(response -> {
        if (response.statusCode() == 200) {
          acceptedAt.compareAndSet(0, System.nanoTime());
        }
      });
      Thread.sleep(every.toMillis());
    }
    assertTrue(acceptedAt.get() != 0, "no move on " + id + " accepted within " + timeout
        + "\n" + cluster.describe());
    acknowledged.get(id).add(OPENING.get(acknowledged.get(id).size()));
    return Duration.ofNanos(acceptedAt.get() - since);
  }

  /** The body of the game's next move, e.g. {@code {"move":"Nf3","ply":2}}. */
  public String nextMoveBody(String id) {
    int ply = acknowledged.get(id).size();
    return "{\"move\":\"" + OPENING.get(ply) + "\",\"ply\":" + ply + "}";
  }

  /**
   * A move for the ply that was acknowledged last, other than the one acknowledged: what a
   * stale copy of the game, one move behind, would accept. Paired with {@link #lastPlayer}.
   */
  public String rivalOfLastMoveBody(String id) {
    int ply = acknowledged.get(id).size() - 1;
    return "{\"move\":\"" + (ply % 2 == 0 ? "a3" : "h6") + "\",\"ply\":" + ply + "}";
  }

  /** The access token of the side to move. */
  public String nextPlayer(String id) {
    return acknowledged.get(id).size() % 2 == 0 ? white : black;
  }

  /** The access token of the side that played the last acknowledged move. */
  public String lastPlayer(String id) {
    return acknowledged.get(id).size() % 2 == 1 ? white : black;
  }

  // ----------------------------------------------------------------------------------------
  // Reads
  // ----------------------------------------------------------------------------------------

  /** Every game played so far. */
  public List<String> ids() {
    return List.copyOf(acknowledged.keySet());
  }

  /** The moves acknowledged on {@code id} so far. */
  public List<String> acknowledged(String id) {
    return List.copyOf(acknowledged.get(id));
  }

  /** The live node whose shard region runs the shard of game {@code id}, if one reports it. */
  public Optional<Integer> host(String id) {
    return cluster.shardLocation("ChessGame", LocalCluster.shardId(id, numberOfShards))
        .map(LocalCluster.ShardLocation::node);
  }

  /**
   * Reads every game through the given nodes in turn (waiting until each answers: games of a
   * lost node come back by themselves, being remembered) and checks that it holds exactly the
   * acknowledged moves, in order, and that its clocks are consistent: the side to move is the
   * one whose clock runs, and neither clock exceeds the initial time or has run out.
   */
  public void everyAcknowledgedMoveIsThere(List<Integer> via, Duration timeout)
      throws Exception {
    int k = 0;
    for (String id : acknowledged.keySet()) {
      int node = via.get(k++ % via.size());
      JsonNode[] view = new JsonNode[1];
      cluster.awaitCondition("game " + id + " to answer through node " + node, timeout, () -> {
        view[0] = viewOrNull(node, id);
        return view[0] != null;
      });
      List<String> san = new ArrayList<>();
      view[0].path("san").forEach(m -> san.add(m.asText()));
      assertEquals(acknowledged.get(id), san, "moves of " + id + ": " + view[0]);
      assertEquals("active", view[0].path("status").asText(), view[0].toString());
      JsonNode clock = view[0].path("clock");
      if (san.size() >= 2) {
        assertEquals(view[0].path("turn").asText(), clock.path("running").asText(),
            view[0].toString());
      }
      for (String side : List.of("white", "black")) {
        long left = clock.path(side).asLong();
        assertTrue(left > 0 && left <= INITIAL_MILLIS, side + " clock of " + view[0]);
      }
    }
  }

  private JsonNode viewOrNull(int node, String id) {
    try {
      HttpResponse<String> response = cluster.node(node).get("/api/games/" + id);
      return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  // ----------------------------------------------------------------------------------------

  /** {@code Authorization} header as name, value. */
  public static String[] auth(String token) {
    return new String[] {"Authorization", "Bearer " + token};
  }

  private static JsonNode ok(HttpResponse<String> response, int status) throws IOException {
    assertEquals(status, response.statusCode(), response.body());
    return JSON.readTree(response.body());
  }
}
