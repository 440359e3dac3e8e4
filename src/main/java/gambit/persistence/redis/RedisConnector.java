package gambit.persistence.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.event.EventBus;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.EpollProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One multiplexed Lettuce connection to Redis, standalone, Sentinel or Cluster; the plugin uses
 * byte-array keys and values ({@link #connect(RedisPluginSettings)}), and an application may open
 * its own connection with another codec through the same settings
 * ({@link #connect(RedisPluginSettings, RedisCodec)}). Lettuce pipelines every command sent on
 * it, so the journal's concurrent writes share one socket without waiting for each other.
 *
 * <p>URI forms: {@code redis://[:password@]host[:port][/database]}, {@code rediss://...} for TLS,
 * {@code redis-sentinel://[:password@]host[:port][,host2[:port2]][/database]#masterId} for
 * Sentinel, and {@code redis-cluster://[:password@]host:port[,host:port...]} (or
 * {@code rediss-cluster://} for TLS) for a Redis Cluster, given by any of its nodes.
 *
 * <p>While Redis is unreachable, commands fail at once ({@code REJECT_COMMANDS}) instead of
 * queuing, so Akka's circuit breaker sees the failure; Lettuce reconnects in the background,
 * pausing at most {@code reconnect-max-delay} between attempts. Every command also fails after
 * {@code command-timeout}. TLS trust and client certificates come from the {@code tls} keys.
 * Thread-safe.
 *
 * <p>Limitation, Sentinel: the connection asks Sentinel for the master only when it
 * (re)connects; it does not follow Sentinel's switch-master announcements. After a failover it
 * keeps writing to the old master until Sentinel reconfigures that one as a replica and drops
 * its clients (about ten seconds in {@code RedisSentinelConnectorTest}); what is written there
 * in between is lost when it resynchronises from the new master.
 */
public final class RedisConnector<K, V> implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RedisConnector.class);

  private final AbstractRedisClient client;
  private final StatefulConnection<K, V> connection;
  private final RedisClusterAsyncCommands<K, V> commands;
  private final String description;

  private RedisConnector(AbstractRedisClient client, StatefulConnection<K, V> connection,
      RedisClusterAsyncCommands<K, V> commands, String description) {
    this.client = client;
    this.connection = connection;
    this.commands = commands;
    this.description = description;
  }

  /**
   * Connects. Fails with {@link IllegalArgumentException} when the URI is malformed, and with a
   * {@link RedisConnectionException} whose message names the server (password hidden) and the
   * root cause (refused, {@code WRONGPASS}, {@code NOAUTH}, TLS handshake, ...) when Redis cannot
   * be reached or refuses the connection at this moment; the caller decides whether to retry.
   */
  public static RedisConnector<byte[], byte[]> connect(RedisPluginSettings settings) {
    return connect(settings, ByteArrayCodec.INSTANCE);
  }

  /**
   * Connects with the given codec, with everything else as {@link #connect(RedisPluginSettings)}:
   * same URI forms, timeouts, TLS, reconnect and failure behaviour.
   */
  public static <K, V> RedisConnector<K, V> connect(RedisPluginSettings settings,
      RedisCodec<K, V> codec) {
    List<RedisURI> uris = parseUri(settings.uri());
    String description = redact(settings.uri());
    try {
      return isCluster(settings.uri())
          ? connectCluster(settings, uris, description, codec)
          : connectSingle(settings, uris.get(0), description, codec);
    } catch (RedisConnectionException e) {
      throw new RedisConnectionException(
          "Cannot connect to Redis at " + description + ": " + rootMessage(e), e);
    }
  }

  private static <K, V> RedisConnector<K, V> connectSingle(RedisPluginSettings settings,
      RedisURI redisUri, String description, RedisCodec<K, V> codec) {
    redisUri.setTimeout(settings.commandTimeout());
    RedisClient client = RedisClient.create(clientResources(settings), redisUri);
    client.setOptions(ClientOptions.builder()
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .socketOptions(socketOptions(settings))
        .sslOptions(sslOptions(settings))
        .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
        .build());
    try {
      StatefulRedisConnection<K, V> connection = client.connect(codec);
      log.info("Connected to Redis at {} ({})", description, transport());
      return new RedisConnector<>(client, connection, connection.async(), description);
    } catch (RuntimeException e) {
      shutdown(client);
      throw e;
    }
  }

  private static <K, V> RedisConnector<K, V> connectCluster(RedisPluginSettings settings,
      List<RedisURI> seeds, String description, RedisCodec<K, V> codec) {
    seeds.forEach(seed -> seed.setTimeout(settings.commandTimeout()));
    RedisClusterClient client = RedisClusterClient.create(clientResources(settings), seeds);
    client.setOptions(ClusterClientOptions.builder()
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .socketOptions(socketOptions(settings))
        .sslOptions(sslOptions(settings))
        .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
        .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
            .enablePeriodicRefresh(settings.clusterTopologyRefresh())
            .enableAllAdaptiveRefreshTriggers()
            .build())
        .build());
    try {
      StatefulRedisClusterConnection<K, V> connection = client.connect(codec);
      log.info("Connected to Redis Cluster at {} ({} seed nodes, {})", description, seeds.size(),
          transport());
      return new RedisConnector<>(client, connection, connection.async(), description);
    } catch (RuntimeException e) {
      shutdown(client);
      throw e;
    }
  }

  /**
   * Which socket transport Lettuce picked: Netty's native epoll when its library (a dependency
   * of the project, Linux x86-64 only) loads, else Java NIO, which works everywhere but costs
   * more CPU per command.
   */
  private static String transport() {
    return EpollProvider.isAvailable() ? "native epoll transport" : "NIO transport";
  }

  /**
   * Lettuce's default reconnect back-off doubles up to 30 s, so after a Redis outage of half a
   * minute the node would go on failing for up to 30 s more once Redis is back. Cap it: an
   * attempt at a Redis that is down costs one refused TCP connect.
   */
  private static ClientResources clientResources(RedisPluginSettings settings) {
    Delay backOff = Delay.exponential(Duration.ofMillis(1), settings.reconnectMaxDelay(), 2,
        TimeUnit.MILLISECONDS);
    return DefaultClientResources.builder().reconnectDelay(backOff).build();
  }

  /** The client's own resources (event loops) were made for it, so they go with it. */
  private static void shutdown(AbstractRedisClient client) {
    client.shutdown();
    client.getResources().shutdown();
  }

  /** Trust and client certificate for rediss:// URIs; Lettuce ignores them for redis://. */
  private static SslOptions sslOptions(RedisPluginSettings settings) {
    SslOptions.Builder ssl = SslOptions.builder().jdkSslProvider();
    if (settings.tlsCaCertFile() != null) {
      ssl.trustManager(settings.tlsCaCertFile().toFile());
    }
    if (settings.hasTlsClientCertificate()) {
      ssl.keyManager(settings.tlsClientCertFile().toFile(),
          settings.tlsClientKeyFile().toFile(), null);
    }
    return ssl.build();
  }

  private static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  private static SocketOptions socketOptions(RedisPluginSettings settings) {
    return SocketOptions.builder().connectTimeout(settings.connectTimeout()).keepAlive(true).build();
  }

  // ---------------------------------------------------------------- URI parsing

  private static boolean isCluster(String uri) {
    return uri.startsWith("redis-cluster://") || uri.startsWith("rediss-cluster://");
  }

  /**
   * Parses and checks a URI of any supported form: the cluster forms give one seed per node,
   * the others exactly one {@link RedisURI}. Called when the settings are read, so that a bad
   * URI stops the plugin at start-up rather than at its first command.
   *
   * @throws IllegalArgumentException naming the URI with its password hidden; the message never
   *     contains the password, and no cause is attached because a parser's message may quote it
   */
  static List<RedisURI> parseUri(String uri) {
    return isCluster(uri) ? clusterSeeds(uri) : List.of(parse(uri, uri));
  }

  /** Parses one Lettuce URI; {@code whole} is the setting it came from, for the message. */
  private static RedisURI parse(String uri, String whole) {
    RedisURI parsed;
    try {
      parsed = RedisURI.create(uri);
    } catch (RuntimeException e) {
      throw invalid(whole, hideSecret(String.valueOf(e.getMessage()), whole));
    }
    splitHostAndPort(parsed, whole);
    return parsed;
  }

  /**
   * Lettuce falls back to "registry" parsing when java.net.URI rejects the host (an underscore,
   * as in a Docker service name {@code redis_1}, is enough) and then keeps {@code "host:port"}
   * as the host name and the default port. Split it here, and refuse a port that is not a number
   * instead of failing later with an unresolvable host.
   */
  private static void splitHostAndPort(RedisURI parsed, String whole) {
    String host = parsed.getHost();
    if (host == null || host.startsWith("[") || !host.contains(":")) {
      return;
    }
    int colon = host.indexOf(':');
    String port = host.substring(colon + 1);
    if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65535) {
      throw invalid(whole, "expected host[:port] with a port from 0 to 65535, got \""
          + hideSecret(host, whole) + "\"");
    }
    parsed.setHost(host.substring(0, colon));
    parsed.setPort(Integer.parseInt(port));
  }

  /**
   * {@code redis-cluster://:pw@h1:1,h2:2?verifyPeer=CA} -> one {@code redis://:pw@hN:N?...} per
   * node, the credentials and query applying to every node. A database is refused: Redis
   * Cluster only has database 0.
   */
  static List<RedisURI> clusterSeeds(String uri) {
    boolean tls = uri.startsWith("rediss-cluster://");
    String rest = uri.substring(uri.indexOf("://") + 3);
    String credentials = "";
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      credentials = rest.substring(0, at + 1);
      rest = rest.substring(at + 1);
    }
    String query = "";
    int question = rest.indexOf('?');
    if (question >= 0) {
      query = rest.substring(question);
      rest = rest.substring(0, question);
    }
    int slash = rest.indexOf('/');
    if (slash >= 0) {
      String database = rest.substring(slash + 1);
      if (!database.isEmpty() && !database.equals("0")) {
        throw invalid(uri, "Redis Cluster has only database 0, got /" + database);
      }
      rest = rest.substring(0, slash);
    }
    List<RedisURI> seeds = new ArrayList<>();
    for (String hostPort : rest.split(",")) {
      if (!hostPort.isBlank()) {
        seeds.add(parse((tls ? "rediss://" : "redis://") + credentials + hostPort.trim() + query,
            uri));
      }
    }
    if (seeds.isEmpty()) {
      throw invalid(uri, "no cluster nodes");
    }
    return seeds;
  }

  private static IllegalArgumentException invalid(String uri, String reason) {
    return new IllegalArgumentException("invalid Redis URI " + redact(uri) + ": " + reason);
  }

  /** Replaces the URI's user-info part (user and password), wherever it is quoted, by ***. */
  private static String hideSecret(String text, String uri) {
    int schemeEnd = uri.indexOf("://");
    int at = uri.lastIndexOf('@');
    if (schemeEnd < 0 || at <= schemeEnd + 3) {
      return text;
    }
    return text.replace(uri.substring(schemeEnd + 3, at), "***");
  }

  /**
   * Whether a connection failed because Redis refused the credentials of the URI (wrong or
   * missing password, unknown user, or a password sent to a server that has none): waiting does
   * not fix that, unlike a server that is down or restarting.
   */
  public static boolean refusedCredentials(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      String message = String.valueOf(cause.getMessage());
      if (cause instanceof RedisCommandExecutionException
          && (message.startsWith("WRONGPASS") || message.startsWith("NOAUTH")
              || message.startsWith("ERR invalid password")
              || message.startsWith("ERR AUTH") || message.startsWith("NOPERM"))) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
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
  public RedisClusterAsyncCommands<K, V> commands() {
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
    shutdown(client);
  }

  /** Lettuce's event bus of this connection (reconnect attempts, ...), for tests. */
  EventBus eventBus() {
    return client.getResources().eventBus();
  }
}
