package gambit.chess;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;

/**
 * The {@code gambit.chess} settings (chess.conf), read once. Immutable.
 *
 * @param askTimeout how long the API waits for a game's answer before answering 503
 * @param snapshotEvery a snapshot after this many events (and at each game's end)
 * @param snapshotsKept how many snapshots the entity keeps (older ones are deleted)
 * @param passivateIdleAfter a game whose clock is not running leaves memory after this long
 *     without a command
 * @param finishedPassivateAfter a finished game leaves memory this long after its last command
 * @param firstMoveTimeout a timed game is aborted when a side has not made its first move this
 *     long after the game became active (White) or after White's first move (Black)
 * @param sharding the cluster sharding settings of the ChessGame type: {@code
 *     gambit.chess.sharding} laid over {@code akka.cluster.sharding}
 */
public record ChessSettings(Duration askTimeout, int snapshotEvery, int snapshotsKept,
    Duration passivateIdleAfter, Duration finishedPassivateAfter, Duration firstMoveTimeout,
    Config sharding) {

  private static final String SECTION = "gambit.chess";

  /**
   * Reads {@code gambit.chess} from a complete (resolved) config.
   *
   * @throws ConfigException.BadValue naming the key, the value and what was expected
   */
  public static ChessSettings from(Config root) {
    Config config = root.getConfig(SECTION);
    return new ChessSettings(
        positive(config, "ask-timeout"),
        atLeast(config, "snapshot-every", 1),
        atLeast(config, "snapshots-kept", 1),
        positive(config, "passivate-idle-after"),
        positive(config, "finished-passivate-after"),
        positive(config, "first-move-timeout"),
        config.getConfig("sharding").withFallback(root.getConfig("akka.cluster.sharding")));
  }

  private static Duration positive(Config config, String key) {
    Duration value = config.getDuration(key);
    if (value.isNegative() || value.isZero()) {
      throw new ConfigException.BadValue(SECTION + "." + key,
          "must be a positive duration, got " + config.getValue(key).unwrapped());
    }
    return value;
  }

  private static int atLeast(Config config, String key, int min) {
    int value = config.getInt(key);
    if (value < min || config.getDouble(key) != value) { // getInt cuts 1.5 down to 1
      throw new ConfigException.BadValue(SECTION + "." + key,
          "must be an integer of at least " + min + ", got " + config.getValue(key).render());
    }
    return value;
  }
}
