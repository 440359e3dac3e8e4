package gambit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gambit.testing.NodeProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Redis a node starts for itself, when the node dies hard: the next start must not run a
 * second server on the same files.
 */
class OwnRedisIT {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  @Test
  void aNodeRestartedAfterSigkillStopsTheRedisItsPredecessorLeftBehind() throws Exception {
    Path work = Files.createTempDirectory(Path.of("target"), "own-redis-");
    Path pidFile = work.resolve("data/redis/redis.pid");

    long leftoverPid;
    try (NodeProcess node = NodeProcess.start(work, Map.of())) {
      node.awaitReady(READY_TIMEOUT);
      leftoverPid = Long.parseLong(Files.readString(pidFile).trim());
      node.kill();
      node.awaitExit(Duration.ofSeconds(15));
    }
    assertTrue(ProcessHandle.of(leftoverPid).map(ProcessHandle::isAlive).orElse(false),
        "redis-server outlives a SIGKILLed node (it runs in a session of its own)");

    try (NodeProcess again = NodeProcess.start(work, Map.of())) {
      again.awaitReady(READY_TIMEOUT);
      again.awaitLog(Pattern.compile("A redis-server \\(pid " + leftoverPid + "\\) left by a node"
          + " that died"), Duration.ofSeconds(5));
      assertFalse(ProcessHandle.of(leftoverPid).map(ProcessHandle::isAlive).orElse(false));
      long newPid = Long.parseLong(Files.readString(pidFile).trim());
      assertNotEquals(leftoverPid, newPid);

      again.terminate();
      assertEquals(Optional.of(0), again.awaitExit(Duration.ofSeconds(20)), again.logText());
      assertFalse(ProcessHandle.of(newPid).map(ProcessHandle::isAlive).orElse(false),
          "a node stopped with SIGTERM stops its Redis");
    }
  }

  @Test
  void aNodeWhoseOwnRedisDiesStopsWithExitCode1AndSaysWhy() throws Exception {
    Path work = Files.createTempDirectory(Path.of("target"), "own-redis-");
    try (NodeProcess node = NodeProcess.start(work, Map.of())) {
      node.awaitReady(READY_TIMEOUT);
      long redisPid = Long.parseLong(Files.readString(work.resolve("data/redis/redis.pid")).trim());
      ProcessHandle.of(redisPid).ifPresent(ProcessHandle::destroyForcibly);

      assertEquals(Optional.of(1), node.awaitExit(Duration.ofSeconds(30)), node.logText());
      assertTrue(node.logText().contains("own Redis exited unexpectedly"), node.logText());
    }
  }

  @Test
  void sigtermDuringStartUpExitsZeroAndLeavesNoRedisBehind() throws Exception {
    Path work = Files.createTempDirectory(Path.of("target"), "own-redis-");
    Path pidFile = work.resolve("data/redis/redis.pid");
    try (NodeProcess node = NodeProcess.start(work, Map.of())) {
      node.awaitLog(Pattern.compile("Started own Redis"), READY_TIMEOUT);
      long redisPid = Long.parseLong(Files.readString(pidFile).trim());
      node.terminate();

      assertEquals(Optional.of(0), node.awaitExit(Duration.ofSeconds(30)), node.logText());
      assertFalse(ProcessHandle.of(redisPid).map(ProcessHandle::isAlive).orElse(false),
          "the own Redis stops with the node");
    }
  }
}
