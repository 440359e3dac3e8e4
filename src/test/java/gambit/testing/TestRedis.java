package gambit.testing;

import gambit.node.RedisServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Real {@code redis-server} processes for tests, on free loopback ports, each with a fresh data
 * folder under {@code target/test-redis}. The binary is found exactly as the node finds it (PATH,
 * else the embedded artifact's), so the tests also run on a machine with no Redis installed.
 *
 * <p>{@link #shared()} is one server for the whole test JVM (stopped at JVM exit); tests that use
 * it must use their own keys (unique persistence ids or key prefixes). Tests that kill, restart
 * or reconfigure Redis start their own with {@link #start(Map)} and close it.
 */
public final class TestRedis {

  private static final Path ROOT = Path.of("target", "test-redis").toAbsolutePath();
  private static RedisServerProcess.Binary binary;
  private static RedisServerProcess shared;

  private TestRedis() {}

  /** The redis-server executable the tests use. */
  public static synchronized RedisServerProcess.Binary binary() {
    if (binary == null) {
      binary = RedisServerProcess.locateBinary(ROOT.resolve("bin"));
    }
    return binary;
  }

  /** One server shared by every test of this JVM. */
  public static synchronized RedisServerProcess shared() {
    if (shared == null || !shared.isAlive()) {
      shared = start(Map.of());
      RedisServerProcess server = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(server::close, "test-redis-shutdown"));
    }
    return shared;
  }

  /** A new server of its own; the caller closes it. */
  public static RedisServerProcess start(Map<String, String> extraOptions) {
    int port = RedisServerProcess.freePort();
    return RedisServerProcess.start(binary().path(), "127.0.0.1", port, newDataDir(port),
        extraOptions);
  }

  private static Path newDataDir(int port) {
    try {
      Files.createDirectories(ROOT);
      return Files.createTempDirectory(ROOT, "redis-" + port + "-");
    } catch (IOException e) {
      throw new IllegalStateException("cannot create a data folder under " + ROOT, e);
    }
  }
}
