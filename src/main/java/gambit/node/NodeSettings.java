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
 * @param seedNodes cluster seed nodes as {@code host:port}; empty = join yourself (or bootstrap)
 * @param clusterBootstrap true to join or form the cluster through akka-management's cluster
 *     bootstrap instead of seed nodes ({@code CLUSTER_BOOTSTRAP=on})
 * @param bootstrapContactPoints the akka-management endpoints ({@code host:port}) that the
 *     "config" discovery method offers to bootstrap; empty for other methods
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
    List<String> seedNodes,
    boolean clusterBootstrap,
    List<String> bootstrapContactPoints) {

  /**
   * Reads {@code gambit.*} from the config and {@code SEED_NODES} from the given value.
   *
   * @throws IllegalArgumentException naming the setting when a value is malformed, or when seed
   *     nodes and cluster bootstrap are both set, or bootstrap through the "config" discovery
   *     method has no contact points
   */
  public static NodeSettings from(Config config, String seedNodesEnv) {
    try {
      Config gambit = config.getConfig("gambit");
      String uri = gambit.getString("redis.uri").trim();
      requirePort(config, "akka.management.http.port", "MANAGEMENT_PORT");
      requirePort(config, "akka.remote.artery.canonical.port", "CLUSTER_PORT");
      if (gambit.getString("data-dir").isBlank()) {
        throw new IllegalArgumentException("gambit.data-dir (DATA_DIR) is empty: expected a"
            + " folder, e.g. ./data");
      }
      NodeSettings settings = new NodeSettings(
          Path.of(gambit.getString("data-dir")),
          gambit.getString("http.host"),
          port(gambit, "http.port", false),
          gambit.getDuration("http.shutdown-deadline"),
          positiveBytes(gambit, "http.max-body-size"),
          uri.isEmpty() ? Optional.empty() : Optional.of(uri),
          port(gambit, "redis.embedded.port", true),
          appendfsync(gambit.getString("redis.embedded.appendfsync")),
          gambit.getDuration("redis.ping-timeout"),
          seedNodes(seedNodesEnv),
          gambit.getBoolean("cluster.bootstrap"),
          hostPorts(gambit.getString("cluster.bootstrap-contact-points"),
              "BOOTSTRAP_CONTACT_POINTS", "10.0.0.1:8558"));
      return settings.checkedJoinMethod(config.getString("akka.discovery.method"));
    } catch (ConfigException e) {
      throw new IllegalArgumentException("invalid configuration: " + e.getMessage(), e);
    }
  }

  /** True when this node is to be a member of a multi-node cluster (seeds or bootstrap). */
  public boolean joinsOthers() {
    return !seedNodes.isEmpty() || clusterBootstrap;
  }

  /** The self-started Redis's data folder. */
  public Path redisDataDir() {
    return dataDir.resolve("redis");
  }

  /** Where the embedded redis-server binary is extracted when none is on PATH. */
  public Path redisBinaryDir() {
    return dataDir.resolve("bin");
  }

  /** Akka reads these itself, late and with an unhelpful message; check them up front. */
  private static void requirePort(Config config, String key, String env) {
    String value = config.getValue(key).unwrapped().toString().trim();
    boolean valid = value.matches("\\d{1,5}") && Integer.parseInt(value) <= 65535;
    if (!valid) {
      throw new IllegalArgumentException(key + " (" + env + ") = " + value
          + ": expected a port number in 0..65535");
    }
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

  private NodeSettings checkedJoinMethod(String discoveryMethod) {
    if (!seedNodes.isEmpty() && clusterBootstrap) {
      throw new IllegalArgumentException("both SEED_NODES and CLUSTER_BOOTSTRAP=on are set:"
          + " a node joins through seed nodes or through cluster bootstrap, so unset one");
    }
    if (clusterBootstrap && "config".equals(discoveryMethod) && bootstrapContactPoints.isEmpty()) {
      throw new IllegalArgumentException("CLUSTER_BOOTSTRAP=on with the \"config\" discovery"
          + " method needs BOOTSTRAP_CONTACT_POINTS (the akka-management host:port of every"
          + " initial node), or BOOTSTRAP_DISCOVERY_METHOD=akka-dns");
    }
    return this;
  }

  /** Parses {@code SEED_NODES}: comma-separated {@code host:port}. */
  static List<String> seedNodes(String env) {
    return hostPorts(env, "SEED_NODES", "10.0.0.1:25520");
  }

  /**
   * Parses comma-separated {@code host:port}; blank = none. An empty entry (a stray comma, or
   * nothing but commas) is refused: taken as "no seeds", it would make a node meant to join a
   * cluster form one of its own on the shared Redis.
   */
  private static List<String> hostPorts(String value, String name, String example) {
    List<String> nodes = new ArrayList<>();
    if (value == null || value.isBlank()) {
      return nodes;
    }
    for (String part : value.split(",", -1)) {
      String node = part.trim();
      if (node.isEmpty()) {
        throw new IllegalArgumentException(name + " \"" + value + "\" has an empty entry:"
            + " expected comma-separated host:port, e.g. " + example);
      }
      int colon = node.lastIndexOf(':');
      if (colon <= 0 || !node.substring(colon + 1).matches("\\d{1,5}")
          || Integer.parseInt(node.substring(colon + 1)) < 1
          || Integer.parseInt(node.substring(colon + 1)) > 65535) {
        throw new IllegalArgumentException(name + " entry \"" + node
            + "\": expected host:port with a port from 1 to 65535, e.g. " + example);
      }
      nodes.add(node);
    }
    return nodes;
  }
}
