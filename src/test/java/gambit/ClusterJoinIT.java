package gambit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gambit.testing.FreePorts;
import gambit.testing.LocalCluster;
import gambit.testing.NodeProcess;
import gambit.testing.TestRedis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The other ways into a cluster, on real node processes: cluster bootstrap through
 * akka-management (what orchestrated deploys use instead of SEED_NODES), the join check that
 * keeps a node with another sharding layout out, and giving up when no seed node answers.
 */
@Tag("cluster")
class ClusterJoinIT {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  @Test
  void nodesFormOneClusterThroughBootstrapAndANodeWithAnotherShardLayoutIsRefused()
      throws Exception {
    try (LocalCluster cluster = LocalCluster.start(2, LocalCluster.JoinMethod.BOOTSTRAP,
        Map.of())) {
      Duration formed = cluster.awaitUp(2, START_TIMEOUT);
      System.out.printf("BOOTSTRAP cluster of 2 formed in %d ms%n", formed.toMillis());
      String firstLog = cluster.node(0).logText() + cluster.node(1).logText();
      assertTrue(firstLog.contains("CLUSTER_BOOTSTRAP=on"), firstLog);
      assertTrue(firstLog.contains("Initiating new cluster, self-joining"), firstLog);

      // A graceful leave first: with two members, a crashed one would be a tie for the
      // resolver, which keeps the side with the lower address, maybe the crashed one's.

      cluster.terminate(1);
      assertEquals(Optional.of(Main.EXIT_STOPPED),
          cluster.node(1).awaitExit(Duration.ofSeconds(30)), cluster.describe());
      cluster.awaitUp(1, START_TIMEOUT);
      cluster.restart(1, Map.of("JAVA_TOOL_OPTIONS",
          "-Dakka.cluster.sharding.number-of-shards=50"));
      assertEquals(Optional.of(Main.EXIT_REMOVED),
          cluster.node(1).awaitExit(Duration.ofSeconds(90)), cluster.describe());
      String refused = cluster.node(1).logText();
      assertTrue(refused.contains("akka.cluster.sharding.number-of-shards"), refused);
      assertTrue(refused.contains("IncompatibleConfigurationDetectedReason"), refused);
      assertEquals(1, cluster.view(0).orElseThrow().members().size(), cluster.describe());

      cluster.restart(1);
      cluster.awaitUp(2, START_TIMEOUT);
    }
  }

  @Test
  void aNodeWhoseSeedNodesNeverAnswerGivesUpAndExitsForItsSupervisorToRetry() throws Exception {
    Path work = Files.createTempDirectory(
        Files.createDirectories(Path.of("target", "local-cluster")), "lonely-");
    int deadSeed = FreePorts.next();
    try (NodeProcess node = NodeProcess.start(work, Map.of(
        "SEED_NODES", "127.0.0.1:" + deadSeed,
        "REDIS_URI", TestRedis.shared().uri(),
        "JWT_SECRET", "a-shared-secret-of-at-least-thirty-two-bytes",
        "CLUSTER_JOIN_TIMEOUT", "5s"))) {
      assertEquals(Optional.of(Main.EXIT_REMOVED), node.awaitExit(Duration.ofSeconds(60)),
          node.logText());
      assertTrue(node.logText().contains("ClusterJoinUnsuccessfulReason"), node.logText());
    }
  }
}
