package gambit.persistence.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gambit.testing.TestRedisCluster;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The connector and {@link LuaScript} on a real three-master Redis Cluster: a script over several
 * keys of one persistence id must run on the node that owns their common slot, whatever the id
 * contains, and must survive the nodes forgetting their script caches.
 */
class RedisClusterConnectorTest {

  private static final String WRITE_ALL_SOURCE = """
      for i, key in ipairs(KEYS) do redis.call('SET', key, ARGV[1]) end
      return redis.call('GET', KEYS[1])
      """;

  private static TestRedisCluster cluster;
  private static RedisConnector<byte[], byte[]> connector;

  @BeforeAll
  static void startCluster() {
    cluster = TestRedisCluster.start();
    connector = RedisConnector.connect(TestSettings.forUri(cluster.uri()));
  }

  @AfterAll
  static void stopCluster() {
    if (connector != null) {
      connector.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void scriptOverOneIdsKeysRunsOnTheNodeOwningTheirSlotForAnyId() {
    KeySpace keys = new KeySpace("routing");
    LuaScript script = LuaScript.of("write-all", WRITE_ALL_SOURCE);
    List<String> ids = ids();

    Set<Integer> nodesUsed = new HashSet<>();
    for (String id : ids) {
      byte[] returned = run(script, keysOf(keys, id), id);
      assertEquals(id, utf8(returned), "script result for id " + id);
      nodesUsed.add(assertStoredOnlyOnOwner(keysOf(keys, id), id));
    }

    assertEquals(Set.of(0, 1, 2), nodesUsed, "the ids should spread over every master");
  }

  @Test
  void idsThatDifferOnlyInEscapedCharactersGetDistinctKeys() {
    KeySpace keys = new KeySpace("distinct");
    Set<String> eventKeys = new HashSet<>();
    for (String id : ids()) {
      assertTrue(eventKeys.add(utf8(keys.events(id))), "two ids share the key of " + id);
    }
  }

  @Test
  void scriptIsRunAgainWithEvalAfterEveryNodeFlushedItsScriptCache() throws Exception {
    KeySpace keys = new KeySpace("noscript");
    String source = WRITE_ALL_SOURCE + "-- noscript test\n";
    LuaScript script = LuaScript.of("noscript", source);
    String sha = sha1(source);
    List<String> oneIdPerNode = oneIdPerNode(keys);

    oneIdPerNode.forEach(id -> run(script, keysOf(keys, id), id));
    assertScriptCachedOnEveryNode(sha, true);

    for (int i = 0; i < 3; i++) {
      cluster.node(i).scriptFlush();
    }
    assertScriptCachedOnEveryNode(sha, false);

    for (String id : oneIdPerNode) {
      assertEquals(id + "-again", utf8(run(script, keysOf(keys, id), id + "-again")));
    }
    assertScriptCachedOnEveryNode(sha, true);
  }

  @Test
  void scriptErrorFailsTheStageWithRedisMessage() {
    LuaScript broken = LuaScript.of("broken", "return redis.call('NO-SUCH-COMMAND')");

    CompletionException error = assertThrows(CompletionException.class,
        () -> run(broken, keysOf(new KeySpace("broken"), "x"), "v"));

    assertTrue(error.getCause() instanceof RedisCommandExecutionException, error.toString());
    assertTrue(error.getCause().getMessage().contains("Unknown Redis command"),
        error.getCause().getMessage());
  }

  // ---------------------------------------------------------------- helpers

  /** Plain ids that spread over the slots, and ids full of characters that could break a tag. */
  private static List<String> ids() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      ids.add("entity-" + i);
    }
    ids.addAll(List.of("{", "}", "{}", "}{", "a{b}c", "{tag}rest", "x{y", "y}x", "%", "%7B",
        "%7D", "%25", "100%{", "a:b:c", ":", "j:{x}:events", "über", "日本語", "🎲",
        "id with spaces", "tab\there", "emoji{🎲}", "Game|white/black#1"));
    return ids;
  }

  private static byte[][] keysOf(KeySpace keys, String id) {
    return new byte[][] {
        keys.events(id), keys.highestSequenceNr(id), keys.snapshotIndex(id), keys.snapshotData(id)};
  }

  private static byte[] run(LuaScript script, byte[][] keys, String value) {
    return script.<byte[]>run(connector.commands(), ScriptOutputType.VALUE, keys, bytes(value))
        .toCompletableFuture()
        .orTimeout(10, TimeUnit.SECONDS)
        .join();
  }

  /**
   * Asks the servers themselves (not the client's slot table) where each key went: all keys must
   * be in one slot, held by the node the cluster assigned that slot to, and nowhere else.
   */
  private static int assertStoredOnlyOnOwner(byte[][] keys, String value) {
    RedisCommands<String, String> any = cluster.node(0);
    int slot = Math.toIntExact(any.clusterKeyslot(utf8(keys[0])));
    int owner = cluster.nodeOfSlot(slot);
    for (byte[] rawKey : keys) {
      String key = utf8(rawKey);
      assertEquals(slot, any.clusterKeyslot(key), "slot of " + key);
      assertEquals(value, cluster.node(owner).get(key), "value of " + key + " on its owner");
      for (int other = 0; other < 3; other++) {
        if (other != owner) {
          RedisCommands<String, String> node = cluster.node(other);
          RedisCommandExecutionException moved =
              assertThrows(RedisCommandExecutionException.class, () -> node.get(key));
          assertTrue(moved.getMessage().startsWith("MOVED " + slot), moved.getMessage());
        }
      }
    }
    return owner;
  }

  private static List<String> oneIdPerNode(KeySpace keys) {
    List<String> chosen = new ArrayList<>(List.of("", "", ""));
    for (int i = 0; chosen.contains(""); i++) {
      String id = "noscript-" + i;
      int slot = Math.toIntExact(cluster.node(0).clusterKeyslot(utf8(keys.events(id))));
      chosen.set(cluster.nodeOfSlot(slot), id);
    }
    return chosen;
  }

  private static void assertScriptCachedOnEveryNode(String sha, boolean expected) {
    for (int i = 0; i < 3; i++) {
      List<Boolean> exists = cluster.node(i).scriptExists(sha);
      assertEquals(List.of(expected), exists, "SCRIPT EXISTS on node " + i);
    }
  }

  private static String sha1(String source) throws Exception {
    byte[] digest = MessageDigest.getInstance("SHA-1").digest(bytes(source));
    return HexFormat.of().formatHex(digest);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
