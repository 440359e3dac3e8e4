package gambit.http;

import static gambit.http.GameFlows.draw;
import static gambit.http.GameFlows.move;
import static gambit.http.GameFlows.ok;
import static gambit.http.GameFlows.post;
import static gambit.http.GameFlows.started;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import akka.actor.typed.internal.pubsub.TopicImpl;
import akka.actor.typed.javadsl.AskPattern;
import akka.actor.typed.receptionist.Receptionist;
import akka.actor.typed.receptionist.ServiceKey;
import gambit.chess.ChessGame;
import gambit.chess.GameTopics;
import gambit.http.GameFlows.User;
import gambit.testing.ApiServer;
import gambit.testing.ManualClock;
import gambit.testing.TestRedis;
import java.net.URI;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /ws/games/{id}} over real connections (akka-http's WebSocket client) to a one-node
 * cluster with a real Redis: the state on connect, live updates numbered by event, moves played
 * over the socket, refusals answered to their sender only, upgrade refusals, close handling and
 * keep-alive pings.
 */
class GameSocketRoutesTest {

  private static final ManualClock CLOCK = new ManualClock(Instant.parse("2024-05-01T10:00:00Z"));
  private static ApiServer server;
  private static User alice;
  private static User bob;

  @BeforeAll
  static void startServer() {
    server = ApiServer.startWithGames(TestRedis.shared().uri(), """
        akka.http.server.websocket.periodic-keep-alive-max-idle = 300ms
        """, CLOCK);
    alice = GameFlows.user(server, "alice");
    bob = GameFlows.user(server, "bob");
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private static SocketClient watch(String gameId) throws Exception {
    return SocketClient.connect(server.system(), server.port(), "/ws/games/" + gameId);
  }

  private static SocketClient play(String gameId, User user) throws Exception {
    return SocketClient.connect(server.system(), server.port(),
        "/ws/games/" + gameId + "?access_token=" + user.token());
  }

  private static void awaitValue(String what, int expected, IntSupplier actual) {
    long deadline = System.nanoTime() + SocketClient.TIMEOUT.toNanos();
    while (actual.getAsInt() != expected) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + ": expected " + expected + ", was "
            + actual.getAsInt());
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /**
   * Waits until this node's subscription to the game's topic is in the receptionist, from where
   * the game's own topic learns of it (a message published before that is dropped by pub/sub,
   * and healed by the socket only at its next check). Uses the key Akka's Topic registers under
   * (an internal class; test only).
   */
  @SuppressWarnings("unchecked")
  private static void awaitSubscribed(String gameId) {
    ServiceKey<TopicImpl.Command<Object>> key = ServiceKey.create(
        (Class<TopicImpl.Command<Object>>) (Class<?>) TopicImpl.Command.class,
        ChessGame.topicName(gameId));
    awaitValue("topic instances of " + gameId, 1, () -> AskPattern.<Receptionist.Command,
            Receptionist.Listing>ask(server.system().receptionist(),
            replyTo -> Receptionist.find(key, replyTo), Duration.ofSeconds(5),
            server.system().scheduler())
        .toCompletableFuture().join().getServiceInstances(key).size());
  }

  private static int followers(String gameId) {
    return GameTopics.get(server.system()).followers(gameId, Duration.ofSeconds(5))
        .toCompletableFuture().join();
  }

  @Test
  void aSpectatorGetsTheStateThenEveryMoveAndTheEndNumberedByEvent() throws Exception {
    String id = started(server, alice, bob, "3+2", null);
    try (SocketClient spectator = watch(id)) {
      assertEquals(101, spectator.status());
      JsonNode state = spectator.next("state");
      assertEquals(2, state.path("seq").asLong(), "created, joined");
      assertEquals("active", state.path("game").path("status").asText());
      awaitSubscribed(id);

      ok(move(server, id, alice, "f2f3", 0));
      JsonNode first = spectator.next("move");
      assertEquals(3, first.path("seq").asLong());
      assertEquals(0, first.path("ply").asInt());
      assertEquals("f2f3", first.path("uci").asText());
      assertEquals("f3", first.path("san").asText());
      assertEquals("rnbqkbnr/pppppppp/8/8/8/5P2/PPPPP1PP/RNBQKBNR b KQkq - 0 1",
          first.path("fen").asText());
      assertEquals(180_000, first.path("clock").path("white").asLong());

      ok(move(server, id, bob, "e5", 1));
      CLOCK.advance(Duration.ofSeconds(7));
      ok(move(server, id, alice, "g4", 2));
      ok(move(server, id, bob, "Qh4#", 3));
      assertEquals(4, spectator.next("move").path("seq").asLong());
      JsonNode timed = spectator.next("move");
      assertEquals(175_000, timed.path("clock").path("white").asLong(), "180 s - 7 s + 2 s");
      assertEquals("black", timed.path("clock").path("running").asText());
      JsonNode mate = spectator.next("move");
      assertEquals(List.of(6L, "Qh4#"), List.of(mate.path("seq").asLong(),
          mate.path("san").asText()));
      JsonNode end = spectator.next("end");
      assertEquals(7, end.path("seq").asLong());
      assertEquals("finished", end.path("status").asText());
      assertEquals("0-1", end.path("result").asText());
      assertEquals("checkmate", end.path("termination").asText());
    }
  }

  @Test
  void aJoinShowsAsAFreshStateAndDrawOffersAsDrawUpdates() throws Exception {
    var created = GameFlows.create(server, alice, "none", "white", null);
    String id = AuthFlows.json(created).path("gameId").asText();
    try (SocketClient spectator = watch(id)) {
      JsonNode waiting = spectator.next("state");
      assertEquals("waiting", waiting.path("game").path("status").asText());
      awaitSubscribed(id);

      ok(post(server, "/api/games/" + id + "/join", bob, null));
      JsonNode joined = spectator.next("state");
      assertEquals(2, joined.path("seq").asLong());
      assertEquals(bob.username(), joined.path("game").path("black").path("username").asText());

      ok(draw(server, id, alice, "offer"));
      ok(draw(server, id, bob, "decline"));
      JsonNode offer = spectator.next("draw");
      assertEquals("offer", offer.path("action").asText());
      assertEquals("white", offer.path("by").asText());
      assertEquals("decline", spectator.next("draw").path("action").asText());
      ok(post(server, "/api/games/" + id + "/resign", bob, null));
      assertEquals("resignation", spectator.next("end").path("termination").asText());
    }
  }

  @Test
  void playersMoveOverTheSocketAndRefusalsGoOnlyToTheirSender() throws Exception {
    String id = started(server, alice, bob, "none", null);
    try (SocketClient white = play(id, alice); SocketClient black = play(id, bob);
        SocketClient spectator = watch(id)) {
      white.next("state");
      black.next("state");
      spectator.next("state");
      awaitValue("followers", 3, () -> followers(id));
      awaitSubscribed(id);

      white.send("{\"type\":\"move\",\"move\":\"e4\",\"ply\":0}");
      assertEquals("e2e4", white.next("move").path("uci").asText());
      assertEquals("e2e4", black.next("move").path("uci").asText());
      assertEquals("e2e4", spectator.next("move").path("uci").asText());
      assertEquals(1, ok(server.get("/api/games/" + id)).path("ply").asInt());

      white.send("{\"type\":\"move\",\"move\":\"d4\",\"ply\":1}");
      JsonNode notYourTurn = white.next("error");
      assertEquals(409, notYourTurn.path("status").asInt());
      assertEquals(1, notYourTurn.path("game").path("ply").asInt());
      black.send("{\"type\":\"move\",\"move\":\"e4e5\",\"ply\":1}");
      JsonNode illegal = black.next("error");
      assertEquals(422, illegal.path("status").asInt());
      assertTrue(illegal.path("detail").asText().contains("illegal"), illegal.toString());
      black.send("not json");
      assertEquals(400, black.next("error").path("status").asInt());
      black.send("{\"type\":\"resign\"}");
      assertEquals(400, black.next("error").path("status").asInt());
      black.send("{\"type\":\"move\",\"move\":\"e7e5\",\"move\":\"e7e6\",\"ply\":1}");
      JsonNode twice = black.next("error");
      assertEquals(400, twice.path("status").asInt());
      assertTrue(twice.path("detail").asText().contains("appears twice"), twice.toString());
      spectator.send("{\"type\":\"move\",\"move\":\"e5\",\"ply\":1}");
      assertEquals(401, spectator.next("error").path("status").asInt());

      black.send("{\"type\":\"move\",\"move\":\"e5\",\"ply\":1}");
      for (SocketClient client : new SocketClient[] {white, black, spectator}) {
        JsonNode reply = client.next("move");
        assertEquals(4, reply.path("seq").asLong(), "refusals went to their senders only");
      }
    }
  }

  @Test
  void anOversizedOrBinaryMessageIsAnsweredWithAnErrorAndTheConnectionStaysUsable()
      throws Exception {
    String id = started(server, alice, bob, "none", null);
    try (SocketClient white = play(id, alice)) {
      white.next("state");

      white.send("{\"type\":\"move\",\"move\":\"" + "x".repeat(5000) + "\",\"ply\":0}");
      JsonNode tooLong = white.next("error");
      assertEquals(413, tooLong.path("status").asInt());
      assertTrue(tooLong.path("detail").asText().contains("4096 characters"), tooLong.toString());
      white.sendBinary(new byte[] {1, 2, 3});
      assertEquals(400, white.next("error").path("status").asInt());

      white.send("{\"type\":\"move\",\"move\":\"e4\",\"ply\":0}");
      assertEquals("e2e4", white.next("move").path("uci").asText());
      assertFalse(white.closed().toCompletableFuture().isDone());
    }
  }

  @Test
  void upgradesAreRefusedForUnknownGamesBadTokensAndPlainRequests() throws Exception {
    try (SocketClient unknown = watch("AAAAAAAAAAAAAAAA")) {
      assertEquals(404, unknown.status());
    }
    String id = started(server, alice, bob, "none", null);
    try (SocketClient badToken = SocketClient.connect(server.system(), server.port(),
        "/ws/games/" + id + "?access_token=not-a-token")) {
      assertEquals(401, badToken.status());
    }
    AuthFlows.assertProblem(server.get("/ws/games/" + id), 400, "WebSocket endpoint");
  }

  @Test
  void aClosedConnectionStopsFollowingTheGame() throws Exception {
    String id = started(server, alice, bob, "none", null);
    int before = server.api().gameSockets().openConnections();
    SocketClient spectator = watch(id);
    spectator.next("state");
    awaitValue("followers", 1, () -> followers(id));
    assertEquals(before + 1, server.api().gameSockets().openConnections());

    spectator.close();
    spectator.closed().toCompletableFuture().get(15, TimeUnit.SECONDS);
    awaitValue("open connections", before, () -> server.api().gameSockets().openConnections());
    awaitValue("followers", 0, () -> followers(id));
  }

  @Test
  void idleConnectionsArePinged() throws Exception {
    String id = started(server, alice, bob, "none", null);
    AtomicInteger pings = new AtomicInteger();
    WebSocket socket = ApiServer.client().newWebSocketBuilder()
        .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/ws/games/" + id),
            new WebSocket.Listener() {
              @Override
              public CompletionStage<?> onPing(WebSocket webSocket, java.nio.ByteBuffer data) {
                pings.incrementAndGet();
                return WebSocket.Listener.super.onPing(webSocket, data);
              }
            })
        .get(15, TimeUnit.SECONDS);
    try {
      awaitValue("pings after 300 ms idle", 2, () -> Math.min(2, pings.get()));
    } finally {
      socket.abort();
    }
  }
}
