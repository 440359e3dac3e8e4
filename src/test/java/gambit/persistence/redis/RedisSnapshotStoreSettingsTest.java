package gambit.persistence.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

/** The snapshot store's settings as the plugin's reference.conf defines them. */
class RedisSnapshotStoreSettingsTest {

  private static final String PLUGIN = "akka-persistence-redis.snapshot";

  @Test
  void defaultsKeepEverySnapshotAndTryThreeOnLoad() {
    RedisSnapshotStoreSettings settings = RedisSnapshotStoreSettings.from(plugin(""), PLUGIN);

    assertEquals(0, settings.keep());
    assertEquals(3, settings.maxLoadAttempts());
  }

  @Test
  void referenceConfSetsTheClassAndACircuitBreaker() {
    Config plugin = plugin("");

    assertEquals(RedisSnapshotStore.class.getName(), plugin.getString("class"));
    assertEquals(5, plugin.getInt("circuit-breaker.max-failures"));
    assertEquals(20, plugin.getDuration("circuit-breaker.call-timeout").toSeconds());
    assertEquals(30, plugin.getDuration("circuit-breaker.reset-timeout").toSeconds());
  }

  @Test
  void rejectsANegativeKeepNamingTheKey() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RedisSnapshotStoreSettings.from(plugin("keep = -1"), PLUGIN));

    assertEquals(PLUGIN + ".keep = -1: must be 0 (keep every snapshot) or a positive number of"
        + " snapshots", e.getMessage());
  }

  @Test
  void rejectsZeroLoadAttemptsNamingTheKey() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RedisSnapshotStoreSettings.from(plugin("max-load-attempts = 0"), PLUGIN));

    assertEquals(PLUGIN + ".max-load-attempts = 0: must be at least 1", e.getMessage());
  }

  @Test
  void rejectsANonNumberNamingTheKey() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RedisSnapshotStoreSettings.from(plugin("keep = lots"), PLUGIN));

    assertTrue(e.getMessage().contains(PLUGIN), e.getMessage());
    assertTrue(e.getMessage().contains("keep"), e.getMessage());
  }

  private static Config plugin(String overrides) {
    return ConfigFactory.parseString(overrides)
        .withFallback(ConfigFactory.defaultReference().getConfig(PLUGIN));
  }
}
