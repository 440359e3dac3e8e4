package gambit.http;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;

/**
 * The {@code gambit.http.game-socket} settings (application.conf), read once. Immutable.
 *
 * @param bufferSize messages queued for one client before it counts as too slow and is
 *     disconnected
 * @param maxMessageChars the longest message a client may send, in characters
 * @param firstResync when a new connection checks the game again, to catch events published
 *     before its subscription reached the game's node
 * @param resyncInterval how often a connection checks the game afterwards, healing a lost
 *     trailing update
 */
public record GameSocketSettings(int bufferSize, int maxMessageChars, Duration firstResync,
    Duration resyncInterval) {

  private static final String SECTION = "gambit.http.game-socket";

  /**
   * Reads the section from a complete (resolved) config.
   *
   * @throws ConfigException.BadValue naming the key when a value is out of range
   */
  public static GameSocketSettings from(Config root) {
    Config config = root.getConfig(SECTION);
    int buffer = config.getInt("buffer-size");
    long maxChars = config.getBytes("max-message-size");
    if (buffer < 1) {
      throw new ConfigException.BadValue(SECTION + ".buffer-size", "must be at least 1, got "
          + buffer);
    }
    if (maxChars < 16 || maxChars > 1_048_576) {
      throw new ConfigException.BadValue(SECTION + ".max-message-size",
          "must be from 16 bytes to 1MiB, got " + maxChars);
    }
    return new GameSocketSettings(buffer, (int) maxChars, config.getDuration("first-resync"),
        config.getDuration("resync-interval"));
  }
}
