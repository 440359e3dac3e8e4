package gambit.http;

import static gambit.http.AuthFlows.assertProblem;
import static gambit.http.AuthFlows.json;
import static gambit.http.GameFlows.create;
import static gambit.http.GameFlows.draw;
import static gambit.http.GameFlows.move;
import static gambit.http.GameFlows.ok;
import static gambit.http.GameFlows.post;
import static gambit.http.GameFlows.started;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gambit.http.GameFlows.User;
import gambit.node.RedisServerProcess;
import gambit.testing.ApiServer;
import gambit.testing.ManualClock;
import gambit.testing.TestRedis;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The game routes over real HTTP on a one-node cluster with a real Redis: a complete game
 * between two users, the PGN export, and the status of every refusal. Game clocks read a
 * manual clock, so time passes only when a test says so.
 */
class GameRoutesTest {

  private static final ManualClock CLOCK = new ManualClock(Instant.parse("2024-05-01T10:00:00Z"));
  private static ApiServer server;
  private static User alice;
  private static User bob;
  private static User eve;

  @BeforeAll
  static void startServer() {
    server = ApiServer.startWithGames(TestRedis.shared().uri(), "gambit.http.max-body-size = 4KiB",
        CLOCK);
    alice = GameFlows.user(server, "alice");
    bob = GameFlows.user(server, "bob");
    eve = GameFlows.user(server, "eve");
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new java.util.ArrayList<>();
    array.forEach(node -> texts.add(node.asText()));
    return texts;
  }

  // ---------------------------------------------------------------- a whole game

  @Test
  void twoUsersPlayFoolsMateAndAnyoneReadsTheGameAndItsPgn() {
    HttpResponse<String> created = create(server, bob, "5+3", "black", null);
    assertEquals(201, created.statusCode(), created.body());
    JsonNode waiting = json(created);
    String id = waiting.path("gameId").asText();
    assertEquals(Optional.of("/api/games/" + id), created.headers().firstValue("Location"));
    assertEquals("waiting", waiting.path("status").asText());
    assertEquals(bob.userId(), waiting.path("black").path("userId").asText());
    assertTrue(waiting.path("white").isNull());
    assertEquals(300_000, waiting.path("clock").path("white").asLong());
    assertTrue(waiting.path("clock").path("running").isNull());

    JsonNode joined = ok(post(server, "/api/games/" + id + "/join", alice, null));
    assertEquals("active", joined.path("status").asText());
    assertEquals(alice.username(), joined.path("white").path("username").asText());

    ok(move(server, id, alice, "f2f3", 0));
    ok(move(server, id, bob, "e5", 1));
    ok(move(server, id, alice, "g4", 2));
    JsonNode mated = ok(move(server, id, bob, "Qh4#", 3));
    assertEquals("finished", mated.path("status").asText());
    assertEquals("0-1", mated.path("result").asText());
    assertEquals("checkmate", mated.path("termination").asText());
    assertEquals(List.of("f2f3", "e7e5", "g2g4", "d8h4"), texts(mated.path("moves")));
    assertEquals(List.of("f3", "e5", "g4", "Qh4#"), texts(mated.path("san")));
    assertEquals("rnb1kbnr/pppp1ppp/8/4p3/6Pq/5P2/PPPPP2P/RNBQKBNR w KQkq - 1 3",
        mated.path("fen").asText());

    HttpResponse<String> watched = server.get("/api/games/" + id);
    assertEquals(mated, ok(watched), "anyone reads a game without a token");

    HttpResponse<String> pgn = server.get("/api/games/" + id + "/pgn");
    assertEquals(200, pgn.statusCode(), pgn.body());
    assertTrue(pgn.headers().firstValue("Content-Type").orElse("")
        .startsWith("application/x-chess-pgn"), pgn.headers().toString());
    assertTrue(pgn.body().contains("[White \"" + alice.username() + "\"]"), pgn.body());
    assertTrue(pgn.body().contains("[TimeControl \"300+3\"]"), pgn.body());
    assertTrue(pgn.body().contains("1. f3 { [%clk 0:05:00] } 1... e5 { [%clk 0:05:00] } 2. g4"),
        pgn.body());
    assertTrue(pgn.body().contains("Qh4# { [%clk 0:05:03] } 0-1"), pgn.body());
  }

  @Test
  void theGameViewHasExactlyTheDocumentedFields() {
    String id = started(server, alice, bob, "none", null);
    JsonNode view = ok(server.get("/api/games/" + id));
    List<String> fields = new java.util.ArrayList<>();
    view.fieldNames().forEachRemaining(fields::add);
    assertEquals(List.of("gameId", "status", "white", "black", "initialFen", "fen", "moves",
        "san", "ply", "turn", "clock", "result", "termination", "drawOffer"), fields);
    assertTrue(view.path("clock").isNull(), "untimed");
    assertEquals("white", view.path("turn").asText());
    assertEquals(0, view.path("ply").asInt());
  }

  @Test
  void clocksRunOnTheServersTimeAndAFallenFlagEndsTheGame() {
    String id = started(server, alice, bob, "1+2", null);
    ok(move(server, id, alice, "e4", 0));
    ok(move(server, id, bob, "e5", 1));
    CLOCK.advance(Duration.ofSeconds(4));
    JsonNode charged = ok(move(server, id, alice, "Nf3", 2));
    assertEquals(58_000, charged.path("clock").path("white").asLong());
    assertEquals("black", charged.path("clock").path("running").asText());

    CLOCK.advance(Duration.ofSeconds(61));
    JsonNode flagged = ok(server.get("/api/games/" + id));
    assertEquals("timeout", flagged.path("termination").asText());
    assertEquals("1-0", flagged.path("result").asText());
    assertEquals(0, flagged.path("clock").path("black").asLong());
    assertProblem(move(server, id, bob, "Nc6", 3), 409, "over");
  }

  // ---------------------------------------------------------------- statuses

  @Test
  void refusalsQuoteAtMost64CharactersOfTheClientsText() {
    String id = started(server, alice, bob, "none", null);
    String longMove = "e".repeat(3000);
    String detail = assertProblem(move(server, id, alice, longMove, 0), 400, "malformed move '"
        + "e".repeat(64) + "...'").path("detail").asText();
    assertTrue(detail.length() < 200, detail);
    String longFen = "8".repeat(300) + " w - - 0 1";
    detail = assertProblem(create(server, alice, "none", "white", longFen), 400,
        "invalid FEN '" + "8".repeat(64) + "...'").path("detail").asText();
    assertTrue(detail.length() < 300, detail);
    detail = assertProblem(create(server, alice, "5".repeat(500) + "+3", "white", null), 400,
        "got \"" + "5".repeat(64) + "...\"").path("detail").asText();
    assertTrue(detail.length() < 300, detail);
    detail = assertProblem(server.get("/api/games/" + "x".repeat(1000)), 404,
        "there is no game " + "x".repeat(64) + "...").path("detail").asText();
    assertTrue(detail.length() < 200, detail);
  }

  @Test
  void creatingNeedsATokenAndAWellFormedBody() {
    assertProblem(server.postJson("/api/games", GameFlows.createBody("5+3", "white", null)), 401,
        "authentication required");
    assertProblem(post(server, "/api/games", alice, "{}"), 400, "missing fields \"timeControl\","
        + " \"color\"");
    assertProblem(create(server, alice, "5+x", "white", null), 400, "timeControl must be");
    assertProblem(create(server, alice, "500+3", "white", null), 400, "out of range");
    assertProblem(create(server, alice, "5+3", "purple", null), 400,
        "must be one of white, black, random");
    assertProblem(post(server, "/api/games", alice, "{\"timeControl\":\"none\",\"color\":\"white\","
        + "\"fen\":7}"), 400, "\"fen\" must be a string");
    HttpResponse<String> badFen = create(server, alice, "none", "white", "8/8/8 w - - 0 1");
    assertProblem(badFen, 400, "invalid FEN");
    assertFalse(json(badFen).has("game"), "a refused creation shows no game: "
        + badFen.body());
    HttpResponse<String> decided = create(server, alice, "none", "white",
        "rnb1kbnr/pppp1ppp/8/4p3/6Pq/5P2/PPPPP2P/RNBQKBNR w KQkq - 1 3");
    assertProblem(decided, 422, "checkmate");
    assertFalse(json(decided).has("game"), "a refused creation shows no game: "
        + decided.body());
    HttpResponse<String> text = server.send(server.request("/api/games", "Authorization",
        "Bearer " + alice.token(), "Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString("5+3")).build());
    assertProblem(text, 415, "JSON");
  }

  @Test
  void unknownGamesAre404AndNotCreatedByLooking() {
    String unknown = "AAAAAAAAAAAAAAAA";
    assertProblem(server.get("/api/games/" + unknown), 404, "no such game");
    assertProblem(server.get("/api/games/" + unknown + "/pgn"), 404, "no such game");
    assertProblem(post(server, "/api/games/" + unknown + "/join", bob, null), 404,
        "no such game");
    assertProblem(server.get("/api/games/not-an-id"), 404, "no game not-an-id");
    assertProblem(move(server, "x", alice, "e4", 0), 404, "no game x");
    assertProblem(server.get("/api/games/" + unknown), 404, "no such game");
  }

  @Test
  void onlyThePlayersActAndOnlyOnTheirTurn() {
    String id = started(server, alice, bob, "none", null);
    assertProblem(server.postJson("/api/games/" + id + "/moves", "{\"move\":\"e4\",\"ply\":0}"),
        401, "authentication required");
    assertProblem(move(server, id, eve, "e4", 0), 403, "players");
    assertProblem(post(server, "/api/games/" + id + "/resign", eve, null), 403, "players");
    JsonNode notYours = assertProblem(move(server, id, bob, "e5", 0), 409, "white's turn");
    assertEquals(id, notYours.path("game").path("gameId").asText(),
        "a conflict carries the current game");
    assertEquals(0, notYours.path("game").path("ply").asInt());
    assertProblem(post(server, "/api/games/" + id + "/join", eve, null), 409, "two players");
  }

  @Test
  void movesAreCheckedForShapeLegalityAndPly() {
    String id = started(server, alice, bob, "none", null);
    assertProblem(move(server, id, alice, "e2e5", 0), 422, "illegal move 'e2e5'");
    JsonNode unreadable = assertProblem(move(server, id, alice, "zz", 0), 400, "malformed");
    assertEquals(0, unreadable.path("game").path("ply").asInt());
    assertProblem(post(server, "/api/games/" + id + "/moves", alice, "{\"move\":\"e4\"}"), 400,
        "missing field \"ply\"");
    assertProblem(post(server, "/api/games/" + id + "/moves", alice,
        "{\"move\":\"e4\",\"ply\":-1}"), 400, "whole number");
    assertProblem(post(server, "/api/games/" + id + "/moves", alice,
        "{\"move\":\"e4\",\"ply\":\"0\"}"), 400, "whole number of at least 0, got a string");
    assertProblem(post(server, "/api/games/" + id + "/moves", alice,
        "{\"move\":\"e4\",\"ply\":1e400}"), 400, "got a number with a fraction or an exponent");
    assertProblem(post(server, "/api/games/" + id + "/moves", alice, "{\"ply\":0}"), 400,
        "missing field \"move\"");

    ok(move(server, id, alice, "e4", 0));
    assertEquals(1, ok(move(server, id, alice, "e2e4", 0)).path("ply").asInt(),
        "a retry of the same move is accepted once more, and not played again");
    assertProblem(move(server, id, alice, "d4", 0), 409, "stale ply 0");
    assertProblem(move(server, id, bob, "e5", 2), 409, "ahead of the game");
  }

  @Test
  void drawsResignationsAndAbortsFollowTheRules() {
    String drawn = started(server, alice, bob, "none", null);
    assertProblem(draw(server, drawn, alice, "maybe"), 400,
        "must be one of offer, accept, decline, claim");
    assertProblem(draw(server, drawn, alice, "accept"), 409, "no draw offer");
    assertProblem(draw(server, drawn, alice, "claim"), 409, "no draw can be claimed");
    assertEquals("white", ok(draw(server, drawn, alice, "offer")).path("drawOffer").asText());
    JsonNode agreed = ok(draw(server, drawn, bob, "accept"));
    assertEquals("agreement", agreed.path("termination").asText());
    assertProblem(post(server, "/api/games/" + drawn + "/resign", alice, null), 409, "over");

    String resigned = started(server, alice, bob, "none", null);
    JsonNode lost = ok(post(server, "/api/games/" + resigned + "/resign", alice, null));
    assertEquals("0-1", lost.path("result").asText());
    assertEquals("resignation", lost.path("termination").asText());

    String aborted = started(server, alice, bob, "3+0", null);
    ok(move(server, aborted, alice, "e4", 0));
    assertEquals("aborted", ok(post(server, "/api/games/" + aborted + "/abort", bob, null))
        .path("status").asText());
    String tooLate = started(server, alice, bob, "3+0", null);
    ok(move(server, tooLate, alice, "e4", 0));
    ok(move(server, tooLate, bob, "e5", 1));
    assertProblem(post(server, "/api/games/" + tooLate + "/abort", bob, null), 409,
        "can no longer be aborted");
  }

  @Test
  void otherMethodsAre405() {
    String id = started(server, alice, bob, "none", null);
    HttpResponse<String> delete = server.send(server.request("/api/games/" + id).DELETE().build());
    assertEquals(405, delete.statusCode(), delete.body());
    assertEquals(405, server.get("/api/games/" + id + "/moves").statusCode());
  }

  @Test
  void aGameThatCannotAnswerInTimeIs503AndTheRetryWorksOnceRedisIsBack() {
    try (RedisServerProcess redis = TestRedis.start(Map.of());
        ApiServer lonely = ApiServer.startWithGames(redis.uri(), """
            gambit.chess.ask-timeout = 1s
            akka-persistence-redis.command-timeout = 500ms
            """, CLOCK)) {
      User white = GameFlows.user(lonely, "white");
      User black = GameFlows.user(lonely, "black");
      String id = started(lonely, white, black, "none", null);

      redis.kill();
      HttpResponse<String> unavailable = move(lonely, id, white, "e4", 0);
      assertProblem(unavailable, 503, "did not answer within 1000 ms");
      assertEquals(Optional.of("1"), unavailable.headers().firstValue("Retry-After"));

      redis.restart();
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      HttpResponse<String> retried = move(lonely, id, white, "e4", 0);
      while (retried.statusCode() != 200 && System.nanoTime() < deadline) {
        retried = move(lonely, id, white, "e4", 0);
      }
      assertEquals(1, ok(retried).path("ply").asInt(), "played once, whichever try got in");
    }
  }
}
