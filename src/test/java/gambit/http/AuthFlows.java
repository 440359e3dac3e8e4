package gambit.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gambit.testing.ApiServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** Small steps the auth tests share: JSON in and out, register, log in, problem checks. */
final class AuthFlows {

  static final String PASSWORD = "correct horse battery";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger NAMES = new AtomicInteger();

  private AuthFlows() {}

  /** A fresh, valid username. */
  static String newName(String stem) {
    return stem + "_" + NAMES.incrementAndGet() + "_" + (System.nanoTime() % 100_000);
  }

  static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + response.body(), e);
    }
  }

  static String credentials(String username, String password) {
    return JSON.createObjectNode().put("username", username).put("password", password)
        .toString();
  }

  static String refreshBody(String refreshToken) {
    return JSON.createObjectNode().put("refreshToken", refreshToken).toString();
  }

  static HttpResponse<String> register(ApiServer server, String username, String password) {
    return server.postJson("/api/auth/register", credentials(username, password));
  }

  static HttpResponse<String> login(ApiServer server, String username, String password) {
    return server.postJson("/api/auth/login", credentials(username, password));
  }

  /** Registers and logs in; the login answer's body. */
  static JsonNode registeredAndLoggedIn(ApiServer server, String username) {
    HttpResponse<String> registered = register(server, username, PASSWORD);
    assertEquals(201, registered.statusCode(), registered.body());
    HttpResponse<String> loggedIn = login(server, username, PASSWORD);
    assertEquals(200, loggedIn.statusCode(), loggedIn.body());
    return json(loggedIn);
  }

  /** Logs in an account registered before; the login answer's body. */
  static JsonNode loggedIn(ApiServer server, String username) {
    HttpResponse<String> loggedIn = login(server, username, PASSWORD);
    assertEquals(200, loggedIn.statusCode(), loggedIn.body());
    return json(loggedIn);
  }

  static HttpResponse<String> me(ApiServer server, String accessToken) {
    return server.get("/api/me", "Authorization", "Bearer " + accessToken);
  }

  /** Asserts an RFC 9457 problem with this status whose detail contains the text. */
  static JsonNode assertProblem(HttpResponse<String> response, int status, String detailPart) {
    assertEquals(status, response.statusCode(), response.body());
    assertEquals(Optional.of("application/problem+json"),
        response.headers().firstValue("Content-Type"), response.body());
    JsonNode problem = json(response);
    assertEquals(status, problem.path("status").asInt(), response.body());
    String detail = problem.path("detail").asText();
    assertTrue(detail.contains(detailPart), "detail \"" + detail + "\" lacks \"" + detailPart
        + "\"");
    return problem;
  }

  /** The {@code WWW-Authenticate} header, which every 401 must carry. */
  static String challenge(HttpResponse<String> response) {
    return response.headers().firstValue("WWW-Authenticate")
        .orElseThrow(() -> new AssertionError("no WWW-Authenticate on " + response.statusCode()
            + " " + response.body()));
  }
}
