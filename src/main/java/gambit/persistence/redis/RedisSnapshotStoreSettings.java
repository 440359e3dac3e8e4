package gambit.persistence.redis;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;

/**
 * The snapshot store's own settings, read once from its plugin section (by default
 * {@code akka-persistence-redis.snapshot}; see the plugin's {@code reference.conf}). The
 * connection comes from the shared {@link RedisPluginSettings}; the circuit breaker is read by
 * Akka itself.
 *
 * @param configPath the plugin id, i.e. the path of the section, for messages
 * @param keep how many snapshots to keep per persistence id, highest sequence numbers first;
 *     0 keeps all of them
 * @param maxLoadAttempts how many of the newest matching snapshots a load tries to read before
 *     it fails, at least 1
 */
public record RedisSnapshotStoreSettings(String configPath, int keep, int maxLoadAttempts) {

  public RedisSnapshotStoreSettings {
    if (keep < 0) {
      throw new IllegalArgumentException(configPath + ".keep = " + keep
          + ": must be 0 (keep every snapshot) or a positive number of snapshots");
    }
    if (maxLoadAttempts < 1) {
      throw new IllegalArgumentException(configPath + ".max-load-attempts = " + maxLoadAttempts
          + ": must be at least 1");
    }
  }

  /**
   * Reads the settings from the store's plugin section.
   *
   * @throws IllegalArgumentException naming the key when a value is missing or out of range
   */
  public static RedisSnapshotStoreSettings from(Config pluginConfig, String configPath) {
    try {
      return new RedisSnapshotStoreSettings(configPath, pluginConfig.getInt("keep"),
          pluginConfig.getInt("max-load-attempts"));
    } catch (ConfigException e) {
      throw new IllegalArgumentException(
          "invalid snapshot store settings in " + configPath + ": " + e.getMessage(), e);
    }
  }
}
