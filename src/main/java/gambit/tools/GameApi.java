package gambit.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * A client of a Gambit node's HTTP API for what playing needs: register and log in, create,
 * join, move, resign, draw, view. Thread-safe; one instance may serve many concurrent games
 * (the benchmark's). Every call answers the game view (or the account) as JSON when the node
 * answered the expected status, and fails with {@link Refused} otherwise: the status and the
 * problem's {@code detail}, so a caller can say what the server refused and why.
 *
 * <p>The {@code *Async} methods complete on the HTTP client's threads; the others block the
 * caller and throw what the future would have failed with (a {@link Refused}, or an
 * {@link UncheckedIOException} when the node could not be reached).
 */
public final class GameApi {

  /** A registered, logged-in user: what a player's requests carry. */
  public record Account(String username, String userId, String accessToken) {}

  /** The node answered another status than the call expects. */
  public static final class Refused extends RuntimeException {
    private final int status;
    private final JsonNode problem;

    Refused(String request, int status, JsonNode problem) {
      super(request + " answered " + status + ": " + problem.path("detail").asText(
          problem.toString()));
      this.status = status;
      this.problem = problem;
    }

    /** The HTTP status. */
    public int status() {
      return status;
    }

    /** The problem+json body (or the raw body as a JSON string when it was not JSON). */
    public JsonNode problem() {
      return problem;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final URI base;
  private final Duration timeout;

  /**
   * @param base the node's base URL, e.g. {@code http://127.0.0.1:8080}
   * @param timeout how long one request may take before it fails
   */
  public GameApi(URI base, Duration timeout) {
    this(base, timeout, HttpClient.newBuilder().connectTimeout(timeout).build());
  }

  /**
   * Like {@link #GameApi(URI, Duration)}, with the HTTP client's work on {@code executor}
   * instead of a thread pool that grows with the requests in flight: a load generator keeps its
   * own threads few. What follows each response of an {@code *Async} call still runs on
   * {@code CompletableFuture}'s default executor ({@code java.net.http} hands it over there),
   * which starts a thread per task unless the common pool has 2 threads or more.
   */
  public GameApi(URI base, Duration timeout, Executor executor) {
    this(base, timeout, HttpClient.newBuilder().connectTimeout(timeout).executor(executor)
        .build());
  }

  private GameApi(URI base, Duration timeout, HttpClient http) {
    this.http = http;
    this.base = URI.create(base.toString().replaceAll("/+$", ""));
    this.timeout = timeout;
  }

  /** The base URL calls go to. */
  public URI base() {
    return base;
  }

  // ---------------------------------------------------------------- accounts

  /** Registers the user ({@code 201}) and logs in ({@code 200}). */
  public Account register(String username, String password) {
    ObjectNode credentials = JSON.createObjectNode().put("username", username)
        .put("password", password);
    JsonNode registered = join(send("POST", "/api/auth/register", null, credentials, 201));
    JsonNode tokens = join(send("POST", "/api/auth/login", null, credentials, 200));
    return new Account(username, registered.path("userId").asText(),
        tokens.path("accessToken").asText());
  }

  // ---------------------------------------------------------------- games

  /**
   * Creates a game ({@code 201}) with the creator on {@code color}.
   *
   * @param timeControl {@code "M+S"} or {@code "none"}
   * @param fen the start position, or null for the standard one
   */
  public JsonNode create(Account creator, String timeControl, String color, String fen) {
    ObjectNode body = JSON.createObjectNode().put("timeControl", timeControl)
        .put("color", color);
    if (fen != null) {
      body.put("fen", fen);
    }
    return join(send("POST", "/api/games", creator, body, 201));
  }

  /** Takes the free side of a waiting game. */
  public JsonNode join(Account player, String gameId) {
    return join(send("POST", game(gameId) + "/join", player, null, 200));
  }

  /** Plays a move (UCI or SAN) as the {@code ply}-th half-move (0-based). */
  public JsonNode move(Account player, String gameId, String move, int ply) {
    return join(moveAsync(player, gameId, move, ply));
  }

  /** Like {@link #move}, without blocking. */
  public CompletableFuture<JsonNode> moveAsync(Account player, String gameId, String move,
      int ply) {
    return send("POST", game(gameId) + "/moves", player,
        JSON.createObjectNode().put("move", move).put("ply", ply), 200);
  }

  /**
   * Plays a move without reading the view: completes when the node answered 200, i.e. when the
   * move is persisted (the game answers after its write), and fails with {@link Refused}
   * otherwise. Cheaper for a client that knows what it plays (a benchmark's).
   */
  public CompletableFuture<Void> moveAcknowledged(Account player, String gameId, String move,
      int ply) {
    return call("POST", game(gameId) + "/moves", player,
        JSON.createObjectNode().put("move", move).put("ply", ply), 200, false)
        .thenApply(body -> null);
  }

  public JsonNode resign(Account player, String gameId) {
    return join(send("POST", game(gameId) + "/resign", player, null, 200));
  }

  /** {@code action}: {@code offer}, {@code accept}, {@code decline} or {@code claim}. */
  public JsonNode draw(Account player, String gameId, String action) {
    return join(send("POST", game(gameId) + "/draw", player,
        JSON.createObjectNode().put("action", action), 200));
  }

  /** The game's view (no token needed). */
  public JsonNode view(String gameId) {
    return join(send("GET", game(gameId), null, null, 200));
  }

  // ---------------------------------------------------------------- requests

  private static String game(String gameId) {
    return "/api/games/" + gameId;
  }

  private CompletableFuture<JsonNode> send(String method, String path, Account as,
      JsonNode body, int expected) {
    return call(method, path, as, body, expected, true).thenApply(GameApi::parse);
  }

  /**
   * The answer's body when its status is the expected one ("" when {@code keepBody} is false:
   * the body is then dropped unread, as it arrives); a refusal's body is always read.
   */
  private CompletableFuture<String> call(String method, String path, Account as,
      JsonNode body, int expected, boolean keepBody) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(timeout);
    if (as != null) {
      request.header("Authorization", "Bearer " + as.accessToken());
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
    String what = method + " " + path;
    HttpResponse.BodyHandler<String> answer = info -> info.statusCode() == expected && !keepBody
        ? HttpResponse.BodySubscribers.replacing("")
        : HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8);
    return http.sendAsync(request.build(), answer)
        .thenApply(response -> {
          if (response.statusCode() != expected) {
            throw new Refused(what, response.statusCode(), parse(response.body()));
          }
          return response.body();
        });
  }

  private static JsonNode parse(String body) {
    try {
      return body.isEmpty() ? JSON.nullNode() : JSON.readTree(body);
    } catch (JsonProcessingException e) {
      return JSON.getNodeFactory().textNode(body);
    }
  }

  /** Waits for a call and rethrows its failure as it is (not wrapped). */
  private static JsonNode join(CompletableFuture<JsonNode> call) {
    try {
      return call.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new UncheckedIOException(new java.io.IOException(e.getCause().getMessage(),
          e.getCause()));
    }
  }
}
