package gambit.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
  void rejectsSeedNodesWithAnEmptyEntryRatherThanTakingThemForNone() {
    for (String seeds : new String[] {",", "10.0.0.1:25520,", " , 10.0.0.1:25520"}) {
      IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
          () -> NodeSettings.from(config(""), seeds), seeds);
      assertTrue(error.getMessage().contains("has an empty entry"), error.getMessage());
    }
  }

  @Test
  void rejectsASeedNodePortOutOfRange() {
    for (String seeds : new String[] {"127.0.0.1:99999", "127.0.0.1:0"}) {
      IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
          () -> NodeSettings.from(config(""), seeds), seeds);
      assertTrue(error.getMessage().contains("a port from 1 to 65535"), error.getMessage());
    }
  }

  @Test
  void rejectsASeedNodeWithoutPort() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> NodeSettings.from(config(""), "10.0.0.1"));
    assertTrue(error.getMessage().contains("SEED_NODES entry \"10.0.0.1\""), error.getMessage());
  }

  @Test
  void aLoneNodeNeitherUsesSeedsNorBootstrap() {
    NodeSettings settings = NodeSettings.from(config(""), null);
    assertFalse(settings.clusterBootstrap());
    assertFalse(settings.joinsOthers());
  }

  @Test
  void readsClusterBootstrapWithConfiguredContactPoints() {
    NodeSettings settings = NodeSettings.from(config("gambit.cluster { bootstrap = on,"
        + " bootstrap-contact-points = \"10.0.0.1:8558, node-2:8558\" }"), null);
    assertTrue(settings.clusterBootstrap());
    assertTrue(settings.joinsOthers());
    assertEquals(List.of("10.0.0.1:8558", "node-2:8558"), settings.bootstrapContactPoints());
  }

  @Test
  void bootstrapThroughDnsNeedsNoContactPoints() {
    NodeSettings settings = NodeSettings.from(config("gambit.cluster.bootstrap = on\n"
        + "akka.discovery.method = akka-dns"), null);
    assertEquals(List.of(), settings.bootstrapContactPoints());
  }

  @Test
  void refusesSeedNodesTogetherWithBootstrap() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> NodeSettings.from(config("gambit.cluster { bootstrap = on,"
            + " bootstrap-contact-points = \"10.0.0.1:8558\" }"), "10.0.0.1:25520"));
    assertTrue(error.getMessage().contains("both SEED_NODES and CLUSTER_BOOTSTRAP=on"),
        error.getMessage());
  }

  @Test
  void refusesConfigDiscoveryWithoutContactPoints() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> NodeSettings.from(config("gambit.cluster.bootstrap = on"), null));
    assertTrue(error.getMessage().contains("needs BOOTSTRAP_CONTACT_POINTS"), error.getMessage());
  }

  @Test
  void rejectsAContactPointWithoutPortNamingTheVariable() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> NodeSettings.from(config("gambit.cluster { bootstrap = on,"
            + " bootstrap-contact-points = \"node-1\" }"), null));
    assertTrue(error.getMessage().contains("BOOTSTRAP_CONTACT_POINTS entry \"node-1\""),
        error.getMessage());
  }

  @Test
  void rejectsABootstrapSwitchThatIsNotABoolean() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> NodeSettings.from(config("gambit.cluster.bootstrap = sometimes"), null));
    assertTrue(error.getMessage().contains("cluster.bootstrap"), error.getMessage());
  }

  @Test
  void rejectsANonNumericManagementPortNamingTheVariable() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> NodeSettings.from(config("akka.management.http.port = abc"), null));
    assertTrue(error.getMessage().contains("MANAGEMENT_PORT"), error.getMessage());
  }

  @Test
  void rejectsANonNumericClusterPortNamingTheVariable() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> NodeSettings.from(config("akka.remote.artery.canonical.port = abc"), null));
    assertTrue(error.getMessage().contains("CLUSTER_PORT"), error.getMessage());
  }

  @Test
  void rejectsAnEmptyDataDir() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> NodeSettings.from(config("gambit.data-dir = \"\""), null));
    assertTrue(error.getMessage().contains("DATA_DIR"), error.getMessage());
  }
}
