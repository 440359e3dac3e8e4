package gambit.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.cluster.ConfigValidation;
import akka.cluster.Invalid;
import akka.cluster.Valid$;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The node's cluster configuration as Akka will read it (application.conf with cluster.conf,
 * over every module's reference.conf): the failover budget's parts, the sharding layout and the
 * join check that guards it, the shutdown phases.
 */
class ClusterConfigTest {

  private static final Config NODE = ConfigFactory.load(ConfigFactory.parseResources(
      "application.conf"));

  @Test
  void theFailoverBudgetStaysWithinFifteenSecondsOnPaper() {
    Duration detection = NODE.getDuration(
        "akka.cluster.failure-detector.acceptable-heartbeat-pause")
        .plus(NODE.getDuration("akka.cluster.failure-detector.heartbeat-interval"));
    Duration decision = NODE.getDuration("akka.cluster.split-brain-resolver.stable-after");
    Duration margin = NODE.getDuration("akka.cluster.down-removal-margin");
    Duration removalAndRecovery = Duration.ofSeconds(3);
    Duration total = detection.plus(decision).plus(margin).plus(removalAndRecovery);
    assertTrue(total.compareTo(Duration.ofSeconds(15)) <= 0, "budget " + total);
    assertEquals("akka.cluster.sbr.SplitBrainResolverProvider",
        NODE.getString("akka.cluster.downing-provider-class"));
    assertEquals("keep-majority",
        NODE.getString("akka.cluster.split-brain-resolver.active-strategy"));
  }

  @Test
  void rememberedEntitiesAreStoredInTheRedisJournal() {
    assertEquals("eventsourced", NODE.getString("akka.cluster.sharding.remember-entities-store"));
    assertEquals("akka-persistence-redis.journal",
        NODE.getString("akka.cluster.sharding.journal-plugin-id"));
    assertEquals("akka-persistence-redis.snapshot",
        NODE.getString("akka.cluster.sharding.snapshot-plugin-id"));
    assertTrue(NODE.getStringList("akka.cluster.sharding.distributed-data.durable.keys")
        .isEmpty(), "no LMDB files under the working directory");
  }

  @Test
  void theJoinCheckAcceptsTheSameLayoutAndRefusesAnotherNumberOfShards() {
    ShardingJoinCheck check = new ShardingJoinCheck();
    assertEquals(Valid$.MODULE$, check.check(NODE, NODE));

    Config other = ConfigFactory.parseString("akka.cluster.sharding.number-of-shards = 50")
        .withFallback(NODE);
    ConfigValidation refused = check.check(other, NODE);
    Invalid invalid = assertInstanceOf(Invalid.class, refused);
    assertTrue(invalid.errorMessages().mkString().contains("number-of-shards"),
        invalid.errorMessages().mkString());
  }

  @Test
  void theJoinCheckIsRegisteredWithAkka() {
    assertEquals(ShardingJoinCheck.class.getName(), NODE.getString(
        "akka.cluster.configuration-compatibility-check.checkers.gambit-sharding"));
  }

  @Test
  void aGracefulStopFitsTheGracePeriodGivenInTheDeployFiles() {
    Config phases = NODE.getConfig("akka.coordinated-shutdown.phases");
    Duration defaultTimeout = NODE.getDuration("akka.coordinated-shutdown.default-phase-timeout");
    Duration worst = Duration.ZERO;
    for (String phase : phases.root().keySet()) {
      Config config = phases.getConfig(phase);
      boolean enabled = !config.hasPath("enabled") || config.getBoolean("enabled");
      if (enabled) {
        worst = worst.plus(config.hasPath("timeout")
            ? config.getDuration("timeout") : defaultTimeout);
      }
    }
    assertTrue(worst.compareTo(Duration.ofSeconds(45)) < 0,
        "every phase timing out takes " + worst + "; docker/compose.yml gives 45s");
  }
}
