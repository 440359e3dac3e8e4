package gambit.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NodeSettingsTest {

  private static Config config(String overrides) {
    return ConfigFactory.parseString(overrides)
        .withFallback(ConfigFactory.parseResources("application.conf"))
        .resolve();
  }

  @Test
  void defaultsStartALoneNodeWithItsOwnRedis() {
    NodeSettings settings = NodeSettings.from(config(""), null);
    assertEquals("localhost", settings.httpHost());
    assertEquals(8080, settings.httpPort());
    assertEquals(Optional.empty(), settings.redisUri());
    assertEquals(Path.of("./data/redis"), settings.redisDataDir());
    assertEquals(List.of(), settings.seedNodes());
    assertEquals("everysec", settings.embeddedRedisAppendfsync());
  }

  @Test
  void readsAnExternalRedisAndSeedNodes() {
    NodeSettings settings = NodeSettings.from(
        config("gambit.redis.uri = \"redis://10.0.0.5:6379\""), " 10.0.0.1:25520, node-2:25520 ");
    assertEquals(Optional.of("redis://10.0.0.5:6379"), settings.redisUri());
    assertEquals(List.of("10.0.0.1:25520", "node-2:25520"), settings.seedNodes());
  }

  @Test
  void rejectsAPortOutOfRangeNamingTheKey() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> NodeSettings.from(config("gambit.http.port = 70000"), null));
    assertTrue(error.getMessage().contains("gambit.http.port = 70000"), error.getMessage());
  }

  @Test
  void rejectsANonNumericPort() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> NodeSettings.from(config("gambit.http.port = eighty"), null));
    assertTrue(error.getMessage().contains("gambit.http.port"), error.getMessage());
  }

  @Test
  void rejectsAnUnknownFsyncPolicy() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> NodeSettings.from(config("gambit.redis.embedded.appendfsync = sometimes"), null));
    assertTrue(error.getMessage().contains("always, everysec or no"), error.getMessage());
  }

  @Test
  void rejectsASeedNodeWithoutPort() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> NodeSettings.from(config(""), "10.0.0.1"));
    assertTrue(error.getMessage().contains("SEED_NODES entry \"10.0.0.1\""), error.getMessage());
  }
}
