package gambit.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import gambit.testing.TestRedis;
import gambit.testing.TradingServer;
import gambit.trading.TradingTestKit;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A dashboard socket whose client reads nothing, over a real TCP connection: once more
 * messages wait for it than it may have, the server gives up on it, and since no close frame
 * can pass the full buffers, the connection is aborted when nothing has moved on it for the idle
 * timeout (3 s here). Small socket buffers on both sides so that a few hundred orders fill them.
 */
class StalledSocketTest {

  @Test
  void aClientThatReadsNothingIsCutOffSoonAfterItsQueueOverflows() throws Exception {
    try (TradingServer server = TradingServer.start(TestRedis.shared().uri(),
        TradingTestKit.newPrefix("stalled"), String.join("\n",
            "gambit.trading.websocket.max-pending-messages = 16",
            "akka.http.server.socket-options.so-send-buffer-size = 4096",
            "akka.http.server.idle-timeout = 3s"))) {
      TradingTestKit.push(server, "ADA-USD", "0.5000");
      String token = server.accessToken("stalled" + System.nanoTime());

      try (SocketChannel client = SocketChannel.open()) {
        client.setOption(StandardSocketOptions.SO_RCVBUF, 1024);
        client.connect(new InetSocketAddress("127.0.0.1", server.port()));
        client.write(ByteBuffer.wrap(("GET /ws/dashboard?access_token=" + token + " HTTP/1.1\r\n"
            + "Host: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: c3RhbGxlZC1jbGllbnQtMQ==\r\n"
            + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));

        // every order makes five messages (accepted, fill, filled, balance, portfolio)
        for (int i = 0; i < 400; i++) {
          HttpResponse<String> placed = server.postJson("/api/orders", "{\"symbol\":\"ADA-USD\","
                  + "\"side\":\"" + (i % 2 == 0 ? "buy" : "sell") + "\",\"type\":\"market\","
                  + "\"quantity\":\"10\"}", "Authorization", "Bearer " + token,
              "Idempotency-Key", UUID.randomUUID().toString());
          assertEquals(201, placed.statusCode(), placed.body());
        }
        TimeUnit.SECONDS.sleep(6); // the idle timeout (3 s) and some

        // the server aborted the connection: what the client reads now ends in a reset, where
        // a connection still held would go on delivering the rest of its queue
        assertEquals("reset", drain(client));
      }
    }
  }

  /** How the connection ends as the client reads what it has: reset, end, or still open. */
  private static String drain(SocketChannel client) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    long bytes = 0;
    client.configureBlocking(false);
    try {
      while (System.nanoTime() < deadline) {
        buffer.clear();
        int read = client.read(buffer);
        if (read < 0) {
          return "an orderly end after " + bytes + " bytes";
        }
        bytes += read;
      }
    } catch (IOException e) {
      return "reset";
    }
    return "still open after " + bytes + " bytes";
  }
}
