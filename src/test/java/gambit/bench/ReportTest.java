package gambit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalDouble;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ReportTest {

  @Test
  void formatsLatencyPercentilesInMillisecondsFromMicroseconds() {
    Histogram micros = new Histogram(ClosedLoop.MAX_LATENCY_MICROS, 3);
    micros.recordValueWithCount(1000, 98);
    micros.recordValue(1500);
    micros.recordValue(2000);

    assertEquals("1.00", Report.millis(micros, 50));
    assertEquals("1.50", Report.millis(micros, 99));
    assertEquals("2.00", Report.millis(micros, 100));
    assertEquals("-", Report.millis(new Histogram(3), 50));
  }

  @Test
  void writeRatiosDivideEventRatesOfTheSameConcurrency() {
    Report report = new Report();
    report.addWrite(16, Series.PLUGIN, result(3_000, 2.0));
    report.addWrite(16, Series.INMEM, result(12_000, 2.0));
    report.addWrite(16, Series.RAW_ZADD, result(4_000, 1.0));

    assertEquals(0.25, report.writeRatio(16, Series.PLUGIN, Series.INMEM).getAsDouble(), 1e-9);
    assertEquals(0.375, report.writeRatio(16, Series.PLUGIN, Series.RAW_ZADD).getAsDouble(),
        1e-9);
    assertTrue(report.writeRatio(16, Series.PLUGIN, Series.RAW_SCRIPT).isEmpty());
    assertTrue(report.writeRatioTable().contains("0.25"), report.writeRatioTable());
  }

  @Test
  void aFailedRunHasNoRatioAndSaysWhyInTheTable() {
    Report report = new Report();
    report.addWrite(1, Series.PLUGIN, new ClosedLoop.Result(
        new Histogram(ClosedLoop.MAX_LATENCY_MICROS, 3), 1.0, "TimeoutException: ask timed out"));
    report.addWrite(1, Series.INMEM, result(100, 1.0));

    assertTrue(report.writeRatio(1, Series.PLUGIN, Series.INMEM).isEmpty());
    assertTrue(report.writeTable().contains("FAILED: TimeoutException: ask timed out"));
  }

  @Test
  void replayRateUsesTheMedianRound() {
    ReplayResult replay = new ReplayResult(100_000, List.of(0.9, 0.5, 0.4), null);

    assertEquals(0.5, replay.medianSeconds(), 1e-9);
    assertEquals(200_000, replay.eventsPerSecond(), 1e-6);
  }

  @Test
  void replayTableShowsTheMedianCpuCostPerEventOrADashWithoutIt() {
    Report report = new Report();
    report.addReplay(Series.PLUGIN, new ReplayResult(100_000, List.of(0.9, 0.5, 0.4),
        List.of(7.0, 3.25, 4.0), null));
    report.addReplay(Series.RAW_ZADD, new ReplayResult(100_000, List.of(0.2), null));

    String[] lines = report.replayTable().split("\n");
    assertTrue(lines[0].contains("jvm us"), lines[0]);
    assertTrue(lines[1].matches(".*\\s4\\.00\\s+0\\.900 0\\.500 0\\.400$"), lines[1]);
    assertTrue(lines[2].matches(".*\\s-\\s+0\\.200$"), lines[2]);
  }

  @Test
  void targetsSayMetMissedOrNotMeasured() {
    assertTrue(Report.target("x", OptionalDouble.of(0.5), 0.5).endsWith("MET"));
    assertTrue(Report.target("x", OptionalDouble.of(0.49), 0.5).endsWith("MISSED"));
    assertTrue(Report.target("x", OptionalDouble.empty(), 0.5).endsWith("NOT MEASURED"));
    assertEquals("-", Report.format(Report.quotient(OptionalDouble.of(1), OptionalDouble.of(0))));
  }

  private static ClosedLoop.Result result(long events, double seconds) {
    Histogram micros = new Histogram(ClosedLoop.MAX_LATENCY_MICROS, 3);
    micros.recordValueWithCount(500, events);
    return new ClosedLoop.Result(micros, seconds, null);
  }
}
