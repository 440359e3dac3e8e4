package gambit.testing;

import akka.actor.typed.ActorSystem;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import akka.http.javadsl.ServerBinding;
import gambit.auth.AuthService;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What the in-JVM test servers ({@link ApiServer}, {@link TradingServer}) share: their
 * ActorSystem, auth service and bound API port, a Java HTTP client to call it, and stopping.
 */
abstract class TestHttpServer implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2)).build();

  private final ActorSystem<Void> system;
  private final ServerBinding binding;
  private final AuthService auth;
  private final Duration requestTimeout;
  private final Duration terminationTimeout;

  TestHttpServer(ActorSystem<Void> system, ServerBinding binding, AuthService auth,
      Duration requestTimeout, Duration terminationTimeout) {
    this.system = system;
    this.binding = binding;
    this.auth = auth;
    this.requestTimeout = requestTimeout;
    this.terminationTimeout = terminationTimeout;
  }

  /** Waits until {@code system} is an Up member of its cluster (at most 20 s). */
  static void awaitUp(ActorSystem<?> system) throws InterruptedException {
    Cluster cluster = Cluster.get(system);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (cluster.selfMember().status() != MemberStatus.up()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the test node did not become an Up member");
      }
      Thread.sleep(10);
    }
  }

  public ActorSystem<Void> system() {
    return system;
  }

  public AuthService auth() {
    return auth;
  }

  public int port() {
    return binding.localAddress().getPort();
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port() + path);
  }

  /** The WebSocket URI of a path on this server. */
  public URI wsUri(String path) {
    return URI.create("ws://127.0.0.1:" + port() + path);
  }

  /** POST with {@code Content-Type: application/json}; headers as name, value pairs. */
  public HttpResponse<String> postJson(String path, String json, String... headers) {
    return send(request(path, headers).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build());
  }

  /** GET; headers as name, value pairs. */
  public HttpResponse<String> get(String path, String... headers) {
    return send(request(path, headers).GET().build());
  }

  /** DELETE; headers as name, value pairs. */
  public HttpResponse<String> delete(String path, String... headers) {
    return send(request(path, headers).DELETE().build());
  }

  /** A request builder for this server with a timeout and the given headers. */
  public HttpRequest.Builder request(String path, String... headers) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).timeout(requestTimeout);
    for (int i = 0; i + 1 < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    return builder;
  }

  public HttpResponse<String> send(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** The shared client, e.g. for WebSocket connections and parallel requests. */
  public static HttpClient client() {
    return HTTP;
  }

  @Override
  public void close() {
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture()
          .get(terminationTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the test ActorSystem did not terminate", e);
    }
  }
}
