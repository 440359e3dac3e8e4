package gambit.persistence.redis;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;

/**
 * The journal's own settings, read once from its plugin section (by default
 * {@code akka-persistence-redis.journal}; see the plugin's {@code reference.conf}). A bad value
 * fails at start-up with a message naming the key.
 *
 * @param replayChunkSize how many events one replay read fetches from Redis at most
 * @param replayDispatcher the dispatcher that deserializes replayed events and runs the replay
 *     callback (Akka's {@code replay-dispatcher} key of every journal plugin)
 */
public record JournalSettings(int replayChunkSize, String replayDispatcher) {

  /** An upper bound that keeps one replay read well under Redis' reply buffer limits. */
  public static final int MAX_REPLAY_CHUNK_SIZE = 100_000;

  public JournalSettings {
    if (replayChunkSize < 1 || replayChunkSize > MAX_REPLAY_CHUNK_SIZE) {
      throw new IllegalArgumentException("replay-chunk-size = " + replayChunkSize
          + ": must be between 1 and " + MAX_REPLAY_CHUNK_SIZE);
    }
    if (replayDispatcher == null || replayDispatcher.isBlank()) {
      throw new IllegalArgumentException("replay-dispatcher must not be empty");
    }
  }

  /**
   * Reads the settings from a journal plugin section (merged over Akka's plugin fallback).
   *
   * @param pluginId the section's path, for error messages
   */
  public static JournalSettings from(Config pluginConfig, String pluginId) {
    try {
      return new JournalSettings(pluginConfig.getInt("replay-chunk-size"),
          pluginConfig.getString("replay-dispatcher"));
    } catch (ConfigException | IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid settings of journal plugin '" + pluginId + "': "
          + e.getMessage(), e);
    }
  }
}
