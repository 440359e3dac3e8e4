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
    int port = FreePorts.next();
    return RedisServerProcess.start(binary().path(), "127.0.0.1", port, newDataDir(port),
        extraOptions);
  }

  /**
   * A Redis Sentinel of its own (the caller closes it) that monitors {@code master} under
   * {@code masterName} with a quorum of 1, so that one Sentinel alone may declare a failover.
   *
   * @param masterPassword the master's {@code requirepass}, or null when it has none
   */
  public static RedisServerProcess startSentinel(String masterName, RedisServerProcess master,
      String masterPassword) {
    int port = FreePorts.next();
    Path dataDir = newDataDir(port);
    StringBuilder config = new StringBuilder()
        .append("sentinel monitor ").append(masterName).append(' ').append(master.host())
        .append(' ').append(master.port()).append(" 1\n")
        // short, so a failover test need not wait for Sentinel's production-grade defaults
        .append("sentinel down-after-milliseconds ").append(masterName).append(" 2000\n")
        .append("sentinel failover-timeout ").append(masterName).append(" 10000\n");
    if (masterPassword != null) {
      config.append("sentinel auth-pass ").append(masterName).append(' ')
          .append(masterPassword).append('\n');
    }
    Path configFile = dataDir.resolve("sentinel.conf");
    try {
      Files.writeString(configFile, config);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + configFile, e);
    }
    return RedisServerProcess.startSentinel(binary().path(), "127.0.0.1", port, dataDir,
        configFile);
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
