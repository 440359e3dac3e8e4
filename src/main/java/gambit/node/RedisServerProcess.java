package gambit.node;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.core.ExecutableProvider;

/**
 * A {@code redis-server} child process on a loopback port, owned by this JVM.
 *
 * <p>The binary is the {@code redis-server} found on {@code PATH} when there is one, else the
 * Linux/macOS binary that the {@code com.github.codemonstur:embedded-redis} artifact ships (Redis
 * 6.2), extracted into a folder of the caller's choosing. The node uses this class when no
 * {@code REDIS_URI} is configured, and the tests use it for every Redis they need, so both find
 * the binary the same way.
 *
 * <p>Every option is passed on the command line; nothing is read from a redis.conf. The server's
 * own log goes to {@code redis.log} in its data folder. {@link #close()} asks Redis to shut down
 * (SIGTERM: it flushes its append-only file and exits), {@link #kill()} is SIGKILL for crash
 * tests. Instances are not thread-safe for concurrent start/stop.
 */
public final class RedisServerProcess implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RedisServerProcess.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
  /** redis.conf directives whose value is several words. */
  private static final Set<String> MULTI_WORD_DIRECTIVES = Set.of("save", "replicaof", "slaveof",
      "client-output-buffer-limit", "rename-command");

  private final Path binary;
  private final String host;
  private final int port;
  private final Path dataDir;
  private final Map<String, String> options;
  private final Path sentinelConfig;
  private Process process;
  private volatile boolean stopRequested;

  private RedisServerProcess(Path binary, String host, int port, Path dataDir,
      Map<String, String> options, Path sentinelConfig) {
    this.binary = binary;
    this.host = host;
    this.port = port;
    this.dataDir = dataDir;
    this.options = options;
    this.sentinelConfig = sentinelConfig;
  }

  // ---------------------------------------------------------------- locating the binary

  /** Where the binary came from, for logs. */
  public enum Source { PATH, EMBEDDED }

  /** A redis-server executable and where it was found. */
  public record Binary(Path path, Source source) {}

  /**
   * Finds {@code redis-server}: first on {@code PATH}, else extracted from the embedded-redis
   * artifact into {@code extractDir} (created when missing).
   *
   * @throws IllegalStateException when neither exists for this OS and architecture
   */
  public static Binary locateBinary(Path extractDir) {
    Optional<Path> onPath = findOnPath("redis-server");
    if (onPath.isPresent()) {
      return new Binary(onPath.get(), Source.PATH);
    }
    try {
      Files.createDirectories(extractDir);
      Path extracted = ExecutableProvider.newJarResourceProvider(extractDir.toFile()).get()
          .toPath().toAbsolutePath();
      extracted.toFile().setExecutable(true, true);
      return new Binary(extracted, Source.EMBEDDED);
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("No redis-server on PATH and the embedded binary could not be"
          + " extracted to " + extractDir + ": " + e.getMessage(), e);
    }
  }

  private static Optional<Path> findOnPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  // ---------------------------------------------------------------- starting

  /** A free TCP port on the loopback interface (may be taken by someone else before use). */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("cannot find a free loopback port", e);
    }
  }

  /**
   * Starts redis-server and waits until it answers PING (or, with {@code requirepass}, refuses it
   * for want of authentication: the server is up either way).
   *
   * @param binary the executable, see {@link #locateBinary}
   * @param host the address to bind (use a loopback address)
   * @param port the TCP port
   * @param dataDir its working folder: append-only file, dump, log (created when missing)
   * @param extraOptions further {@code redis.conf} directives, e.g. {@code appendfsync=always};
   *     they override the defaults of this class
   */
  public static RedisServerProcess start(Path binary, String host, int port, Path dataDir,
      Map<String, String> extraOptions) {
    Map<String, String> options = baseOptions(host, port, dataDir);
    options.put("appendonly", "yes");
    options.put("appendfsync", "everysec");
    options.put("save", "");
    options.putAll(extraOptions);
    RedisServerProcess server = new RedisServerProcess(binary, host, port, dataDir, options, null);
    server.launch();
    return server;
  }

  /**
   * Starts the same binary as a Redis Sentinel ({@code --sentinel}) and waits until it answers
   * PING. Sentinel insists on a config file it may rewrite (it records what it learns about
   * masters and replicas there), so the caller writes one, e.g. with a
   * {@code sentinel monitor <name> <host> <port> <quorum>} line, and passes its path;
   * {@code bind}, {@code port}, {@code dir} and {@code logfile} are given on the command line.
   *
   * @param configFile a writable sentinel config file, usually inside {@code dataDir}
   */
  public static RedisServerProcess startSentinel(Path binary, String host, int port,
      Path dataDir, Path configFile) {
    Map<String, String> options = baseOptions(host, port, dataDir);
    RedisServerProcess sentinel =
        new RedisServerProcess(binary, host, port, dataDir, options, configFile);
    sentinel.launch();
    return sentinel;
  }

  private static Map<String, String> baseOptions(String host, int port, Path dataDir) {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("bind", host);
    options.put("port", Integer.toString(port));
    options.put("dir", dataDir.toAbsolutePath().toString());
    options.put("daemonize", "no");
    options.put("logfile", dataDir.resolve("redis.log").toAbsolutePath().toString());
    options.put("protected-mode", "yes");
    return options;
  }

  private void launch() {
    stopRequested = false;
    try {
      Files.createDirectories(dataDir);
      List<String> command = new ArrayList<>();
      command.add(binary.toString());
      if (sentinelConfig != null) {
        // the config file must come first: redis-server reads a first argument without "--"
        // as its config file, and only then knows where Sentinel may save its state
        command.add(sentinelConfig.toAbsolutePath().toString());
      }
      options.forEach((key, value) -> {
        command.add("--" + key);
        // a path may contain spaces (redis-server quotes each argument); only directives that
        // take several words get them as separate arguments
        command.addAll(MULTI_WORD_DIRECTIVES.contains(key)
            ? List.of(value.split(" ", -1)) : List.of(value));
      });
      if (sentinelConfig != null) {
        command.add("--sentinel");
      }
      withOwnSession(command);
      log.debug("starting {}", command);
      process = new ProcessBuilder(command)
          .directory(dataDir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(dataDir.resolve("redis.stdout").toFile())
          .start();
      awaitPong();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + binary + ": " + e.getMessage(), e);
    }
  }

  /**
   * Runs redis-server in a session of its own (through {@code setsid}, when the machine has
   * it), so that a Ctrl-C in the node's terminal, which signals the whole foreground process
   * group, does not stop Redis before the node has shut down in order.
   */
  private static void withOwnSession(List<String> command) {
    findOnPath("setsid").ifPresent(setsid -> command.add(0, setsid.toString()));
  }

  private void awaitPong() {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("redis-server exited with code " + process.exitValue()
            + " on port " + port + "; see " + dataDir.resolve("redis.log") + " and "
            + dataDir.resolve("redis.stdout"));
      }
      last = ping();
      // NOAUTH (requirepass set) also proves the server is serving commands; LOADING does not
      if (last.startsWith("+PONG") || last.startsWith("-NOAUTH")) {
        requireOwnServer(last.startsWith("+PONG"));
        return;
      }
      sleepQuietly(50);
    }
    process.destroyForcibly();
    throw new IllegalStateException("redis-server on port " + port + " did not answer PING within "
        + START_TIMEOUT.toSeconds() + " s (last answer: " + last.trim() + ")");
  }

  /**
   * Makes sure the server that answered is the process we started and not another Redis that
   * already had the port (ours then fails to bind and exits, but the other one answers PING).
   */
  private void requireOwnServer(boolean canAskInfo) {
    sleepQuietly(50);
    Optional<Long> answeringPid = canAskInfo ? serverProcessId() : Optional.empty();
    boolean ours = process.isAlive()
        && answeringPid.map(pid -> pid == process.pid()).orElse(true);
    if (!ours) {
      process.destroyForcibly();
      throw new IllegalStateException("port " + port + " on " + host + " is already used by"
          + " another Redis" + answeringPid.map(pid -> " (pid " + pid + ")").orElse("")
          + "; choose another port (EMBEDDED_REDIS_PORT, 0 = any free port)");
    }
  }

  /** The {@code process_id} that {@code INFO server} reports, if it can be read. */
  private Optional<Long> serverProcessId() {
    String info = send("INFO server\r\n", 64 * 1024);
    for (String line : info.split("\r\n")) {
      if (line.startsWith("process_id:")) {
        return Optional.of(Long.parseLong(line.substring("process_id:".length()).trim()));
      }
    }
    return Optional.empty();
  }

  /** Sends PING over a plain socket; returns the first reply line or an error description. */
  private String ping() {
    return send("PING\r\n", 256);
  }

  /**
   * Sends one inline command over a plain socket and reads what arrives within a short time
   * (up to {@code maxBytes}); returns that text or an error description.
   */
  private String send(String inlineCommand, int maxBytes) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 500);
      socket.setSoTimeout(1000);
      OutputStream out = socket.getOutputStream();
      out.write(inlineCommand.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[maxBytes];
      int total = in.read(buffer);
      if (total <= 0) {
        return "closed";
      }
      socket.setSoTimeout(100);
      try {
        for (int read; total < maxBytes && (read = in.read(buffer, total, maxBytes - total)) > 0; ) {
          total += read;
        }
      } catch (java.net.SocketTimeoutException allThatCame) {
        // a reply is complete when nothing more arrives for a moment
      }
      return new String(buffer, 0, total, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
  }

  // ---------------------------------------------------------------- accessors

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public Path dataDir() {
    return dataDir;
  }

  public Path binary() {
    return binary;
  }

  /** {@code redis://host:port}, for Lettuce and for the plugin's {@code uri} setting. */
  public String uri() {
    return "redis://" + host + ":" + port;
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  // ---------------------------------------------------------------- stopping

  /** Starts the same server again (same port, data folder and options), e.g. after {@link #kill}. */
  public void restart() {
    if (isAlive()) {
      throw new IllegalStateException("redis-server on port " + port + " is still running");
    }
    launch();
  }

  /** SIGKILL: no flush, no goodbye. For crash tests. */
  /**
   * Runs {@code action} once if this server's process exits without {@link #close()} or
   * {@link #kill()} having been called (it crashed or someone killed it).
   */
  public void onUnexpectedExit(Runnable action) {
    Process watched = process;
    watched.onExit().thenRun(() -> {
      if (!stopRequested && watched == process) {
        action.run();
      }
    });
  }

  public void kill() {
    stopRequested = true;
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    waitFor(STOP_TIMEOUT);
  }

  /** SIGTERM, which makes Redis flush its append-only file and exit; SIGKILL after 15 s. */
  @Override
  public void close() {
    stopRequested = true;
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    if (!waitFor(STOP_TIMEOUT)) {
      log.warn("redis-server on port {} ignored SIGTERM for {} s; killing it", port,
          STOP_TIMEOUT.toSeconds());
      process.destroyForcibly();
      waitFor(STOP_TIMEOUT);
    }
  }

  private boolean waitFor(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for redis-server", e);
    }
  }
}
