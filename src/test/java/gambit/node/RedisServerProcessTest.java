package gambit.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gambit.testing.FreePorts;
import gambit.testing.TestRedis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RedisServerProcessTest {

  @Test
  void refusesAPortThatAnotherRedisAlreadyAnswersOn() throws IOException {
    try (RedisServerProcess first = TestRedis.start(Map.of())) {
      Path otherDir = Files.createTempDirectory(Path.of("target"), "redis-clash-");
      IllegalStateException error = assertThrows(IllegalStateException.class,
          () -> RedisServerProcess.start(TestRedis.binary().path(), "127.0.0.1", first.port(),
              otherDir, Map.of()));
      assertTrue(error.getMessage().contains("already used by another Redis (pid "
          + first.pid() + ")"), error.getMessage());
      assertTrue(first.isAlive());
    }
  }

  @Test
  void keepsItsDataInAFolderWhosePathHasSpaces() throws IOException {
    Path dir = Files.createTempDirectory(Path.of("target"), "redis with spaces ");
    int port = FreePorts.next();
    try (RedisServerProcess server = RedisServerProcess.start(TestRedis.binary().path(),
        "127.0.0.1", port, dir, Map.of())) {
      assertTrue(server.isAlive());
    }
    assertTrue(Files.exists(dir.resolve("redis.log")), "redis.log in " + dir);
  }

  @Test
  void runsInASessionOfItsOwnSoATerminalCtrlCDoesNotReachIt() throws IOException {
    try (RedisServerProcess server = TestRedis.start(Map.of())) {
      Optional<String> sessionLeader = ProcessHandle.of(server.pid())
          .flatMap(handle -> handle.info().command());
      assertTrue(sessionLeader.isPresent());
      String stat = Files.readString(Path.of("/proc/" + server.pid() + "/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long sessionId = Long.parseLong(fields[3]);
      assertEquals(server.pid(), sessionId, "redis-server must lead its own session");
      assertFalse(sessionLeader.get().endsWith("setsid"), sessionLeader.get());
    }
  }
}
