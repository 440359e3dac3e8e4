package gambit.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gambit.testing.TradingServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A WebSocket test client that reads every message as it arrives (a fast reader) and hands them
 * out as JSON, in order; it also checks that the server's sequence numbers go 1, 2, 3, ...
 */
final class TradingSocketClient implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final WebSocket socket;
  private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
  private final List<JsonNode> seen = new ArrayList<>();
  private long expectedSeq = 1;

  private TradingSocketClient(URI uri) {
    this.socket = TradingServer.client().newWebSocketBuilder()
        .connectTimeout(Duration.ofSeconds(10))
        .buildAsync(uri, new Listener()).join();
  }

  static TradingSocketClient connect(URI uri) {
    return new TradingSocketClient(uri);
  }

  /** Collects whole text messages. */
  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          received.add(JSON.readTree(partial.toString()));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }
  }

  /** The next message; fails after the timeout or on a gap in the sequence numbers. */
  JsonNode next(Duration timeout) {
    try {
      JsonNode message = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (message == null) {
        throw new AssertionError("no message within " + timeout + "; seen " + seen);
      }
      if (message.path("seq").asLong() != expectedSeq) {
        throw new AssertionError("seq " + message.path("seq") + " where " + expectedSeq
            + " was due: " + message);
      }
      expectedSeq++;
      seen.add(message);
      return message;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Reads until a message matches, skipping others; fails after the timeout. */
  JsonNode until(Predicate<JsonNode> wanted, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("no wanted message within " + timeout + "; seen " + seen);
      }
      JsonNode message = next(Duration.ofNanos(left));
      if (wanted.test(message)) {
        return message;
      }
    }
  }

  static Predicate<JsonNode> type(String type) {
    return message -> message.path("type").asText().equals(type);
  }

  static Predicate<JsonNode> tick(String symbol, String price) {
    return message -> message.path("type").asText().equals("tick")
        && message.path("symbol").asText().equals(symbol)
        && message.path("price").asText().equals(price);
  }

  /** Every message read so far, in order. */
  List<JsonNode> seen() {
    return List.copyOf(seen);
  }

  void send(String text) {
    socket.sendText(text, true).join();
  }

  @Override
  public void close() {
    socket.abort();
  }
}
