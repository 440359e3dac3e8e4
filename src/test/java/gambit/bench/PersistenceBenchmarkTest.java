package gambit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gambit.testing.TestRedis;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PersistenceBenchmarkTest {

  @Test
  void aTinyRunMeasuresEveryTargetAndReportsNonzeroCounts() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    BenchOptions options = BenchOptions.parse(
        "--redis-uri", TestRedis.shared().uri(),
        "--writers", "1,4", "--warmup", "0ms", "--duration", "200ms",
        "--replay-events", "500", "--replay-rounds", "1", "--fill-batch", "100",
        "--read-chunk", "64", "--targets", "inmem,raw");

    Report report = PersistenceBenchmark.run(options,
        new PrintStream(printed, true, StandardCharsets.UTF_8), new PrintStream(
            new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    String text = printed.toString(StandardCharsets.UTF_8);
    for (Series series : new Series[] {Series.INMEM, Series.RAW_ZADD, Series.RAW_LUA}) {
      for (int writers : new int[] {1, 4}) {
        ClosedLoop.Result result = report.write(writers, series);
        assertFalse(result.failed(), series + " x" + writers + ": " + result.failure());
        assertTrue(result.events() > 0, series + " x" + writers + " counted no events");
      }
    }
    assertEquals(500, report.replay(Series.INMEM).events());
    assertFalse(report.replay(Series.INMEM).failed(), report.replay(Series.INMEM).failure());
    assertFalse(report.replay(Series.RAW_ZADD).failed(), report.replay(Series.RAW_ZADD).failure());
    assertTrue(text.contains("WRITE RATIOS") && text.contains("REPLAY"), text);
    assertTrue(text.contains("appendfsync="), text);
  }
}
