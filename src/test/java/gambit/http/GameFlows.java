package gambit.http;

import static gambit.http.AuthFlows.PASSWORD;
import static gambit.http.AuthFlows.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gambit.testing.ApiServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Steps the game route tests share: users with tokens, creating, joining, moving. */
final class GameFlows {

  private static final ObjectMapper JSON = new ObjectMapper();

  private GameFlows() {}

  /** A registered, logged-in user. */
  record User(String username, String userId, String token) {}

  static User user(ApiServer server, String stem) {
    String name = AuthFlows.newName(stem);
    HttpResponse<String> registered = AuthFlows.register(server, name, PASSWORD);
    assertEquals(201, registered.statusCode(), registered.body());
    String token = AuthFlows.loggedIn(server, name)
        .path("accessToken").asText();
    return new User(name, json(registered).path("userId").asText(), token);
  }

  /** POST with the user's token and a JSON body (null: no body at all). */
  static HttpResponse<String> post(ApiServer server, String path, User user, String body) {
    HttpRequest.Builder request = server.request(path, "Authorization", "Bearer " + user.token());
    if (body == null) {
      return server.send(request.POST(HttpRequest.BodyPublishers.noBody()).build());
    }
    return server.send(request.header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  static String createBody(String timeControl, String color, String fen) {
    var body = JSON.createObjectNode().put("timeControl", timeControl).put("color", color);
    if (fen != null) {
      body.put("fen", fen);
    }
    return body.toString();
  }

  static HttpResponse<String> create(ApiServer server, User user, String timeControl,
      String color, String fen) {
    return post(server, "/api/games", user, createBody(timeControl, color, fen));
  }

  static HttpResponse<String> move(ApiServer server, String gameId, User user, String move,
      int ply) {
    return post(server, "/api/games/" + gameId + "/moves", user,
        JSON.createObjectNode().put("move", move).put("ply", ply).toString());
  }

  static HttpResponse<String> draw(ApiServer server, String gameId, User user, String action) {
    return post(server, "/api/games/" + gameId + "/draw", user,
        JSON.createObjectNode().put("action", action).toString());
  }

  /** Asserts a 200 and returns its JSON body. */
  static JsonNode ok(HttpResponse<String> response) {
    assertEquals(200, response.statusCode(), response.body());
    return json(response);
  }

  /** A game White (untimed unless given) created by {@code white} and joined by {@code black}. */
  static String started(ApiServer server, User white, User black, String timeControl,
      String fen) {
    HttpResponse<String> created = create(server, white, timeControl, "white", fen);
    assertEquals(201, created.statusCode(), created.body());
    String id = json(created).path("gameId").asText();
    ok(post(server, "/api/games/" + id + "/join", black, null));
    return id;
  }
}
