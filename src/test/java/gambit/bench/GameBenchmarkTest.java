package gambit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gambit.testing.TestRedis;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GameBenchmarkTest {

  @Test
  void aTinyRunPlaysMovesRecoversAGameAndWeighsStartedGames() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    GameBenchOptions options = GameBenchOptions.parse(
        "--redis-uri", TestRedis.shared().uri(),
        "--games", "3", "--warmup", "0ms", "--duration", "1s", "--game-plies", "6",
        "--active-games", "300", "--recovery-plies", "30", "--recoveries", "5");

    GameBenchmark.Results results = GameBenchmark.run(options,
        new PrintStream(printed, true, StandardCharsets.UTF_8), new PrintStream(
            new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    String text = printed.toString(StandardCharsets.UTF_8);
    ClosedLoop.Result moves = results.moves.get(3);
    assertFalse(moves.failed(), moves.failure());
    assertTrue(moves.events() > 6, "a run of six-ply games went on to new games: " + text);
    assertEquals(5, results.withSnapshots.micros().getTotalCount());
    assertEquals(5, results.withoutSnapshots.micros().getTotalCount());
    assertEquals(300, results.memory.entitiesAfter() - results.memory.entitiesBefore(), text);
    assertTrue(results.memory.bytesPerGame() > 0, text);
    assertTrue(text.contains("MOVES, 3 games") && text.contains("RECOVERY of a 30-ply game")
        && text.contains("MEMORY: 300 games") && text.contains("TARGETS"), text);
  }
}
