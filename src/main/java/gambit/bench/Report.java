package gambit.bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Collects the figures of a run and formats the report's tables: write throughput and latency
 * per concurrency level, replay throughput, the ratios a/b, a/c, a/c' and the targets. Figures
 * are formatted with {@link Locale#ROOT} so the report reads the same on every machine.
 * Not thread-safe.
 */
final class Report {

  /** The write ratios a/b and a/c should reach this at the highest concurrency. */
  static final double WRITE_RATIO_TARGET = 0.5;
  /** The plugin should replay at least this many events per second. */
  static final double REPLAY_TARGET = 200_000;

  private final TreeMap<Integer, Map<Series, ClosedLoop.Result>> writes = new TreeMap<>();
  private final Map<Series, ReplayResult> replays = new EnumMap<>(Series.class);

  void addWrite(int writers, Series series, ClosedLoop.Result result) {
    writes.computeIfAbsent(writers, n -> new EnumMap<>(Series.class)).put(series, result);
  }


  void addReplay(Series series, ReplayResult result) {
    replays.put(series, result);
  }

  ClosedLoop.Result write(int writers, Series series) {
    return writes.getOrDefault(writers, Map.of()).get(series);
  }

  ReplayResult replay(Series series) {
    return replays.get(series);
  }

  /** events/s of {@code numerator} over {@code denominator}; empty when either is missing. */
  OptionalDouble writeRatio(int writers, Series numerator, Series denominator) {
    return quotient(writeRate(writers, numerator), writeRate(writers, denominator));
  }

  OptionalDouble replayRatio(Series numerator, Series denominator) {
    return quotient(replayRate(numerator), replayRate(denominator));
  }

  // ---------------------------------------------------------------- tables

  String writeTable() {
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT,
        "%7s  %-27s %9s %7s %7s %7s %8s %5s %6s %5s %7s %7s %7s %6s", "writers", "target",
        "events/s", "p50 ms", "p99 ms", "max ms", "events", "jvm%", "redis%", "gc ms", "jvm us",
        "sys us", "rds us", "cs/ev"));
    writes.forEach((writers, row) -> row.forEach((series, result) ->
        lines.add(writeLine(writers, series, result))));
    return String.join("\n", lines);
  }

  private static String writeLine(int writers, Series series, ClosedLoop.Result result) {
    if (result.failed()) {
      return String.format(Locale.ROOT, "%7d  %-27s FAILED: %s", writers, series.writeLabel(),
          result.failure());
    }
    Histogram latency = result.latencyMicros();
    return String.format(Locale.ROOT, "%7d  %-27s %9.0f %7s %7s %7s %8d %s", writers,
        series.writeLabel(), result.eventsPerSecond(), millis(latency, 50), millis(latency, 99),
        millis(latency, 100), result.events(), usage(result));
  }

  /** CPU shares and CPU microseconds per event of JVM and Redis, "-" where unknown. */
  private static String usage(ClosedLoop.Result result) {
    Usage usage = result.usage();
    if (usage == null) {
      return "";
    }
    long events = result.events();
    return String.format(Locale.ROOT, "%5.0f %6s %5d %7s %7s %7s %6s", usage.jvmCpuPercent(),
        decimals(usage.redisCpuPercent(), 0), usage.gcMillis(),
        decimals(usage.jvmMicrosPerEvent(events), 1),
        decimals(usage.jvmKernelMicrosPerEvent(events), 1),
        decimals(usage.redisMicrosPerEvent(events), 1),
        decimals(usage.contextSwitchesPerEvent(events), 2));
  }

  private static String decimals(double value, int decimals) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  String writeRatioTable() {
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "%7s  %8s %8s %8s", "writers", "a/b", "a/c", "a/c'"));
    for (int writers : writes.keySet()) {
      lines.add(String.format(Locale.ROOT, "%7d  %8s %8s %8s", writers,
          format(writeRatio(writers, Series.PLUGIN, Series.INMEM)),
          format(writeRatio(writers, Series.PLUGIN, Series.RAW_ZADD)),
          format(writeRatio(writers, Series.PLUGIN, Series.RAW_SCRIPT))));
    }
    return String.join("\n", lines);
  }

  String replayTable() {
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "%-28s %10s %9s %7s  %s", "target", "events/s",
        "median s", "jvm us", "rounds s"));
    replays.forEach((series, result) -> lines.add(replayLine(series, result)));
    lines.add(String.format(Locale.ROOT, "ratios: a/b %s   a/c %s",
        format(replayRatio(Series.PLUGIN, Series.INMEM)),
        format(replayRatio(Series.PLUGIN, Series.RAW_ZADD))));
    return String.join("\n", lines);
  }

  private static String replayLine(Series series, ReplayResult result) {
    if (result.failed()) {
      return String.format(Locale.ROOT, "%-28s FAILED: %s", series.replayLabel(),
          result.failure());
    }
    List<String> rounds = new ArrayList<>();
    result.seconds().forEach(s -> rounds.add(String.format(Locale.ROOT, "%.3f", s)));
    double cost = result.medianJvmMicrosPerEvent();
    return String.format(Locale.ROOT, "%-28s %10.0f %9.3f %7s  %s", series.replayLabel(),
        result.eventsPerSecond(), result.medianSeconds(),
        Double.isNaN(cost) ? "-" : String.format(Locale.ROOT, "%.2f", cost),
        String.join(" ", rounds));
  }

  /** One line per target: the figure, the threshold and MET, MISSED or NOT MEASURED. */
  String targets() {
    List<String> lines = new ArrayList<>();
    if (!writes.isEmpty()) {
      int top = writes.lastKey();
      lines.add(target("a/b at " + top + " writers", writeRatio(top, Series.PLUGIN, Series.INMEM),
          WRITE_RATIO_TARGET));
      lines.add(target("a/c at " + top + " writers",
          writeRatio(top, Series.PLUGIN, Series.RAW_ZADD), WRITE_RATIO_TARGET));
      lines.add(target("a/c' at " + top + " writers",
          writeRatio(top, Series.PLUGIN, Series.RAW_SCRIPT), WRITE_RATIO_TARGET));
    }
    ReplayResult plugin = replays.get(Series.PLUGIN);
    lines.add(target("plugin replay events/s",
        plugin == null || plugin.failed() ? OptionalDouble.empty()
            : OptionalDouble.of(plugin.eventsPerSecond()),
        REPLAY_TARGET));
    return String.join("\n", lines);
  }

  static String target(String what, OptionalDouble value, double threshold) {
    return target(what, value, ">=", threshold);
  }

  /** Like {@link #target(String, OptionalDouble, double)} for a figure that must stay low. */
  static String targetAtMost(String what, OptionalDouble value, double threshold) {
    return target(what, value, "<=", threshold);
  }

  private static String target(String what, OptionalDouble value, String relation,
      double threshold) {
    String figure = value.isPresent() ? formatNumber(value.getAsDouble()) : "-";
    boolean met = value.isPresent() && (relation.equals(">=")
        ? value.getAsDouble() >= threshold : value.getAsDouble() <= threshold);
    String verdict = value.isEmpty() ? "NOT MEASURED" : met ? "MET" : "MISSED";
    return String.format(Locale.ROOT, "%-28s %10s  (target %s %s)  %s", what, figure,
        relation, formatNumber(threshold), verdict);
  }

  // ---------------------------------------------------------------- formatting helpers

  /** A latency percentile of a microsecond histogram, in milliseconds with 2 decimals. */
  static String millis(Histogram micros, double percentile) {
    if (micros.getTotalCount() == 0) {
      return "-";
    }
    long value = percentile >= 100 ? micros.getMaxValue() : micros.getValueAtPercentile(percentile);
    return String.format(Locale.ROOT, "%.2f", value / 1000.0);
  }

  /** A ratio with 2 decimals, or "-" when it could not be computed. */
  static String format(OptionalDouble ratio) {
    return ratio.isPresent() ? String.format(Locale.ROOT, "%.2f", ratio.getAsDouble()) : "-";
  }

  static OptionalDouble quotient(OptionalDouble numerator, OptionalDouble denominator) {
    if (numerator.isEmpty() || denominator.isEmpty() || denominator.getAsDouble() <= 0) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(numerator.getAsDouble() / denominator.getAsDouble());
  }

  private static String formatNumber(double value) {
    return value >= 1000 ? String.format(Locale.ROOT, "%.0f", value)
        : String.format(Locale.ROOT, "%.2f", value);
  }

  private OptionalDouble writeRate(int writers, Series series) {
    ClosedLoop.Result result = write(writers, series);
    return result == null || result.failed() ? OptionalDouble.empty()
        : OptionalDouble.of(result.eventsPerSecond());
  }

  private OptionalDouble replayRate(Series series) {
    ReplayResult result = replays.get(series);
    return result == null || result.failed() ? OptionalDouble.empty()
        : OptionalDouble.of(result.eventsPerSecond());
  }
}
