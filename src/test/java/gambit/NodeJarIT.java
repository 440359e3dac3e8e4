package gambit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gambit.node.RedisServerProcess;
import gambit.testing.FreePorts;
import gambit.testing.NodeProcess;
import gambit.testing.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Starts the real fat jar the way the README does (no REDIS_URI: the node starts its own Redis)
 * and checks what an operator relies on: readiness, the API, a clean exit on SIGTERM, data kept
 * across a restart, and clear refusals of bad set-ups.
 */
class NodeJarIT {

  private static final Pattern OWN_REDIS = Pattern.compile("Started own Redis: .* on "
      + "redis://127\\.0\\.0\\.1:(\\d+), data in (\\S+)");
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

  @Test
  void startsReadyServesStopsCleanlyAndKeepsItsDataAcrossARestart() throws Exception {
    Path work = Files.createTempDirectory(Path.of("target"), "node-jar-");

    String redisUri;
    try (NodeProcess node = NodeProcess.start(work, Map.of())) {
      node.awaitReady(READY_TIMEOUT);
      redisUri = ownRedisUri(node);
      assertEquals(200, node.management("/alive").statusCode());

      HttpResponse<String> info = node.get("/api/info");
      assertEquals(200, info.statusCode());
      assertTrue(info.body().contains("\"memberStatus\":\"Up\""), info.body());

      HttpResponse<String> missing = node.get("/api/no-such-thing");
      assertEquals(404, missing.statusCode());
      assertEquals(Optional.of("application/problem+json"),
          missing.headers().firstValue("Content-Type"));
      assertTrue(missing.body().contains("\"status\":404"), missing.body());

      HttpResponse<String> garbled = node.get("/api/me", "Authorization",
          "Bearer Bearer eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LWNsYWltcw.c2lnbmF0dXJl");
      assertEquals(401, garbled.statusCode(), garbled.body());

      writeKey(redisUri, "node-jar-it", "kept");
      String credentials = "{\"username\":\"watcher\",\"password\":\"correct horse 1\"}";
      assertEquals(201, node.postJson("/api/auth/register", credentials).statusCode());
      String token = field(node.postJson("/api/auth/login", credentials).body(), "accessToken");
      Socket market = Socket.open(node, "/ws/market?symbols=BTC-USD");
      Socket dashboard = Socket.open(node, "/ws/dashboard?access_token=" + token);
      assertTrue(market.first().contains("BTC-USD"), market.first());
      assertTrue(dashboard.first().contains("\"snapshot\""), dashboard.first());

      node.terminate();
      assertEquals(1000, market.closeStatus(), "a socket gets a normal close frame");
      assertEquals(1000, dashboard.closeStatus());
      assertEquals(Optional.of(0), node.awaitExit(Duration.ofSeconds(15)), node.logText());
      assertTrue(node.logText().contains("Own Redis stopped"), node.logText());
      assertFalse(node.logText().contains("timed out"),
          "closing sockets held the shutdown up: " + node.logText());
      assertFalse(node.logText().contains("c2VjcmV0LWNsYWltcw"),
          "a credential in a malformed Authorization header was logged: " + node.logText());
    }
    assertFalse(redisAnswers(redisUri), "the node's own Redis must stop with the node");

    try (NodeProcess again = NodeProcess.start(work, Map.of())) {
      again.awaitReady(READY_TIMEOUT);
      assertEquals("kept", readKey(ownRedisUri(again), "node-jar-it"));
    }
  }

  @Test
  void refusesASecondNodeOnTheSameDataFolder() throws Exception {
    Path work = Files.createTempDirectory(Path.of("target"), "node-jar-");
    try (NodeProcess first = NodeProcess.start(work, Map.of())) {
      first.awaitReady(READY_TIMEOUT);
      try (NodeProcess second = NodeProcess.start(work, Map.of())) {
        assertEquals(Optional.of(1), second.awaitExit(Duration.ofSeconds(30)));
        assertTrue(second.logText().contains("is in use by another Gambit node"),
            second.logText());
      }
      assertEquals(200, first.management("/ready").statusCode());
    }
  }

  @Test
  void refusesSeedNodesWithoutASharedRedis() throws Exception {
    Path work = Files.createTempDirectory(Path.of("target"), "node-jar-");
    try (NodeProcess node = NodeProcess.start(work, Map.of("SEED_NODES", "127.0.0.1:25999"))) {
      assertEquals(Optional.of(1), node.awaitExit(Duration.ofSeconds(30)));
      assertTrue(node.logText().contains("SEED_NODES is set but REDIS_URI is not"),
          node.logText());
    }
  }

  @Test
  void refusesClusterBootstrapWithoutASharedRedis() throws Exception {
    Path work = Files.createTempDirectory(Path.of("target"), "node-jar-");
    try (NodeProcess node = NodeProcess.start(work, Map.of("CLUSTER_BOOTSTRAP", "on",
        "BOOTSTRAP_CONTACT_POINTS", "127.0.0.1:8558"))) {
      assertEquals(Optional.of(1), node.awaitExit(Duration.ofSeconds(30)));
      assertTrue(node.logText().contains("CLUSTER_BOOTSTRAP is on but REDIS_URI is not set"),
          node.logText());
    }
  }

  @Test
  void refusesSeedNodesTogetherWithClusterBootstrap() throws Exception {
    Path work = Files.createTempDirectory(Path.of("target"), "node-jar-");
    try (NodeProcess node = NodeProcess.start(work, Map.of("CLUSTER_BOOTSTRAP", "on",
        "BOOTSTRAP_CONTACT_POINTS", "127.0.0.1:8558", "SEED_NODES", "127.0.0.1:25999"))) {
      assertEquals(Optional.of(1), node.awaitExit(Duration.ofSeconds(30)));
      assertTrue(node.logText().contains("both SEED_NODES and CLUSTER_BOOTSTRAP=on are set"),
          node.logText());
    }
  }

  @Test
  void refusesSeedNodesWithoutASharedSigningKey() throws Exception {
    Path work = Files.createTempDirectory(Path.of("target"), "node-jar-");
    try (NodeProcess node = NodeProcess.start(work, Map.of("SEED_NODES", "127.0.0.1:25999",
        "REDIS_URI", "redis://127.0.0.1:1"))) {
      assertEquals(Optional.of(1), node.awaitExit(Duration.ofSeconds(30)));
      assertTrue(node.logText().contains("SEED_NODES or CLUSTER_BOOTSTRAP is set but no JWT"),
          node.logText());
    }
  }

  @Test
  void aNodeThatCannotBindItsApiNeverJoinsTheClusterAndExitsWithCode1() throws Exception {
    Path work = Files.createTempDirectory(Path.of("target"), "node-jar-");
    String secret = "a-shared-secret-of-at-least-thirty-two-bytes";
    int seedPort = FreePorts.next();
    int latePort = FreePorts.next();
    try (NodeProcess seed = NodeProcess.start(work.resolve("seed"), Map.of(
        "REDIS_URI", TestRedis.shared().uri(), "JWT_SECRET", secret,
        "CLUSTER_PORT", Integer.toString(seedPort)))) {
      seed.awaitReady(READY_TIMEOUT);
      try (NodeProcess late = NodeProcess.start(work.resolve("late"), Map.of(
          "REDIS_URI", TestRedis.shared().uri(), "JWT_SECRET", secret,
          "SEED_NODES", "127.0.0.1:" + seedPort,
          "CLUSTER_PORT", Integer.toString(latePort),
          "HTTP_PORT", Integer.toString(seed.httpPort())))) {
        assertEquals(Optional.of(1), late.awaitExit(Duration.ofSeconds(30)), late.logText());
        assertTrue(late.logText().contains("cannot bind the HTTP API"), late.logText());
        assertFalse(late.logText().contains("Joining the cluster"), late.logText());
      }
      assertFalse(seed.logText().contains("127.0.0.1:" + latePort),
          "the seed saw the node that could not serve: " + seed.logText());
      assertEquals(200, seed.get("/api/info").statusCode());
    }
  }

  @Test
  void aNodeWaitsOutsideTheClusterUntilItsRedisAnswersThenJoinsAndIsReady() throws Exception {
    Path work = Files.createTempDirectory(Path.of("target"), "node-jar-");
    int redisPort = FreePorts.next();
    try (NodeProcess node = NodeProcess.start(work, Map.of("REDIS_URI",
        "redis://127.0.0.1:" + redisPort))) {
      node.awaitLog(Pattern.compile("is not reachable yet"), READY_TIMEOUT);
      node.awaitLog(Pattern.compile("akka-management listening"), READY_TIMEOUT);
      assertFalse(node.logText().contains("JOINING itself"),
          "a node whose Redis does not answer stays out of the cluster:\n" + node.logText());
      assertEquals(500, node.management("/ready").statusCode());

      try (RedisServerProcess redis = RedisServerProcess.start(TestRedis.binary().path(),
          "127.0.0.1", redisPort, work.resolve("late-redis"), Map.of())) {
        node.awaitReady(READY_TIMEOUT);
        assertTrue(node.logText().contains("answers now"), node.logText());
        assertTrue(node.logText().contains("JOINING itself"), node.logText());
      }
    }
  }

  @Test
  void aRedisThatRefusesThePasswordStopsTheNodeWithExitCode1AndSaysSo() throws Exception {
    Path work = Files.createTempDirectory(Path.of("target"), "node-jar-");
    try (RedisServerProcess redis = TestRedis.start(Map.of("requirepass", "the-right-one"));
        NodeProcess node = NodeProcess.start(work, Map.of("REDIS_URI",
            redis.uri().replace("redis://", "redis://:not-the-password@")))) {
      assertEquals(Optional.of(1), node.awaitExit(Duration.ofSeconds(60)), node.logText());
      assertTrue(node.logText().contains("refused the credentials in REDIS_URI"), node.logText());
      assertFalse(node.logText().contains("not-the-password"), "the password is never logged");
    }
  }

  @Test
  void aNewUserRegistersLogsInRefreshesAndLogsOutOnTheRealJar() throws Exception {
    Path work = Files.createTempDirectory(Path.of("target"), "node-jar-");
    try (NodeProcess node = NodeProcess.start(work, Map.of())) {
      node.awaitReady(READY_TIMEOUT);
      assertTrue(node.logText().matches("(?s).*INFO .*generated an access-token signing key.*"),
          node.logText());

      String credentials = "{\"username\":\"Jar_User\",\"password\":\"correct horse 1\"}";
      assertEquals(201, node.postJson("/api/auth/register", credentials).statusCode());
      HttpResponse<String> login = node.postJson("/api/auth/login", credentials);
      assertEquals(200, login.statusCode(), login.body());
      String access = field(login.body(), "accessToken");
      String refresh = field(login.body(), "refreshToken");

      HttpResponse<String> me = node.get("/api/me", "Authorization", "Bearer " + access);
      assertEquals(200, me.statusCode(), me.body());
      assertTrue(me.body().contains("\"username\":\"Jar_User\""), me.body());
      assertEquals(401, node.get("/api/me").statusCode());

      HttpResponse<String> refreshed = node.postJson("/api/auth/refresh",
          "{\"refreshToken\":\"" + refresh + "\"}");
      assertEquals(200, refreshed.statusCode(), refreshed.body());
      String next = field(refreshed.body(), "refreshToken");
      assertEquals(204, node.postJson("/api/auth/logout",
          "{\"refreshToken\":\"" + next + "\"}").statusCode());
      assertEquals(401, node.postJson("/api/auth/refresh",
          "{\"refreshToken\":\"" + next + "\"}").statusCode());
    }
  }

  /** A WebSocket client that records its first message and how the server closed it. */
  private record Socket(CompletableFuture<String> firstMessage,
      CompletableFuture<Integer> closed) {

    static Socket open(NodeProcess node, String path) throws Exception {
      Socket socket = new Socket(new CompletableFuture<>(), new CompletableFuture<>());
      HttpClient.newHttpClient().newWebSocketBuilder()
          .buildAsync(URI.create("ws://127.0.0.1:" + node.httpPort() + path),
              new WebSocket.Listener() {
                @Override
                public CompletionStage<?> onText(WebSocket ws, CharSequence data,
                    boolean last) {
                  socket.firstMessage.complete(data.toString());
                  ws.request(1);
                  return null;
                }

                @Override
                public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
                  socket.closed.complete(status);
                  return null;
                }

                @Override
                public void onError(WebSocket ws, Throwable error) {
                  socket.closed.completeExceptionally(error);
                }
              })
          .get(10, TimeUnit.SECONDS);
      return socket;
    }

    String first() throws Exception {
      return firstMessage.get(10, TimeUnit.SECONDS);
    }

    int closeStatus() throws Exception {
      return closed.get(10, TimeUnit.SECONDS);
    }
  }

  private static String field(String json, String name) {
    Matcher matcher = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
    assertTrue(matcher.find(), name + " in " + json);
    return matcher.group(1);
  }

  private static String ownRedisUri(NodeProcess node) throws InterruptedException {
    Matcher matcher = node.awaitLog(OWN_REDIS, Duration.ofSeconds(5));
    return "redis://127.0.0.1:" + matcher.group(1);
  }

  private static void writeKey(String uri, String key, String value) {
    RedisClient client = RedisClient.create(uri);
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      connection.sync().set(key, value);
    } finally {
      client.shutdown();
    }
  }

  private static String readKey(String uri, String key) {
    RedisClient client = RedisClient.create(uri);
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      return connection.sync().get(key);
    } finally {
      client.shutdown();
    }
  }

  private static boolean redisAnswers(String uri) {
    RedisClient client = RedisClient.create(uri);
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      return "PONG".equals(connection.sync().ping());
    } catch (RuntimeException e) {
      return false;
    } finally {
      client.shutdown();
    }
  }
}
