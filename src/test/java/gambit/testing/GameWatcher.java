package gambit.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * One spectator's WebSocket on {@code GET /ws/games/{id}} of one node, on the JDK's client, for
 * failover tests: it keeps every frame the server sends, the highest ply its frames have shown
 * (a {@code move} frame for ply p shows p + 1 plies, a {@code state} frame its game's ply), and
 * whether the connection ever closed or failed. It never reconnects: a test that wants to know
 * whether one connection survived a failover reads {@link #endedHow()}. Thread-safe.
 */
public final class GameWatcher implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2)).build();

  private final List<JsonNode> frames = new ArrayList<>();
  private final StringBuilder partial = new StringBuilder();
  private WebSocket socket;
  private int pliesSeen = -1;
  private long lastSeq;
  private String endedHow;

  private GameWatcher() {}

  /** Connects to node {@code port}'s socket for {@code gameId}; fails if the upgrade fails. */
  public static GameWatcher connect(int port, String gameId) throws Exception {
    GameWatcher watcher = new GameWatcher();
    WebSocket socket = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
        .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws/games/" + gameId),
            watcher.new Listener())
        .get(10, TimeUnit.SECONDS);
    synchronized (watcher) {
      watcher.socket = socket;
    }
    return watcher;
  }

  /** How many plies the frames received so far have shown; -1 before the first frame. */
  public synchronized int pliesSeen() {
    return pliesSeen;
  }

  /** Null while the connection is open; otherwise how it ended (closed or failed, and why). */
  public synchronized String endedHow() {
    return endedHow;
  }

  /** Every frame received so far, in order. */
  public synchronized List<JsonNode> frames() {
    return List.copyOf(frames);
  }

  /** Waits (polling) until the frames have shown {@code plies} plies; false on timeout. */
  public boolean awaitPlies(int plies, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (pliesSeen() >= plies) {
        return true;
      }
      Thread.sleep(50);
    }
    return pliesSeen() >= plies;
  }

  /** The frame types in order, e.g. {@code [state@6, move@7, state@9]}, for messages. */
  public synchronized String summary() {
    List<String> items = new ArrayList<>();
    for (JsonNode frame : frames) {
      items.add(frame.path("type").asText() + "@" + frame.path("seq").asText());
    }
    return items + (endedHow == null ? " (open)" : " (" + endedHow + ")");
  }

  private synchronized void onFrame(JsonNode frame) {
    frames.add(frame);
    long seq = frame.path("seq").asLong();
    if (seq > 0 && seq <= lastSeq) {
      endedHow = "protocol broken: seq " + seq + " after " + lastSeq;
    }
    lastSeq = Math.max(lastSeq, seq);
    switch (frame.path("type").asText()) {
      case "move" -> pliesSeen = Math.max(pliesSeen, frame.path("ply").asInt() + 1);
      case "state" -> pliesSeen = Math.max(pliesSeen, frame.path("game").path("ply").asInt());
      default -> { }
    }
  }

  private synchronized void ended(String how) {
    if (endedHow == null) {
      endedHow = how;
    }
  }

  @Override
  public void close() {
    WebSocket open;
    synchronized (this) {
      open = socket;
    }
    if (open != null) {
      open.abort();
    }
  }

  /** Collects whole text frames; asks for one frame at a time. */
  private final class Listener implements WebSocket.Listener {

    @Override
    public void onOpen(WebSocket webSocket) {
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      synchronized (GameWatcher.this) {
        partial.append(data);
        if (last) {
          String text = partial.toString();
          partial.setLength(0);
          try {
            onFrame(JSON.readTree(text));
          } catch (IOException e) {
            ended("not JSON: " + text);
          }
        }
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      ended("closed by the server: " + statusCode + " " + reason);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      ended("failed: " + error);
    }
  }
}
