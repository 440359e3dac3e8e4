package gambit.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gambit.testing.TestRedis;
import gambit.testing.TradingServer;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.UUID;

/**
 * What the trading route tests share: one trading node for the whole test JVM (its own key
 * prefix on the shared Redis, the price simulator off, {@value #OPERATOR} an operator), users
 * with tokens, and JSON helpers. Tests use fresh users and their own symbols' prices, so they do
 * not see each other's dashboards.
 */
final class TradingFlows {

  static final String OPERATOR = "trading_ops";
  static final ObjectMapper JSON = new ObjectMapper();
  private static TradingServer shared;
  private static String operatorToken;

  private TradingFlows() {}

  /** The JVM-wide trading node, started on first use and stopped at JVM exit. */
  static synchronized TradingServer server() {
    if (shared == null) {
      shared = TradingServer.start(TestRedis.shared().uri(), "trading-api-" + UUID.randomUUID(),
          "gambit.auth.operators = \"" + OPERATOR + "\"");
      TradingServer server = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(server::close, "trading-server-stop"));
    }
    return shared;
  }

  /** A user's access token: registers and logs in a fresh user named after the stem. */
  static String newUser(String stem) {
    return registeredAndLoggedIn(AuthFlows.newName(stem));
  }

  /** Registers {@code name} and answers its access token. */
  static String registeredAndLoggedIn(String name) {
    String credentials = AuthFlows.credentials(name, AuthFlows.PASSWORD);
    HttpResponse<String> registered = server().postJson("/api/auth/register", credentials);
    assertEquals(201, registered.statusCode(), registered.body());
    return login(name);
  }

  private static String login(String name) {
    HttpResponse<String> loggedIn = server().postJson("/api/auth/login",
        AuthFlows.credentials(name, AuthFlows.PASSWORD));
    assertEquals(200, loggedIn.statusCode(), loggedIn.body());
    return AuthFlows.json(loggedIn).path("accessToken").asText();
  }

  static synchronized String operator() {
    if (operatorToken == null) {
      operatorToken = registeredAndLoggedIn(OPERATOR);
    }
    return operatorToken;
  }

  static String[] bearer(String token, String... more) {
    String[] headers = new String[2 + more.length];
    headers[0] = "Authorization";
    headers[1] = "Bearer " + token;
    System.arraycopy(more, 0, headers, 2, more.length);
    return headers;
  }

  /** Pushes ticks (symbol, price pairs) through the operator endpoint; asserts 200. */
  static JsonNode tick(String... symbolPrice) {
    ArrayNode ticks = JSON.createArrayNode();
    for (int i = 0; i + 1 < symbolPrice.length; i += 2) {
      ticks.addObject().put("symbol", symbolPrice[i]).put("price", symbolPrice[i + 1])
          .put("time", Instant.now().toString());
    }
    HttpResponse<String> pushed = server().postJson("/api/market/ticks", ticks.toString(),
        bearer(operator()));
    assertEquals(200, pushed.statusCode(), pushed.body());
    return AuthFlows.json(pushed);
  }

  /** An order body. */
  static String order(String symbol, String side, String type, String quantity, String price) {
    ObjectNode body = JSON.createObjectNode().put("symbol", symbol).put("side", side)
        .put("type", type).put("quantity", quantity);
    if (price != null) {
      body.put("price", price);
    }
    return body.toString();
  }

  /** POST /api/orders with a fresh Idempotency-Key. */
  static HttpResponse<String> place(String token, String body) {
    return place(token, UUID.randomUUID().toString(), body);
  }

  static HttpResponse<String> place(String token, String key, String body) {
    return server().postJson("/api/orders", body, bearer(token, "Idempotency-Key", key));
  }

  static JsonNode dashboard(String token) {
    HttpResponse<String> answer = server().get("/api/dashboard", bearer(token));
    assertEquals(200, answer.statusCode(), answer.body());
    return AuthFlows.json(answer);
  }
}
