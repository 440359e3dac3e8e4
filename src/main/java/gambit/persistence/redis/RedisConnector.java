package gambit.persistence.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One multiplexed Lettuce connection to Redis, standalone, Sentinel or Cluster, with byte-array
 * keys and values. Lettuce pipelines every command sent on it, so the journal's concurrent writes
 * share one socket without waiting for each other.
 *
 * <p>URI forms: {@code redis://[:password@]host[:port][/database]}, {@code rediss://...} for TLS,
 * {@code redis-sentinel://[:password@]host[:port][,host2[:port2]][/database]#masterId} for
 * Sentinel, and {@code redis-cluster://[:password@]host:port[,host:port...]} (or
 * {@code rediss-cluster://} for TLS) for a Redis Cluster, given by any of its nodes.
 *
 * <p>While Redis is unreachable, commands fail at once ({@code REJECT_COMMANDS}) instead of
 * queuing, so Akka's circuit breaker sees the failure; Lettuce reconnects in the background.
 * Every command also fails after {@code command-timeout}. Thread-safe.
 */
public final class RedisConnector implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RedisConnector.class);

  private final AbstractRedisClient client;
  private final StatefulConnection<byte[], byte[]> connection;
  private final RedisClusterAsyncCommands<byte[], byte[]> commands;
  private final String description;

  private RedisConnector(AbstractRedisClient client, StatefulConnection<byte[], byte[]> connection,
      RedisClusterAsyncCommands<byte[], byte[]> commands, String description) {
    this.client = client;
    this.connection = connection;
    this.commands = commands;
    this.description = description;
  }

  /**
   * Connects. Fails when the URI is malformed; when Redis is unreachable at this moment the
   * standalone client still fails here (the caller decides whether to retry).
   */
  public static RedisConnector connect(RedisPluginSettings settings) {
    String uri = settings.uri();
    if (uri.startsWith("redis-cluster://") || uri.startsWith("rediss-cluster://")) {
      return connectCluster(settings);
    }
    RedisURI redisUri = parse(uri);
    redisUri.setTimeout(settings.commandTimeout());
    RedisClient client = RedisClient.create(redisUri);
    client.setOptions(ClientOptions.builder()
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .socketOptions(socketOptions(settings))
        .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
        .build());
    try {
      StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE);
      String description = redact(uri);
      log.info("Connected to Redis at {}", description);
      return new RedisConnector(client, connection, connection.async(), description);
    } catch (RuntimeException e) {
      client.shutdown();
      throw e;
    }
  }

  private static RedisConnector connectCluster(RedisPluginSettings settings) {
    List<RedisURI> seeds = clusterSeeds(settings.uri());
    seeds.forEach(seed -> seed.setTimeout(settings.commandTimeout()));
    RedisClusterClient client = RedisClusterClient.create(seeds);
    client.setOptions(ClusterClientOptions.builder()
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .socketOptions(socketOptions(settings))
        .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
        .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
            .enablePeriodicRefresh(settings.clusterTopologyRefresh())
            .enableAllAdaptiveRefreshTriggers()
            .build())
        .build());
    try {
      StatefulRedisClusterConnection<byte[], byte[]> connection =
          client.connect(ByteArrayCodec.INSTANCE);
      String description = redact(settings.uri());
      log.info("Connected to Redis Cluster at {} ({} seed nodes)", description, seeds.size());
      return new RedisConnector(client, connection, connection.async(), description);
    } catch (RuntimeException e) {
      client.shutdown();
      throw e;
    }
  }

  private static SocketOptions socketOptions(RedisPluginSettings settings) {
    return SocketOptions.builder().connectTimeout(settings.connectTimeout()).keepAlive(true).build();
  }

  private static RedisURI parse(String uri) {
    try {
      return RedisURI.create(uri);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("invalid Redis URI " + redact(uri) + ": " + e.getMessage(),
          e);
    }
  }

  /** {@code redis-cluster://:pw@h1:1,h2:2} -> one {@code redis://:pw@hN:N} per node. */
  static List<RedisURI> clusterSeeds(String uri) {
    boolean tls = uri.startsWith("rediss-cluster://");
    String rest = uri.substring(uri.indexOf("://") + 3);
    String credentials = "";
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      credentials = rest.substring(0, at + 1);
      rest = rest.substring(at + 1);
    }
    int slash = rest.indexOf('/');
    if (slash >= 0) {
      rest = rest.substring(0, slash);
    }
    List<RedisURI> seeds = new ArrayList<>();
    for (String hostPort : rest.split(",")) {
      if (!hostPort.isBlank()) {
        seeds.add(parse((tls ? "rediss://" : "redis://") + credentials + hostPort.trim()));
      }
    }
    if (seeds.isEmpty()) {
      throw new IllegalArgumentException("invalid Redis URI " + redact(uri) + ": no cluster nodes");
    }
    return seeds;
  }

  /** The URI without its password, for logs and error messages. */
  public static String redact(String uri) {
    try {
      int schemeEnd = uri.indexOf("://");
      int at = uri.lastIndexOf('@');
      if (schemeEnd < 0 || at < schemeEnd) {
        return uri;
      }
      return uri.substring(0, schemeEnd + 3) + "***@" + uri.substring(at + 1);
    } catch (RuntimeException e) {
      return "(unparseable URI)";
    }
  }

  /** The asynchronous commands; on a cluster connection, keyed commands are routed by slot. */
  public RedisClusterAsyncCommands<byte[], byte[]> commands() {
    return commands;
  }

  /** The URI with the password hidden. */
  public String description() {
    return description;
  }

  /** True while the connection is open (Lettuce reconnects it in the background). */
  public boolean isOpen() {
    return connection.isOpen();
  }

  @Override
  public void close() {
    log.info("Closing Redis connection to {}", description);
    connection.close();
    client.shutdown();
  }
}
