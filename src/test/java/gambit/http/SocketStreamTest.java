package gambit.http;

import static gambit.trading.TradingTestKit.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.typed.javadsl.Adapter;
import akka.http.javadsl.model.ws.Message;
import akka.http.javadsl.model.ws.TextMessage;
import akka.japi.Pair;
import akka.serialization.jackson.JacksonObjectMapperProvider;
import akka.stream.SystemMaterializer;
import akka.stream.javadsl.Keep;
import akka.stream.javadsl.Source;
import akka.stream.testkit.TestPublisher;
import akka.stream.testkit.TestSubscriber;
import akka.stream.testkit.javadsl.TestSink;
import akka.stream.testkit.javadsl.TestSource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gambit.auth.Identity;
import gambit.testing.TestRedis;
import gambit.testing.TradingServer;
import gambit.trading.PriceFeed;
import gambit.trading.Tick;
import gambit.trading.TradingTestKit;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The socket stream itself (the real flow and session actor, with a test probe instead of a TCP
 * connection, so the reader's demand is exact): a reader that stops reading gets only the newest
 * price of each instrument when it reads again, an idle stream sends heartbeats, and an
 * unsubscribed instrument's ticks stop at once and leave the node's tick hub, and a client that
 * lets more than {@code max-pending-messages} answers pile up is cut off.
 */
class SocketStreamTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static TradingServer server;
  private static TradingSockets sockets;

  @BeforeAll
  static void start() {
    server = TradingServer.start(TestRedis.shared().uri(), TradingTestKit.newPrefix("stream"),
        "gambit.trading.websocket.heartbeat-interval = 500ms\n"
            + "gambit.trading.websocket.max-pending-messages = 16");
    ObjectMapper mapper = JacksonObjectMapperProvider.get(server.system())
        .getOrCreate("jackson-json", Optional.empty());
    sockets = new TradingSockets(server.system(), server.trading(),
        new Authentication(server.auth()), mapper);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static JsonNode read(TestSubscriber.Probe<Message> reader) {
    reader.request(1);
    Message message = reader.expectNext(scala.concurrent.duration.FiniteDuration.create(10,
        java.util.concurrent.TimeUnit.SECONDS));
    try {
      return JSON.readTree(message.asTextMessage().getStrictText());
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private static void push(List<Tick> ticks) {
    PriceFeed.Pushed pushed = TradingTestKit.join(
        akka.actor.typed.javadsl.AskPattern.<PriceFeed.Command, PriceFeed.Pushed>ask(
            server.trading().feed(), to -> new PriceFeed.PushTicks(ticks, to),
            TradingTestKit.TIMEOUT, server.system().scheduler()));
    assertEquals(ticks.size(), pushed.live());
  }

  @Test
  void aReaderThatFallsBehindGetsTheNewestPricesNotABacklogAndThenHeartbeats() {
    Instant start = Instant.now();
    push(List.of(new Tick("BTC-USD", new BigDecimal("100.00"), start),
        new Tick("ETH-USD", new BigDecimal("50.00"), start)));
    var classic = Adapter.toClassic(server.system());
    Pair<TestPublisher.Probe<Message>, TestSubscriber.Probe<Message>> probes =
        TestSource.<Message>probe(classic)
            .via(sockets.marketFlow(Set.of("BTC-USD", "ETH-USD")))
            .toMat(TestSink.probe(classic), Keep.both())
            .run(SystemMaterializer.get(server.system()).materializer());
    TestSubscriber.Probe<Message> reader = probes.second();
    assertEquals("tick", read(reader).path("type").asText(), "a last price first");

    List<Tick> burst = new ArrayList<>();
    for (int i = 1; i <= 500; i++) {
      Instant at = start.plusMillis(i);
      burst.add(new Tick("BTC-USD", new BigDecimal("100.00").add(BigDecimal.valueOf(i, 2)), at));
      burst.add(new Tick("ETH-USD", new BigDecimal("50.00").add(BigDecimal.valueOf(i, 2)), at));
    }
    push(burst);

    Map<String, String> last = new HashMap<>();
    List<JsonNode> ticks = new ArrayList<>();
    long seq = 1;
    while (!"105.00".equals(last.get("BTC-USD")) || !"55.00".equals(last.get("ETH-USD"))) {
      JsonNode message = read(reader);
      assertEquals(++seq, message.path("seq").asLong(), message.toString());
      if (message.path("type").asText().equals("tick")) {
        ticks.add(message);
        last.put(message.path("symbol").asText(), message.path("price").asText());
      }
      assertTrue(ticks.size() < 50, "a backlog of stale prices: " + ticks);
    }

    JsonNode idle = read(reader);
    assertEquals("heartbeat", idle.path("type").asText(), idle.toString());
    assertEquals(seq + 1, idle.path("seq").asLong());
    probes.first().sendComplete();
  }

  @Test
  void afterUnsubscribingNoTickOfThatInstrumentArrivesAndTheHubForgetsTheSocket() {
    Instant start = Instant.now();
    push(List.of(new Tick("SOL-USD", new BigDecimal("180.00"), start),
        new Tick("LINK-USD", new BigDecimal("20.000"), start)));
    var classic = Adapter.toClassic(server.system());
    Pair<TestPublisher.Probe<Message>, TestSubscriber.Probe<Message>> probes =
        TestSource.<Message>probe(classic)
            .via(sockets.marketFlow(Set.of("SOL-USD", "LINK-USD")))
            .toMat(TestSink.probe(classic), Keep.both())
            .run(SystemMaterializer.get(server.system()).materializer());
    TestSubscriber.Probe<Message> reader = probes.second();
    assertEquals("tick", read(reader).path("type").asText());
    assertEquals("tick", read(reader).path("type").asText());
    awaitTrue("the hub has the socket", () ->
        server.trading().ticks().watchers("SOL-USD") == 1);

    probes.first().sendNext(TextMessage.create(
        "{\"type\":\"unsubscribe\",\"symbols\":[\"sol-usd\"]}"));
    JsonNode answer = read(reader);
    assertEquals("subscribed", answer.path("type").asText(), answer.toString());
    assertEquals("[\"LINK-USD\"]", answer.path("symbols").toString());
    assertEquals(3, answer.path("seq").asLong());
    push(List.of(new Tick("SOL-USD", new BigDecimal("181.00"), start.plusMillis(1))));
    push(List.of(new Tick("LINK-USD", new BigDecimal("21.000"), start.plusMillis(2))));

    JsonNode next = read(reader);
    for (int i = 0; i < 10 && next.path("type").asText().equals("heartbeat"); i++) {
      next = read(reader);
    }
    assertEquals("LINK-USD", next.path("symbol").asText(), "no SOL-USD tick: " + next);
    assertEquals("21.000", next.path("price").asText());
    assertEquals(0, server.trading().ticks().watchers("SOL-USD"));

    probes.first().sendComplete();
    awaitTrue("the socket left the hub", () ->
        server.trading().ticks().watchers("LINK-USD") == 0);
  }

  @Test
  void aClientThatLetsTooManyAnswersWaitIsCutOffAtOnceWithoutReadingAnything() {
    push(List.of(new Tick("XRP-USD", new BigDecimal("2.5000"), Instant.now())));
    var classic = Adapter.toClassic(server.system());
    List<Message> garbage = new ArrayList<>();
    for (int i = 0; i < 40; i++) { // each one answers an error; the reader reads none
      garbage.add(TextMessage.create("not json " + i));
    }
    TestSubscriber.Probe<Message> reader = Source.from(garbage)
        .concat(Source.<Message>maybe())
        .via(sockets.marketFlow(Set.of("XRP-USD")))
        .runWith(TestSink.probe(classic), SystemMaterializer.get(server.system()).materializer());
    reader.ensureSubscription();

    // no demand: only the end of the stream can arrive, and it must, without a read
    Object end = reader.expectEvent(scala.concurrent.duration.FiniteDuration.create(10,
        java.util.concurrent.TimeUnit.SECONDS));
    assertEquals(akka.stream.testkit.TestSubscriber.OnComplete$.MODULE$, end,
        "a too slow client's stream completes (a close frame), not fails");
  }

  @Test
  void aDashboardSocketSaysWhenItsTokenExpiredAndCloses() {
    var classic = Adapter.toClassic(server.system());
    Identity user = new Identity("expiring-" + System.nanoTime(), "expiring",
        Set.of(Identity.USER));
    TestSubscriber.Probe<Message> reader = Source.<Message>maybe()
        // the snapshot may wait up to 3 s for the user's topic: the token outlives that
        .via(sockets.dashboardFlow(user, Instant.now().plusSeconds(8)))
        .runWith(TestSink.probe(classic), SystemMaterializer.get(server.system()).materializer());

    assertEquals("snapshot", read(reader).path("type").asText());
    JsonNode last = read(reader);
    while (!last.path("type").asText().equals("error")) { // heartbeats meanwhile
      last = read(reader);
    }
    assertTrue(last.path("detail").asText().contains("access token expired"), last.toString());
    reader.request(1);
    reader.expectComplete();
  }
}
