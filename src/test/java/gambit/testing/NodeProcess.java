package gambit.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Gambit node started from the real fat jar ({@code target/gambit.jar}) as a separate process,
 * with its output in a log file, for tests that must see the node as operators do: start-up,
 * readiness, signals and exit codes.
 */
public final class NodeProcess implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final Path log;
  private final int httpPort;
  private final int managementPort;

  private NodeProcess(Process process, Path log, int httpPort, int managementPort) {
    this.process = process;
    this.log = log;
    this.httpPort = httpPort;
    this.managementPort = managementPort;
  }

  /** The fat jar: the {@code gambit.jar} system property (set by failsafe), else target/. */
  public static Path jar() {
    Path jar = Path.of(System.getProperty("gambit.jar", "target/gambit.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: run `mvn verify` (it packages first)");
    }
    return jar.toAbsolutePath();
  }

  /**
   * Starts {@code java -jar gambit.jar} in {@code workDir} with free HTTP, management and remoting
   * ports plus the given environment; REDIS_URI, SEED_NODES, JWT_SECRET, JWT_SECRET_FILE,
   * CLUSTER_BOOTSTRAP and BOOTSTRAP_CONTACT_POINTS are removed unless given.
   */
  public static NodeProcess start(Path workDir, Map<String, String> env) throws IOException {
    Files.createDirectories(workDir);
    int http = env.containsKey("HTTP_PORT") ? Integer.parseInt(env.get("HTTP_PORT")) : freePort();
    int management = env.containsKey("MANAGEMENT_PORT")
        ? Integer.parseInt(env.get("MANAGEMENT_PORT")) : freePort();
    Map<String, String> all = new HashMap<>();
    all.put("HTTP_HOST", "127.0.0.1");
    all.put("HTTP_PORT", Integer.toString(http));
    all.put("MANAGEMENT_PORT", Integer.toString(management));
    all.put("CLUSTER_PORT", Integer.toString(freePort()));
    all.putAll(env);
    Path log = Files.createTempFile(workDir, "node-", ".log");
    List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx512m", "-jar",
        jar().toString()));
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().remove("REDIS_URI");
    builder.environment().remove("SEED_NODES");
    builder.environment().remove("JWT_SECRET");
    builder.environment().remove("JWT_SECRET_FILE");
    builder.environment().remove("CLUSTER_BOOTSTRAP");
    builder.environment().remove("BOOTSTRAP_CONTACT_POINTS");
    builder.environment().putAll(all);
    return new NodeProcess(builder.start(), log, http, management);
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static int freePort() {
    return FreePorts.next();
  }

  public int httpPort() {
    return httpPort;
  }

  public int managementPort() {
    return managementPort;
  }

  public Process process() {
    return process;
  }

  /** GET on the API port; status and body. */
  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(httpPort, path);
  }

  /** POST of a JSON body on the API port; headers as name, value pairs. */
  public HttpResponse<String> postJson(String path, String json, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + httpPort + path))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** GET on the API port with headers as name, value pairs. */
  public HttpResponse<String> get(String path, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + httpPort + path)).timeout(Duration.ofSeconds(5)).GET();
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** GET on the management port. */
  public HttpResponse<String> management(String path) throws IOException, InterruptedException {
    return send(managementPort, path);
  }

  private static HttpResponse<String> send(int port, String path)
      throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(5)).GET().build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** Polls {@code /ready} until it answers 200; fails with the log when it does not in time. */
  public void awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("node exited with " + process.exitValue() + " before ready:\n"
            + logText());
      }
      try {
        if (management("/ready").statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new AssertionError("node not ready within " + timeout + ":\n" + logText());
  }

  /** Waits until a log line matches; returns the match. */
  public Matcher awaitLog(Pattern pattern, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Matcher matcher = pattern.matcher(logText());
      if (matcher.find()) {
        return matcher;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no log line matching " + pattern + " within " + timeout + ":\n"
        + logText());
  }

  /** Waits for the process to exit; empty when it is still running after the timeout. */
  public Optional<Integer> awaitExit(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
        ? Optional.of(process.exitValue()) : Optional.empty();
  }

  /** SIGTERM. */
  public void terminate() {
    process.destroy();
  }

  /** SIGKILL. */
  public void kill() {
    process.destroyForcibly();
  }

  public String logText() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
