package gambit.persistence.redis;

import static gambit.persistence.redis.RedisConnectorTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gambit.node.RedisServerProcess;
import gambit.testing.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import io.lettuce.core.sentinel.api.sync.RedisSentinelCommands;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The connector through a real Redis Sentinel ({@code redis-server --sentinel} with a config file
 * of its own): it finds the master by name, authenticates at the master with the URI's password,
 * and follows a failover to the promoted replica.
 */
class RedisSentinelConnectorTest {

  private static final String MASTER = "mymaster";

  @Test
  void connectsThroughSentinelToTheMasterItMonitors() {
    try (RedisServerProcess master = TestRedis.start(Map.of());
        RedisServerProcess sentinel = TestRedis.startSentinel(MASTER, master, null);
        RedisConnector<byte[], byte[]> connector = RedisConnector.connect(TestSettings.forUri(
            "redis-sentinel://127.0.0.1:" + sentinel.port() + "#" + MASTER))) {
      await(connector.commands().set(bytes("through-sentinel"), bytes("yes")));

      assertEquals("yes", get(master, null, "through-sentinel"));
    }
  }

  @Test
  void passwordInTheUriAuthenticatesAtTheMaster() {
    String password = "sentinel-test-pw";
    try (RedisServerProcess master = TestRedis.start(Map.of("requirepass", password));
        RedisServerProcess sentinel = TestRedis.startSentinel(MASTER, master, password);
        RedisConnector<byte[], byte[]> connector = RedisConnector.connect(TestSettings.forUri(
            "redis-sentinel://:" + password + "@127.0.0.1:" + sentinel.port() + "#" + MASTER))) {
      await(connector.commands().set(bytes("authenticated"), bytes("yes")));

      assertEquals("yes", get(master, password, "authenticated"));
    }
  }

  @Test
  void unknownMasterNameFailsAtConnectNamingTheSentinel() {
    try (RedisServerProcess master = TestRedis.start(Map.of());
        RedisServerProcess sentinel = TestRedis.startSentinel(MASTER, master, null)) {
      String uri = "redis-sentinel://127.0.0.1:" + sentinel.port() + "#no-such-master";

      RedisConnectionException error = assertThrows(RedisConnectionException.class,
          () -> RedisConnector.connect(TestSettings.forUri(uri)));

      assertTrue(error.getMessage().contains(uri), error.getMessage());
    }
  }

  @Test
  void followsAFailoverToThePromotedReplica() {
    try (RedisServerProcess master = TestRedis.start(Map.of());
        RedisServerProcess replica =
            TestRedis.start(Map.of("replicaof", master.host() + " " + master.port()));
        RedisServerProcess sentinel = TestRedis.startSentinel(MASTER, master, null);
        SentinelAdmin admin = new SentinelAdmin(sentinel);
        RedisConnector<byte[], byte[]> connector = RedisConnector.connect(TestSettings.forUri(
            "redis-sentinel://127.0.0.1:" + sentinel.port() + "#" + MASTER))) {
      await(connector.commands().set(bytes("before-failover"), bytes("written")));
      poll("Sentinel to see the replica in sync", Duration.ofSeconds(20),
          () -> admin.replicaInSync(replica.port()));

      assertEquals("OK", admin.commands().failover(MASTER));
      poll("Sentinel to name the replica as master", Duration.ofSeconds(20),
          () -> admin.masterPort() == replica.port());

      poll("a write through the connector to reach the new master", Duration.ofSeconds(30),
          () -> writesReach(connector, replica));
      assertEquals("written", get(replica, null, "before-failover"));
    }
  }

  // ---------------------------------------------------------------- helpers

  /** Writes a fresh value through the connector and tells whether it landed on {@code node}. */
  private static boolean writesReach(RedisConnector<byte[], byte[]> connector, RedisServerProcess node) {
    String value = Long.toString(System.nanoTime());
    try {
      await(connector.commands().set(bytes("after-failover"), bytes(value)));
    } catch (CompletionException e) {
      return false;
    }
    return value.equals(get(node, null, "after-failover"));
  }

  private static String get(RedisServerProcess node, String password, String key) {
    RedisURI uri = RedisURI.create(node.uri());
    if (password != null) {
      uri.setPassword(password.toCharArray());
    }
    RedisClient client = RedisClient.create(uri);
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      return connection.sync().get(key);
    } finally {
      client.shutdown();
    }
  }

  private static void poll(String what, Duration patience, BooleanSupplier condition) {
    long deadline = System.nanoTime() + patience.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waited " + patience + " for " + what);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what);
      }
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** A direct connection to the Sentinel's own command set. */
  private static final class SentinelAdmin implements AutoCloseable {
    private final RedisClient client;
    private final StatefulRedisSentinelConnection<String, String> connection;

    SentinelAdmin(RedisServerProcess sentinel) {
      client = RedisClient.create();
      connection = client.connectSentinel(RedisURI.create(sentinel.uri()));
    }

    RedisSentinelCommands<String, String> commands() {
      return connection.sync();
    }

    int masterPort() {
      return ((InetSocketAddress) commands().getMasterAddrByName(MASTER)).getPort();
    }

    boolean replicaInSync(int port) {
      List<Map<String, String>> replicas = commands().replicas(MASTER);
      return replicas.stream().anyMatch(r -> r.get("port").equals(Integer.toString(port))
          && r.get("flags").equals("slave") && "ok".equals(r.get("master-link-status")));
    }

    @Override
    public void close() {
      connection.close();
      client.shutdown();
    }
  }
}
