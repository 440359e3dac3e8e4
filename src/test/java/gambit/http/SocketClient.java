package gambit.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import akka.Done;
import akka.actor.typed.ActorSystem;
import akka.http.javadsl.Http;
import akka.http.javadsl.model.ws.BinaryMessage;
import akka.http.javadsl.model.ws.Message;
import akka.http.javadsl.model.ws.TextMessage;
import akka.http.javadsl.model.ws.WebSocketRequest;
import akka.http.javadsl.model.ws.WebSocketUpgradeResponse;
import akka.japi.Pair;
import akka.stream.OverflowStrategy;
import akka.stream.javadsl.Flow;
import akka.stream.javadsl.Keep;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import akka.stream.javadsl.SourceQueueWithComplete;
import akka.util.ByteString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client for tests, on akka-http's client: every text frame received is queued as
 * JSON; frames are sent through a queue; closing completes the outgoing side.
 */
final class SocketClient implements AutoCloseable {

  static final Duration TIMEOUT = Duration.ofSeconds(15);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final WebSocketUpgradeResponse upgrade;
  private final SourceQueueWithComplete<Message> outgoing;
  private final CompletionStage<Done> closed;
  private final BlockingQueue<JsonNode> received;

  private SocketClient(WebSocketUpgradeResponse upgrade, SourceQueueWithComplete<Message> outgoing,
      CompletionStage<Done> closed, BlockingQueue<JsonNode> received) {
    this.upgrade = upgrade;
    this.outgoing = outgoing;
    this.closed = closed;
    this.received = received;
  }

  /** Connects to {@code ws://127.0.0.1:<port><path>} and waits for the upgrade's answer. */
  static SocketClient connect(ActorSystem<?> system, int port, String path) throws Exception {
    BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    Sink<Message, CompletionStage<Done>> in = Flow.<Message>create()
        .mapAsync(1, message -> message.asTextMessage().getStreamedText()
            .runFold("", String::concat, system))
        .toMat(Sink.foreach(text -> received.add(JSON.readTree(text))), Keep.right());
    Source<Message, SourceQueueWithComplete<Message>> out =
        Source.queue(16, OverflowStrategy.fail());
    Pair<CompletionStage<WebSocketUpgradeResponse>,
        Pair<CompletionStage<Done>, SourceQueueWithComplete<Message>>> connection =
        Http.get(system).singleWebSocketRequest(
            WebSocketRequest.create("ws://127.0.0.1:" + port + path),
            Flow.fromSinkAndSourceMat(in, out, Keep.both()), akka.stream.Materializer
                .matFromSystem(system));
    WebSocketUpgradeResponse upgrade = connection.first().toCompletableFuture()
        .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    return new SocketClient(upgrade, connection.second().second(), connection.second().first(),
        received);
  }

  /** The HTTP status of the upgrade (101 when it was accepted). */
  int status() {
    return upgrade.response().status().intValue();
  }

  WebSocketUpgradeResponse upgrade() {
    return upgrade;
  }

  void send(String json) {
    outgoing.offer(TextMessage.create(json));
  }

  void sendBinary(byte[] bytes) {
    outgoing.offer(BinaryMessage.create(ByteString.fromArray(bytes)));
  }

  /** The next frame; fails after {@link #TIMEOUT}. */
  JsonNode next() throws InterruptedException {
    JsonNode message = received.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    assertNotNull(message, "no message within " + TIMEOUT);
    return message;
  }

  /** The next frame, which must be of this type. */
  JsonNode next(String type) throws InterruptedException {
    JsonNode message = next();
    assertEquals(type, message.path("type").asText(), message.toString());
    return message;
  }

  /** Whatever arrived and was not read yet, without waiting. */
  int pending() {
    return received.size();
  }

  /** Completes when the server has closed the connection. */
  CompletionStage<Done> closed() {
    return closed;
  }

  @Override
  public void close() {
    outgoing.complete();
  }
}
