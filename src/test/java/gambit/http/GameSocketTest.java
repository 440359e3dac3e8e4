package gambit.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.Adapter;
import akka.actor.typed.pubsub.Topic;
import akka.http.javadsl.model.ws.Message;
import akka.http.javadsl.model.ws.TextMessage;
import akka.stream.javadsl.Source;
import akka.stream.testkit.TestSubscriber;
import akka.stream.testkit.javadsl.TestSink;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import gambit.chess.ChessGame;
import gambit.chess.GameUpdate;
import gambit.chess.GameView;
import gambit.auth.Identity;
import gambit.chess.rules.Fen;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One game connection without a network or a game: updates are published on the game's topic
 * by the test, the game's state comes from a stand-in, and the client side is a stream probe.
 * Covers what is hard to provoke over real connections: lost updates (a gap heals with a fresh
 * state, duplicates are dropped) and a client that stops reading (it alone is disconnected).
 */
class GameSocketTest {

  private static final Duration NEVER = Duration.ofHours(1);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static ActorTestKit testKit;

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create("GameSocketTest", ConfigFactory.parseString(
        "akka.actor.provider = local").withFallback(ConfigFactory.load()).resolve());
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static GameView view(String gameId, int ply) {
    return new GameView(gameId, "active", null, null, Fen.INITIAL, Fen.INITIAL,
        Collections.nCopies(ply, "e2e4"), Collections.nCopies(ply, "e4"), ply, "white", null,
        "*", null, null);
  }

  private static GameSocketSettings settings(int bufferSize) {
    return new GameSocketSettings(bufferSize, 4096, NEVER, NEVER);
  }

  private static JsonNode next(TestProbe<GameSocket.Outgoing> out) throws Exception {
    return JSON.readTree(out.receiveMessage(Duration.ofSeconds(10)).json());
  }

  /** Publishes on the game's topic once the socket's subscription has reached it. */
  private static ActorRef<Topic.Command<GameUpdate>> publisher(String gameId) {
    ActorRef<Topic.Command<GameUpdate>> topic = testKit.spawn(
        Topic.create(GameUpdate.class, ChessGame.topicName(gameId)));
    TestProbe<Topic.TopicStats> stats = testKit.createTestProbe();
    stats.awaitAssert(Duration.ofSeconds(10), () -> {
      topic.tell(Topic.getTopicStats(stats.getRef()));
      assertEquals(1, stats.receiveMessage().topicInstanceCount());
      return null;
    });
    return topic;
  }

  @Test
  void updatesFollowInOrderDuplicatesAreDroppedAndAGapFetchesTheWholeGame() throws Exception {
    String id = "gap-" + System.nanoTime();
    TestProbe<GameSocket.Outgoing> out = testKit.createTestProbe();
    AtomicInteger fetches = new AtomicInteger();
    testKit.spawn(GameSocket.create(id, new ChessGame.State(view(id, 3), 5), out.getRef(),
        () -> {
          fetches.incrementAndGet();
          return CompletableFuture.completedFuture(new ChessGame.State(view(id, 6), 9));
        }, settings(16), JSON));
    JsonNode first = next(out);
    assertEquals(List.of("state", 5L), List.of(first.path("type").asText(),
        first.path("seq").asLong()));

    ActorRef<Topic.Command<GameUpdate>> topic = publisher(id);
    GameView.Clocks clocks = new GameView.Clocks(1_000, 2_000, "black");
    topic.tell(Topic.publish(new GameUpdate.Moved(id, 6, 3, "e7e5", "e5", Fen.INITIAL, clocks)));
    JsonNode move = next(out);
    assertEquals("move", move.path("type").asText());
    assertEquals(6, move.path("seq").asLong());
    assertEquals(2_000, move.path("clock").path("black").asLong());

    topic.tell(Topic.publish(new GameUpdate.Moved(id, 6, 3, "e7e5", "e5", Fen.INITIAL, clocks)));
    topic.tell(Topic.publish(new GameUpdate.DrawChanged(id, 8, "offer", "white")));
    JsonNode healed = next(out);
    assertEquals(List.of("state", 9L), List.of(healed.path("type").asText(),
        healed.path("seq").asLong()), "7 was lost: the whole game instead, the duplicate dropped");
    assertEquals(6, healed.path("game").path("ply").asInt());
    assertEquals(1, fetches.get());

    topic.tell(Topic.publish(new GameUpdate.Ended(id, 9, "finished", "1-0", "resignation",
        null)));
    topic.tell(Topic.publish(new GameUpdate.Ended(id, 10, "finished", "1-0", "resignation",
        null)));
    JsonNode end = next(out);
    assertEquals(List.of("end", 10L), List.of(end.path("type").asText(),
        end.path("seq").asLong()), "9 was in the fetched state already");
    out.expectNoMessage(Duration.ofMillis(200));
  }

  @Test
  void aSingleMissedMoveFoundByAFetchIsWrittenAsThatMoveNotAsAWholeState() throws Exception {
    String id = "missed-move-" + System.nanoTime();
    TestProbe<GameSocket.Outgoing> out = testKit.createTestProbe();
    GameView after = new GameView(id, "active", null, null, Fen.INITIAL,
        "rnbqkbnr/pppppppp/8/8/4P3/8/PPPP1PPP/RNBQKBNR b KQkq - 0 1", List.of("e2e4"),
        List.of("e4"), 1, "black", new GameView.Clocks(60_000, 60_000, null), "*", null, null);
    ActorRef<GameSocket.Msg> socket = testKit.spawn(GameSocket.create(id,
        new ChessGame.State(view(id, 0), 2), out.getRef(),
        () -> CompletableFuture.completedFuture(new ChessGame.State(after, 3)), settings(16),
        JSON));
    assertEquals("state", next(out).path("type").asText());

    socket.tell(GameSocket.Signal.RESYNC);
    JsonNode move = next(out);
    assertEquals(List.of("move", 3L, 0, "e2e4", "e4", after.fen()), List.of(
        move.path("type").asText(), move.path("seq").asLong(), move.path("ply").asInt(),
        move.path("uci").asText(), move.path("san").asText(), move.path("fen").asText()));
    assertEquals(60_000, move.path("clock").path("white").asLong());

    socket.tell(GameSocket.Signal.RESYNC);
    out.expectNoMessage(Duration.ofMillis(200));
  }

  @Test
  void aClientThatStopsReadingIsDisconnectedCleanlyWhenItsQueueIsFull() {
    GameSocketRoutes routes = new GameSocketRoutes(testKit.system(), null, JSON,
        Duration.ofSeconds(5), settings(2));
    String id = "slow-" + System.nanoTime();
    List<Message> garbage = Collections.nCopies(10, TextMessage.create("not json"));
    TestSubscriber.Probe<Message> client = Source.from(garbage)
        .concat(Source.maybe())
        .via(routes.connection(id, Optional.empty(), new ChessGame.State(view(id, 0), 1)))
        .runWith(TestSink.probe(Adapter.toClassic(testKit.system())), testKit.system());

    client.ensureSubscription();
    client.expectComplete(); // a close frame: an expected end, not a handler failure
    TestProbe<Integer> open = testKit.createTestProbe();
    open.awaitAssert(Duration.ofSeconds(10), () -> {
      assertEquals(0, routes.openConnections());
      return null;
    });
  }

  @Test
  void aPlayersMoveAfterTheSocketsTokenExpiredAnswers401AndTheSocketStaysOpen() throws Exception {
    GameSocketRoutes routes = new GameSocketRoutes(testKit.system(), null, JSON,
        Duration.ofSeconds(5), settings(16));
    String id = "expired-" + System.nanoTime();
    Identity player = new Identity("u-white", "white", Set.of(Identity.USER));
    TestSubscriber.Probe<Message> client = Source.<Message>single(
            TextMessage.create("{\"type\":\"move\",\"move\":\"e2e4\",\"ply\":0}"))
        .concat(Source.maybe())
        .via(routes.connection(id, Optional.of(player), Instant.now().minusSeconds(1),
            new ChessGame.State(view(id, 0), 1)))
        .runWith(TestSink.probe(Adapter.toClassic(testKit.system())), testKit.system());

    client.request(2);
    assertEquals("state", JSON.readTree(text(client.expectNext())).path("type").asText());
    JsonNode refused = JSON.readTree(text(client.expectNext()));
    assertEquals("error", refused.path("type").asText());
    assertEquals(401, refused.path("status").asInt());
    assertTrue(refused.path("detail").asText().contains("expired"), refused.toString());
    client.expectNoMessage(scala.concurrent.duration.FiniteDuration.create(200,
        java.util.concurrent.TimeUnit.MILLISECONDS));
    client.cancel();
  }

  private static String text(Message message) {
    return message.asTextMessage().getStrictText();
  }
}
