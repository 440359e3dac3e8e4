package gambit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gambit.testing.NodeProcess;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A timed game on the real jar survives a restart of its node: the node comes back, starts the
 * game by itself (remembered by sharding, no request needed), the clock that ran before the
 * stop has kept running through the downtime, and the flag falls on time with nobody asking.
 */
class ChessNodeIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
  private static final Map<String, String> ENV = Map.of(
      "JWT_SECRET", "chess-node-it-secret-0123456789abcdef0123456789",
      "LOG_LEVEL", "DEBUG");

  @Test
  void aTimedGameSurvivesANodeRestartAndItsFlagFallsOnTime() throws Exception {
    Path work = Files.createTempDirectory(Path.of("target"), "chess-node-");
    String id;
    long clockStarted;
    try (NodeProcess node = NodeProcess.start(work, ENV)) {
      node.awaitReady(READY_TIMEOUT);
      String alice = token(node, "Alice_It");
      String bob = token(node, "Bob_It");
      JsonNode created = json(node.postJson("/api/games",
          "{\"timeControl\":\"0.5+0\",\"color\":\"white\"}", auth(alice)), 201);
      id = created.path("gameId").asText();
      json(node.postJson("/api/games/" + id + "/join", "{}", auth(bob)), 200);
      json(node.postJson("/api/games/" + id + "/moves", "{\"move\":\"e4\",\"ply\":0}",
          auth(alice)), 200);
      JsonNode running = json(node.postJson("/api/games/" + id + "/moves",
          "{\"move\":\"e5\",\"ply\":1}", auth(bob)), 200);
      clockStarted = System.nanoTime();
      assertEquals("white", running.path("clock").path("running").asText());

      node.terminate();
      assertEquals(Optional.of(0), node.awaitExit(Duration.ofSeconds(20)), node.logText());
    }

    try (NodeProcess again = NodeProcess.start(work, ENV)) {
      again.awaitReady(READY_TIMEOUT);
      again.awaitLog(Pattern.compile("Game " + Pattern.quote(id) + " recovered: ACTIVE at ply 2"),
          Duration.ofSeconds(20));

      JsonNode view = json(again.get("/api/games/" + id), 200);
      long elapsed = Duration.ofNanos(System.nanoTime() - clockStarted).toMillis();
      if (view.path("status").asText().equals("active")) {
        long white = view.path("clock").path("white").asLong();
        assertTrue(white <= 30_000 - elapsed + 1_000, "the downtime was charged: " + white
            + " ms left " + elapsed + " ms after the clock started");
        assertEquals("white", view.path("clock").path("running").asText());
      }

      again.awaitLog(Pattern.compile("Game " + Pattern.quote(id) + " ended: timeout 0-1"),
          Duration.ofSeconds(45));
      JsonNode flagged = json(again.get("/api/games/" + id), 200);
      assertEquals("finished", flagged.path("status").asText());
      assertEquals("timeout", flagged.path("termination").asText());
      assertEquals(0, flagged.path("clock").path("white").asLong());
    }
  }

  private static String token(NodeProcess node, String name) throws Exception {
    String credentials = "{\"username\":\"" + name + "\",\"password\":\"correct horse 1\"}";
    json(node.postJson("/api/auth/register", credentials), 201);
    return json(node.postJson("/api/auth/login", credentials), 200).path("accessToken").asText();
  }

  private static String[] auth(String token) {
    return new String[] {"Authorization", "Bearer " + token};
  }

  private static JsonNode json(HttpResponse<String> response, int status) throws Exception {
    assertEquals(status, response.statusCode(), response.body());
    return JSON.readTree(response.body());
  }
}
