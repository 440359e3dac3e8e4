package gambit.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The node's own settings, read once from the {@code gambit} section of the configuration and
 * from the environment variables that operators set (see README). A bad value fails at start-up
 * with a message naming the setting.
 *
 * @param dataDir where a self-started Redis keeps its files
 * @param httpHost the API's bind address
 * @param httpPort the API's port
 * @param httpShutdownDeadline how long in-flight requests may take to finish on shutdown
 * @param httpMaxBodySize the largest request body the API accepts, in bytes
 * @param redisUri an external Redis, or empty to start our own
 * @param embeddedRedisPort the self-started Redis's port (0 = any free port)
 * @param embeddedRedisAppendfsync its {@code appendfsync} policy
 * @param redisPingTimeout how long the readiness check waits for Redis
 * @param seedNodes cluster seed nodes as {@code host:port}; empty = join yourself
 */
public record NodeSettings(
    Path dataDir,
    String httpHost,
    int httpPort,
    Duration httpShutdownDeadline,
    long httpMaxBodySize,
    Optional<String> redisUri,
    int embeddedRedisPort,
    String embeddedRedisAppendfsync,
    Duration redisPingTimeout,
    List<String> seedNodes) {

  /** Reads {@code gambit.*} from the config and {@code SEED_NODES} from the given value. */
  public static NodeSettings from(Config config, String seedNodesEnv) {
    try {
      Config gambit = config.getConfig("gambit");
      String uri = gambit.getString("redis.uri").trim();
      return new NodeSettings(
          Path.of(gambit.getString("data-dir")),
          gambit.getString("http.host"),
          port(gambit, "http.port", false),
          gambit.getDuration("http.shutdown-deadline"),
          positiveBytes(gambit, "http.max-body-size"),
          uri.isEmpty() ? Optional.empty() : Optional.of(uri),
          port(gambit, "redis.embedded.port", true),
          appendfsync(gambit.getString("redis.embedded.appendfsync")),
          gambit.getDuration("redis.ping-timeout"),
          seedNodes(seedNodesEnv));
    } catch (ConfigException e) {
      throw new IllegalArgumentException("invalid configuration: " + e.getMessage(), e);
    }
  }

  /** The self-started Redis's data folder. */
  public Path redisDataDir() {
    return dataDir.resolve("redis");
  }

  /** Where the embedded redis-server binary is extracted when none is on PATH. */
  public Path redisBinaryDir() {
    return dataDir.resolve("bin");
  }

  private static int port(Config config, String key, boolean zeroAllowed) {
    int port;
    try {
      port = config.getInt(key);
    } catch (ConfigException.WrongType e) {
      throw new IllegalArgumentException("gambit." + key + " = " + config.getValue(key).render()
          + ": expected a port number", e);
    }
    if (port < (zeroAllowed ? 0 : 1) || port > 65535) {
      throw new IllegalArgumentException("gambit." + key + " = " + port + ": expected a port in "
          + (zeroAllowed ? "0" : "1") + "..65535");
    }
    return port;
  }

  private static long positiveBytes(Config config, String key) {
    long bytes = config.getBytes(key);
    if (bytes < 1) {
      throw new IllegalArgumentException("gambit." + key + " = " + bytes
          + ": expected a positive size, e.g. 64KiB");
    }
    return bytes;
  }

  private static String appendfsync(String value) {
    if (!List.of("always", "everysec", "no").contains(value)) {
      throw new IllegalArgumentException("gambit.redis.embedded.appendfsync = " + value
          + ": expected always, everysec or no");
    }
    return value;
  }

  /** Parses {@code SEED_NODES}: comma-separated {@code host:port}. */
  static List<String> seedNodes(String env) {
    List<String> nodes = new ArrayList<>();
    if (env == null || env.isBlank()) {
      return nodes;
    }
    for (String part : env.split(",")) {
      String node = part.trim();
      if (node.isEmpty()) {
        continue;
      }
      int colon = node.lastIndexOf(':');
      if (colon <= 0 || !node.substring(colon + 1).matches("\\d{1,5}")) {
        throw new IllegalArgumentException("SEED_NODES entry \"" + node
            + "\": expected host:port, e.g. 10.0.0.1:25520");
      }
      nodes.add(node);
    }
    return nodes;
  }
}
