package gambit.http;

import static gambit.http.AuthFlows.PASSWORD;
import static gambit.http.AuthFlows.assertProblem;
import static gambit.http.AuthFlows.challenge;
import static gambit.http.AuthFlows.credentials;
import static gambit.http.AuthFlows.json;
import static gambit.http.AuthFlows.login;
import static gambit.http.AuthFlows.me;
import static gambit.http.AuthFlows.newName;
import static gambit.http.AuthFlows.refreshBody;
import static gambit.http.AuthFlows.register;
import static gambit.http.AuthFlows.registeredAndLoggedIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gambit.testing.ApiServer;
import gambit.testing.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The account and session flows over real HTTP against a real Redis: register, log in,
 * {@code /api/me}, refresh, log out, and the status of every bad attempt.
 */
class AccountRoutesTest {

  private static final String PREFIX = "accounts-test";
  private static ApiServer server;

  @BeforeAll
  static void startServer() {
    server = ApiServer.start(TestRedis.shared().uri(), """
        gambit.http.max-body-size = 4KiB
        gambit.auth.redis-key-prefix = "%s"
        gambit.auth.operators = "Olga_Operator"
        """.formatted(PREFIX));
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  // ---------------------------------------------------------------- the happy path

  @Test
  void aNewUserRegistersLogsInCallsMeRefreshesAndLogsOut() {
    String name = newName("Alice");
    HttpResponse<String> registered = register(server, name, PASSWORD);
    assertEquals(201, registered.statusCode(), registered.body());
    JsonNode account = json(registered);
    assertEquals(name, account.path("username").asText());
    String userId = account.path("userId").asText();
    assertFalse(userId.isEmpty());

    HttpResponse<String> loggedIn = login(server, name, PASSWORD);
    assertEquals(200, loggedIn.statusCode(), loggedIn.body());
    assertEquals(Optional.of("no-store"), loggedIn.headers().firstValue("Cache-Control"));
    JsonNode tokens = json(loggedIn);
    assertEquals(900, tokens.path("expiresIn").asLong());
    assertEquals("Bearer", tokens.path("tokenType").asText());

    HttpResponse<String> me = me(server, tokens.path("accessToken").asText());
    assertEquals(200, me.statusCode(), me.body());
    assertEquals(userId, json(me).path("userId").asText());
    assertEquals(name, json(me).path("username").asText());
    assertEquals(List.of("user"), roles(json(me)));

    HttpResponse<String> refreshed = server.postJson("/api/auth/refresh",
        refreshBody(tokens.path("refreshToken").asText()));
    assertEquals(200, refreshed.statusCode(), refreshed.body());
    JsonNode next = json(refreshed);
    assertNotEquals(tokens.path("refreshToken").asText(), next.path("refreshToken").asText());
    assertEquals(200, me(server, next.path("accessToken").asText()).statusCode());

    HttpResponse<String> loggedOut = server.postJson("/api/auth/logout",
        refreshBody(next.path("refreshToken").asText()));
    assertEquals(204, loggedOut.statusCode(), loggedOut.body());
    assertProblem(server.postJson("/api/auth/refresh",
        refreshBody(next.path("refreshToken").asText())), 401, "invalid, expired or revoked");
  }

  @Test
  void refreshTokensAreStoredOnlyAsHashesWithATtl() {
    String refreshToken = registeredAndLoggedIn(server, newName("hashed"))
        .path("refreshToken").asText();
    String family = refreshToken.substring(0, refreshToken.indexOf('.'));
    RedisClient client = RedisClient.create(TestRedis.shared().uri());
    try (StatefulRedisConnection<String, String> redis = client.connect()) {
      String key = PREFIX + ":session:" + family;
      Map<String, String> session = redis.sync().hgetall(key);
      assertEquals(64, session.get("current").length(), session.toString());
      assertFalse(session.values().stream().anyMatch(value -> value.contains(refreshToken)));
      long ttl = redis.sync().ttl(key);
      assertTrue(ttl > 29L * 24 * 3600 && ttl <= 30L * 24 * 3600, "ttl " + ttl);
    } finally {
      client.shutdown();
    }
  }

  @Test
  void configuredOperatorsGetTheOperatorRoleAndOthersGet403OnOperatorEndpoints() {
    String user = newName("plain");
    String userToken = registeredAndLoggedIn(server, user).path("accessToken").asText();
    HttpResponse<String> forbidden = server.get("/api/operator/accounts/" + user,
        "Authorization", "Bearer " + userToken);
    assertProblem(forbidden, 403, "operator");
    assertTrue(challenge(forbidden).contains("insufficient_scope"), challenge(forbidden));

    String operatorToken = registeredAndLoggedIn(server, "olga_operator")
        .path("accessToken").asText();
    assertEquals(List.of("operator", "user"), roles(json(me(server, operatorToken))));
    HttpResponse<String> found = server.get("/api/operator/accounts/" + user.toUpperCase(),
        "Authorization", "Bearer " + operatorToken);
    assertEquals(200, found.statusCode(), found.body());
    assertEquals(user, json(found).path("username").asText());
    assertFalse(found.body().contains("pbkdf2"), "never the password hash: " + found.body());
    assertProblem(server.get("/api/operator/accounts/nobody_here_" + System.nanoTime(),
        "Authorization", "Bearer " + operatorToken), 404, "no account named");
  }

  // ---------------------------------------------------------------- register

  @Test
  void aNameTakenInAnyCaseAnswers409() {
    String name = newName("Bob");
    assertEquals(201, register(server, name, PASSWORD).statusCode());
    assertProblem(register(server, name.toUpperCase(), PASSWORD), 409, "is taken");
    assertProblem(register(server, name.toLowerCase(), "another good passphrase"), 409,
        "is taken");
  }

  @Test
  void badNamesAnswer400SayingWhatANameMayBe() {
    for (String bad : List.of("ab", "x".repeat(33), "has space", "semi;colon", "émile")) {
      assertProblem(register(server, bad, PASSWORD), 400, "username must be 3 to 32");
    }
  }

  @Test
  void weakPasswordsAnswer400SayingWhy() {
    String name = newName("carol");
    assertProblem(register(server, name, "short1"), 400, "at least 8 characters");
    assertProblem(register(server, name, "Password123"), 400, "most commonly used");
    assertProblem(register(server, name, "abababab"), 400, "4 different characters");
    assertProblem(register(server, name, "my" + name + "!"), 400, "must not contain the username");
    assertProblem(register(server, name, "p".repeat(1025) + "xyz"), 400, "at most 1024");
  }

  @Test
  void missingOrMistypedFieldsAnswer400NamingThem() {
    assertProblem(server.postJson("/api/auth/register", "{\"username\":\"dave_1\"}"), 400,
        "missing field \"password\"");
    assertProblem(server.postJson("/api/auth/register", "{}"), 400,
        "missing fields \"username\", \"password\"");
    assertProblem(server.postJson("/api/auth/register",
        "{\"username\":\"dave_1\",\"password\":12345678}"), 400,
        "field \"password\" must be a string");
    assertProblem(server.postJson("/api/auth/refresh", "{\"token\":\"x\"}"), 400,
        "missing field \"refreshToken\"");
  }

  @Test
  void malformedJsonAnswers400() {
    JsonNode truncated = assertProblem(server.postJson("/api/auth/login",
        "{\"username\": \"x\","), 400, "not valid JSON (line 1, column 18)");
    assertFalse(truncated.path("detail").asText().contains("Source"), truncated.toString());
    assertProblem(server.postJson("/api/auth/login", "{} {}"), 400, "not valid JSON");
    assertProblem(server.postJson("/api/auth/login", "[\"x\"]"), 400, "must be a JSON object");
    assertProblem(server.postJson("/api/auth/login", ""), 400, "body is empty");
  }

  @Test
  void aNameGivenTwiceInAnObjectAnswers400NamingIt() {
    assertProblem(server.postJson("/api/auth/login",
        "{\"username\":\"a\",\"password\":\"b\",\"username\":\"c\"}"), 400,
        "the name \"username\" appears twice in one object");
    assertProblem(server.postJson("/api/auth/login",
        "{\"username\":\"a\",\"password\":\"b\",\"x\":{\"k\":1,\"k\":2}}"), 400,
        "\"k\" appears twice");
  }

  @Test
  void malformedJsonDetailsNameNoLibraryInternals() {
    String deep = "{\"a\":" + "[".repeat(1500) + "]".repeat(1500) + "}";
    List<HttpResponse<String>> answers = List.of(
        server.postJson("/api/auth/login", deep),
        server.postJson("/api/auth/login", "{\"username\":\"x\"} {\"more\":1}"),
        server.postJson("/api/auth/login", "{\"username\": \"x\","),
        server.postJson("/api/auth/login", "{\"username\": x}"));
    List<String> expected = List.of("nested too deeply", "more after the first JSON value",
        "ends before it is complete", "unexpected character");
    for (int i = 0; i < answers.size(); i++) {
      String detail = assertProblem(answers.get(i), 400, expected.get(i)).path("detail")
          .asText();
      for (String internal : List.of("StreamReadConstraints", "DeserializationFeature",
          "FAIL_ON_TRAILING_TOKENS", "getMaxNestingDepth", "Source", "jackson", "`")) {
        assertFalse(detail.contains(internal), detail);
      }
    }
  }

  @Test
  void aBodyThatIsNotJsonAnswers415() {
    HttpResponse<String> plain = server.send(server.request("/api/auth/register",
            "Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString(credentials("eve_1", PASSWORD))).build());
    assertProblem(plain, 415, "expected a JSON body");
    HttpResponse<String> none = server.send(server.request("/api/auth/login")
        .POST(HttpRequest.BodyPublishers.ofString(credentials("eve_1", PASSWORD))).build());
    assertProblem(none, 415, "application/json");
    HttpResponse<String> problemJson = server.send(server.request("/api/auth/register",
            "Content-Type", "application/merge-patch+json")
        .POST(HttpRequest.BodyPublishers.ofString(credentials(newName("frank"), PASSWORD)))
        .build());
    assertEquals(201, problemJson.statusCode(), "+json types are JSON: " + problemJson.body());
  }

  @Test
  void aBodyOverTheLimitAnswers413WithOrWithoutContentLength() {
    String big = "{\"username\":\"" + "x".repeat(5000) + "\",\"password\":\"whatever1\"}";
    assertProblem(server.postJson("/api/auth/register", big), 413, "limit");
    HttpResponse<String> chunked = server.send(server.request("/api/auth/register",
            "Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofInputStream(
            () -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))))
        .build());
    assertProblem(chunked, 413, "limit");
  }

  // ---------------------------------------------------------------- login

  @Test
  void aWrongPasswordAndAnUnknownNameGetTheSame401() {
    String name = newName("grace");
    assertEquals(201, register(server, name, PASSWORD).statusCode());
    HttpResponse<String> wrongPassword = login(server, name, "not the password");
    HttpResponse<String> unknownName = login(server, newName("nobody"), PASSWORD);
    HttpResponse<String> malformedName = login(server, "no such name!", PASSWORD);
    assertProblem(wrongPassword, 401, "invalid username or password");
    assertEquals(wrongPassword.body(), unknownName.body());
    assertEquals(wrongPassword.body(), malformedName.body());
    assertEquals(challenge(wrongPassword), challenge(unknownName));
    assertTrue(challenge(wrongPassword).startsWith("Bearer"), challenge(wrongPassword));
  }

  @Test
  void loginIgnoresTheCaseOfTheName() {
    String name = newName("Heidi");
    assertEquals(201, register(server, name, PASSWORD).statusCode());
    HttpResponse<String> loggedIn = login(server, name.toLowerCase(), PASSWORD);
    assertEquals(200, loggedIn.statusCode(), loggedIn.body());
    String accessToken = json(loggedIn).path("accessToken").asText();
    assertEquals(name, json(me(server, accessToken)).path("username").asText());
  }

  // ---------------------------------------------------------------- refresh and logout

  @Test
  void reusingARotatedRefreshTokenRevokesTheWholeSession() {
    JsonNode first = registeredAndLoggedIn(server, newName("ivan"));
    String original = first.path("refreshToken").asText();
    HttpResponse<String> rotated = server.postJson("/api/auth/refresh", refreshBody(original));
    assertEquals(200, rotated.statusCode(), rotated.body());
    String current = json(rotated).path("refreshToken").asText();

    assertProblem(server.postJson("/api/auth/refresh", refreshBody(original)), 401,
        "already used");
    assertProblem(server.postJson("/api/auth/refresh", refreshBody(current)), 401,
        "invalid, expired or revoked");
  }

  @Test
  void otherSessionsOfTheSameUserSurviveAReuse() {
    String name = newName("judy");
    JsonNode laptop = registeredAndLoggedIn(server, name);
    JsonNode phone = json(login(server, name, PASSWORD));
    String stolen = laptop.path("refreshToken").asText();
    assertEquals(200, server.postJson("/api/auth/refresh", refreshBody(stolen)).statusCode());
    assertEquals(401, server.postJson("/api/auth/refresh", refreshBody(stolen)).statusCode());
    assertEquals(200, server.postJson("/api/auth/refresh",
        refreshBody(phone.path("refreshToken").asText())).statusCode());
  }

  @Test
  void garbageRefreshTokensAnswer401() {
    assertProblem(server.postJson("/api/auth/refresh", refreshBody("not-a-token")), 401,
        "invalid, expired or revoked");
    String wellFormedUnknown = "A".repeat(22) + "." + "B".repeat(43);
    HttpResponse<String> unknown = server.postJson("/api/auth/refresh",
        refreshBody(wellFormedUnknown));
    assertProblem(unknown, 401, "invalid, expired or revoked");
    assertTrue(challenge(unknown).startsWith("Bearer"));
  }

  @Test
  void logoutIsIdempotentAndEndsOnlyThatSession() {
    String name = newName("ken");
    JsonNode one = registeredAndLoggedIn(server, name);
    JsonNode two = json(login(server, name, PASSWORD));
    String token = one.path("refreshToken").asText();
    assertEquals(204, server.postJson("/api/auth/logout", refreshBody(token)).statusCode());
    assertEquals(204, server.postJson("/api/auth/logout", refreshBody(token)).statusCode());
    assertEquals(204, server.postJson("/api/auth/logout", refreshBody("junk")).statusCode());
    assertEquals(401, server.postJson("/api/auth/refresh", refreshBody(token)).statusCode());
    assertEquals(200, server.postJson("/api/auth/refresh",
        refreshBody(two.path("refreshToken").asText())).statusCode());
  }

  /** The README's promise: a family id ends its session but never yields tokens. */
  @Test
  void theFamilyIdAloneEndsItsSessionButGrantsNothing() {
    JsonNode tokens = registeredAndLoggedIn(server, newName("lena"));
    String real = tokens.path("refreshToken").asText();
    String forged = real.substring(0, real.indexOf('.') + 1) + "A".repeat(43);

    HttpResponse<String> refreshed = server.postJson("/api/auth/refresh", refreshBody(forged));
    assertProblem(refreshed, 401, "already used");
    assertFalse(refreshed.body().contains("accessToken"), refreshed.body());
    assertEquals(401, server.postJson("/api/auth/refresh", refreshBody(real)).statusCode());

    JsonNode again = registeredAndLoggedIn(server, newName("lena"));
    String live = again.path("refreshToken").asText();
    String forgedAgain = live.substring(0, live.indexOf('.') + 1) + "B".repeat(43);
    assertEquals(204, server.postJson("/api/auth/logout", refreshBody(forgedAgain)).statusCode());
    assertEquals(401, server.postJson("/api/auth/refresh", refreshBody(live)).statusCode());
  }

  // ---------------------------------------------------------------- routing errors

  @Test
  void unknownPathsAndWrongMethodsAnswerProblems() {
    assertProblem(server.get("/api/auth/nothing-here"), 404, "");
    assertProblem(server.get("/api/auth/login"), 405, "POST");
  }

  private static List<String> roles(JsonNode me) {
    List<String> roles = new java.util.ArrayList<>();
    me.path("roles").forEach(role -> roles.add(role.asText()));
    roles.sort(null);
    return roles;
  }
}
