package gambit.http;

import static akka.http.javadsl.server.Directives.complete;
import static akka.http.javadsl.server.Directives.concat;
import static akka.http.javadsl.server.Directives.get;
import static akka.http.javadsl.server.Directives.handleExceptions;
import static akka.http.javadsl.server.Directives.path;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import gambit.testing.ApiServer;
import gambit.testing.TestRedis;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Requests written by hand on a socket. A body announced but never sent in full is the client's
 * fault: 408 with a problem body once the read timeout passed (not a 500 and an ERROR with a
 * stack trace in the node's log). An HTTP/1.0 request without {@code Host} is served.
 */
class RawHttpTest {

  private static ApiServer server;

  @BeforeAll
  static void startServer() {
    JsonBodies bodies = new JsonBodies(new ObjectMapper(), 1024, Duration.ofMillis(500));
    server = ApiServer.start(TestRedis.shared().uri(), "", authentication ->
        handleExceptions(Problems.exceptionHandler(), () ->
            concat(path("probe-body", () -> bodies.object(body -> complete("read " + body))),
                path("probe-get", () -> get(() -> complete("served"))))));
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void aBodyThatNeverArrivesInFullAnswers408() throws IOException {
    String response = headOf("POST /probe-body HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"username\":");
    assertTrue(response.startsWith("HTTP/1.1 408"), response);
    assertTrue(response.contains("application/problem+json"), response);
  }

  @Test
  void theSameBodySentInFullIsRead() throws IOException {
    String body = "{\"username\":\"x\"}";
    String response = headOf("POST /probe-body HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Connection: close\r\nContent-Type: application/json\r\nContent-Length: "
        + body.length() + "\r\n\r\n" + body);
    assertTrue(response.startsWith("HTTP/1.1 200"), response);
  }

  @Test
  void anHttp10RequestWithoutHostIsServed() throws IOException {
    String response;
    try (Socket socket = send("GET /probe-get HTTP/1.0\r\n\r\n")) {
      response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    }
    assertTrue(response.startsWith("HTTP/1.1 200"), response);
    assertTrue(response.endsWith("served"), response);
  }

  /** A connection to the server on which {@code request} was written as it is. */
  private static Socket send(String request) throws IOException {
    Socket socket = new Socket("127.0.0.1", server.port());
    socket.setSoTimeout(10_000);
    OutputStream out = socket.getOutputStream();
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return socket;
  }

  /** The status line and headers of the answer to {@code request}. */
  private static String headOf(String request) throws IOException {
    try (Socket socket = send(request)) {
      return readHead(socket.getInputStream());
    }
  }

  /** The status line and headers. */
  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }
}
