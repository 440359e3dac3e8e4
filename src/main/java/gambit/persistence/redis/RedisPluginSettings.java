package gambit.persistence.redis;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The connection settings of the plugin, read once from the {@code akka-persistence-redis}
 * section (see the plugin's {@code reference.conf} for every key). A bad value fails here, at
 * start-up, with a message naming the key; the URI is checked for syntax here (not for
 * reachability), and its password never appears in a message.
 *
 * @param uri where Redis is: {@code redis://}, {@code rediss://}, {@code redis-sentinel://} or
 *     {@code redis-cluster://} / {@code rediss-cluster://} (see {@link RedisConnector})
 * @param keyPrefix prepended to every key, so several applications can share one Redis
 * @param commandTimeout how long one Redis command may take before it fails
 * @param connectTimeout how long opening a connection may take
 * @param clusterTopologyRefresh how often a Redis Cluster client re-reads the slot map
 * @param reconnectMaxDelay the longest pause between two reconnect attempts while Redis is down
 * @param tlsCaCertFile PEM certificates of the authorities trusted for Redis' certificate, or
 *     null for the JVM's default trust store; must be readable
 * @param tlsClientCertFile PEM certificate chain presented to a Redis that asks for client
 *     certificates, or null; given together with {@code tlsClientKeyFile}
 * @param tlsClientKeyFile the unencrypted PKCS#8 PEM key of {@code tlsClientCertFile}, or null
 */
public record RedisPluginSettings(
    String uri,
    String keyPrefix,
    Duration commandTimeout,
    Duration connectTimeout,
    Duration clusterTopologyRefresh,
    Duration reconnectMaxDelay,
    Path tlsCaCertFile,
    Path tlsClientCertFile,
    Path tlsClientKeyFile) {

  /** The config path of the plugin's root section. */
  public static final String ROOT = "akka-persistence-redis";

  public RedisPluginSettings {
    if (uri == null || uri.isBlank()) {
      throw new IllegalArgumentException(ROOT + ".uri must not be empty");
    }
    // a value pasted from a file or an environment variable often ends in a newline
    uri = uri.strip();
    try {
      RedisConnector.parseUri(uri);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(ROOT + ".uri: " + e.getMessage() + "; expected "
          + "redis://, rediss://, redis-sentinel://...#masterId or redis-cluster://host:port,...");
    }
    if (keyPrefix == null || keyPrefix.contains("{") || keyPrefix.contains("}")) {
      throw new IllegalArgumentException(ROOT + ".key-prefix = \"" + keyPrefix
          + "\": must not contain '{' or '}' (they would break the per-id hash tag)");
    }
    requirePositive("command-timeout", commandTimeout);
    requirePositive("connect-timeout", connectTimeout);
    requirePositive("cluster-topology-refresh", clusterTopologyRefresh);
    requirePositive("reconnect-max-delay", reconnectMaxDelay);
    requireReadable("tls.ca-cert-file", tlsCaCertFile);
    requireReadable("tls.client-cert-file", tlsClientCertFile);
    requireReadable("tls.client-key-file", tlsClientKeyFile);
    if ((tlsClientCertFile == null) != (tlsClientKeyFile == null)) {
      throw new IllegalArgumentException(ROOT + ".tls.client-cert-file and " + ROOT
          + ".tls.client-key-file: give both (a certificate and its key) or neither");
    }
  }

  /** True when a client certificate is configured. */
  public boolean hasTlsClientCertificate() {
    return tlsClientCertFile != null;
  }

  /** Reads the {@code akka-persistence-redis} section of an ActorSystem's config. */
  public static RedisPluginSettings fromRootConfig(Config systemConfig) {
    return from(systemConfig.getConfig(ROOT));
  }

  /** Reads settings from the contents of an {@code akka-persistence-redis} section. */
  public static RedisPluginSettings from(Config section) {
    try {
      return new RedisPluginSettings(
          section.getString("uri"),
          section.getString("key-prefix"),
          section.getDuration("command-timeout"),
          section.getDuration("connect-timeout"),
          section.getDuration("cluster-topology-refresh"),
          section.getDuration("reconnect-max-delay"),
          optionalPath(section, "tls.ca-cert-file"),
          optionalPath(section, "tls.client-cert-file"),
          optionalPath(section, "tls.client-key-file"));
    } catch (ConfigException e) {
      throw new IllegalArgumentException("invalid " + ROOT + " settings: " + e.getMessage(), e);
    }
  }

  private static Path optionalPath(Config section, String key) {
    String value = section.getString(key).strip();
    return value.isEmpty() ? null : Path.of(value);
  }

  private static void requireReadable(String key, Path file) {
    if (file != null && !(Files.isRegularFile(file) && Files.isReadable(file))) {
      throw new IllegalArgumentException(ROOT + "." + key + " = \"" + file
          + "\": not a readable file");
    }
  }

  private static void requirePositive(String key, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(ROOT + "." + key + " = " + value + ": must be positive");
    }
  }
}
