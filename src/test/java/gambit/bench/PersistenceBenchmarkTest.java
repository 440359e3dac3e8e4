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
  void aTinyRunMeasuresThePluginAndEveryReferenceWithNonzeroCounts() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    BenchOptions options = BenchOptions.parse(
        "--redis-uri", TestRedis.shared().uri(),
        "--writers", "3", "--warmup", "0ms", "--duration", "200ms",
        "--replay-events", "500", "--replay-rounds", "1", "--fill-batch", "100",
        "--read-chunk", "64");

    Report report = PersistenceBenchmark.run(options,
        new PrintStream(printed, true, StandardCharsets.UTF_8), new PrintStream(
            new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    String text = printed.toString(StandardCharsets.UTF_8);
    for (Series series : Series.values()) {
      ClosedLoop.Result result = report.write(3, series);
      assertFalse(result.failed(), series + ": " + result.failure());
      assertTrue(result.events() > 0, series + " counted no events");
    }
    for (Series series : new Series[] {Series.PLUGIN, Series.INMEM, Series.RAW_ZADD}) {
      ReplayResult replay = report.replay(series);
      assertFalse(replay.failed(), series + ": " + replay.failure());
      assertEquals(500, replay.events(), series + " replayed");
    }
    assertTrue(text.contains("stored per event: plugin 2"), text);
    assertTrue(text.contains("WRITE RATIOS") && text.contains("REPLAY"), text);
    assertTrue(text.contains("appendfsync="), text);
  }
}
