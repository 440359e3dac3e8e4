package gambit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gambit.bench.BenchOptions.Target;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

  @Test
  void defaultsMeasureEveryTargetAtOneSixteenAndTwoHundredFiftySixWriters() {
    BenchOptions options = BenchOptions.parse();

    assertEquals(List.of(1, 16, 256), options.writers());
    assertEquals(Set.of(Target.PLUGIN, Target.INMEM, Target.RAW), options.targets());
    assertEquals(100_000, options.replayEvents());
    assertEquals(null, options.redisUri());
  }

  @Test
  void optionsOverrideTheDefaults() {
    BenchOptions options = BenchOptions.parse("--writers", "2,8", "--warmup", "500ms",
        "--duration", "1m", "--payload-bytes", "64", "--targets", "inmem,raw",
        "--redis-uri", "redis://127.0.0.1:7000", "--replay-events", "10_000");

    assertEquals(List.of(2, 8), options.writers());
    assertEquals(Duration.ofMillis(500), options.warmup());
    assertEquals(Duration.ofMinutes(1), options.measured());
    assertEquals(64, options.payloadBytes());
    assertEquals(Set.of(Target.INMEM, Target.RAW), options.targets());
    assertEquals("redis://127.0.0.1:7000", options.redisUri());
    assertEquals(10_000, options.replayEvents());
  }

  @Test
  void aBadOptionIsRejectedWithItsName() {
    assertMessage("unknown option --speed", "--speed", "3");
    assertMessage("--duration soon", "--duration", "soon");
    assertMessage("--writers [0]", "--writers", "0");
    assertMessage("--targets", "--targets", "mongo");
    assertMessage("--warmup needs a value", "--warmup");
  }

  private static void assertMessage(String expected, String... args) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(args));
    assertTrue(e.getMessage().startsWith(expected), e.getMessage());
  }
}
