package gambit.bench;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The benchmark's settings, from its command line. A bad option fails with a message naming
 * it; {@link #USAGE} lists them all.
 *
 * @param redisUri an existing Redis to use, or null to start a redis-server of our own
 * @param writers the concurrency levels of the write runs (entities or raw writers)
 * @param warmup how long each write run goes before it is measured
 * @param measured how long each write run is measured
 * @param payloadBytes the serialized size of one event
 * @param replayEvents how many events of one persistence id are replayed
 * @param replayRounds how many times each replay is measured (the median is reported)
 * @param fillBatch events per atomic write when storing the events to replay
 * @param readChunk events per ZRANGEBYSCORE in the raw replay; 0 = the journal's
 *     {@code replay-chunk-size}
 * @param targets which targets run
 */
record BenchOptions(
    String redisUri,
    List<Integer> writers,
    Duration warmup,
    Duration measured,
    int payloadBytes,
    int replayEvents,
    int replayRounds,
    int fillBatch,
    int readChunk,
    Set<Target> targets) {

  /** What is measured. */
  enum Target {
    /** (a) our Redis journal, akka-persistence-redis.journal. */
    PLUGIN,
    /** (b) Akka's in-memory journal. */
    INMEM,
    /** (c) Lettuce commands without Akka. */
    RAW
  }

  static final String USAGE = """
      usage: java -cp gambit.jar gambit.bench.PersistenceBenchmark [options]
        --redis-uri URI        use this Redis (redis://host:port); its keys under the run's
                               prefix are deleted at the end. Default: start our own
                               redis-server (appendonly yes, appendfsync everysec)
        --writers 1,16,256     concurrent writers per write run
        --warmup 3s            warm-up of every write run (ms, s, m)
        --duration 5s          measured time of every write run
        --payload-bytes 150    serialized size of one event
        --replay-events 100000 events of the one persistence id that is replayed
        --replay-rounds 3      measured replays per target (the median is reported)
        --fill-batch 1000      events per atomic write when storing the events to replay
        --read-chunk N         events per ZRANGEBYSCORE in the raw replay; default: the
                               journal's replay-chunk-size
        --targets plugin,inmem,raw
                               what to run: plugin = our Redis journal, inmem = Akka's
                               in-memory journal, raw = Lettuce without Akka
        --help                 this text
      """;

  BenchOptions {
    writers = List.copyOf(writers);
    targets = targets.isEmpty() ? Set.of() : EnumSet.copyOf(targets);
    requireThat(!writers.isEmpty() && writers.stream().allMatch(n -> n > 0), "--writers",
        writers, "one or more positive numbers");
    requireThat(!warmup.isNegative(), "--warmup", warmup, "a duration >= 0");
    requireThat(!measured.isNegative() && !measured.isZero(), "--duration", measured,
        "a positive duration");
    requireThat(payloadBytes > 0, "--payload-bytes", payloadBytes, "a positive number");
    requireThat(replayEvents > 0, "--replay-events", replayEvents, "a positive number");
    requireThat(replayRounds > 0, "--replay-rounds", replayRounds, "a positive number");
    requireThat(fillBatch > 0, "--fill-batch", fillBatch, "a positive number");
    requireThat(readChunk >= 0, "--read-chunk", readChunk, "a positive number (0: the journal's)");
    requireThat(!targets.isEmpty(), "--targets", targets, "one or more of plugin, inmem, raw");
  }

  /** The defaults: they finish in about two and a half minutes on two cores. */
  static BenchOptions defaults() {
    return new BenchOptions(null, List.of(1, 16, 256), Duration.ofSeconds(3),
        Duration.ofSeconds(5), 150, 100_000, 3, 1000, 0, EnumSet.allOf(Target.class));
  }

  /**
   * Parses {@code --name value} pairs over the defaults.
   *
   * @throws IllegalArgumentException naming the option when one is unknown or malformed
   */
  static BenchOptions parse(String... args) {
    BenchOptions options = defaults();
    for (int i = 0; i < args.length; i += 2) {
      String name = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(name + " needs a value");
      }
      options = options.with(name, args[i + 1]);
    }
    return options;
  }

  private BenchOptions with(String name, String value) {
    return switch (name) {
      case "--redis-uri" -> new BenchOptions(value, writers, warmup, measured, payloadBytes,
          replayEvents, replayRounds, fillBatch, readChunk, targets);
      case "--writers" -> new BenchOptions(redisUri, intList(name, value), warmup, measured,
          payloadBytes, replayEvents, replayRounds, fillBatch, readChunk, targets);
      case "--warmup" -> new BenchOptions(redisUri, writers, duration(name, value), measured,
          payloadBytes, replayEvents, replayRounds, fillBatch, readChunk, targets);
      case "--duration" -> new BenchOptions(redisUri, writers, warmup, duration(name, value),
          payloadBytes, replayEvents, replayRounds, fillBatch, readChunk, targets);
      case "--payload-bytes" -> new BenchOptions(redisUri, writers, warmup, measured,
          integer(name, value), replayEvents, replayRounds, fillBatch, readChunk, targets);
      case "--replay-events" -> new BenchOptions(redisUri, writers, warmup, measured,
          payloadBytes, integer(name, value), replayRounds, fillBatch, readChunk, targets);
      case "--replay-rounds" -> new BenchOptions(redisUri, writers, warmup, measured,
          payloadBytes, replayEvents, integer(name, value), fillBatch, readChunk, targets);
      case "--fill-batch" -> new BenchOptions(redisUri, writers, warmup, measured, payloadBytes,
          replayEvents, replayRounds, integer(name, value), readChunk, targets);
      case "--read-chunk" -> new BenchOptions(redisUri, writers, warmup, measured, payloadBytes,
          replayEvents, replayRounds, fillBatch, integer(name, value), targets);
      case "--targets" -> new BenchOptions(redisUri, writers, warmup, measured, payloadBytes,
          replayEvents, replayRounds, fillBatch, readChunk, targetSet(value));
      default -> throw new IllegalArgumentException("unknown option " + name);
    };
  }

  static int integer(String name, String value) {
    try {
      return Integer.parseInt(value.trim().replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " " + value + ": expected a whole number");
    }
  }

  static List<Integer> intList(String name, String value) {
    List<Integer> numbers = new ArrayList<>();
    for (String part : value.split(",")) {
      numbers.add(integer(name, part));
    }
    return numbers;
  }

  static Duration duration(String name, String value) {
    try {
      return ConfigFactory.empty().withValue("d", ConfigValueFactory.fromAnyRef(value))
          .getDuration("d");
    } catch (ConfigException e) {
      throw new IllegalArgumentException(name + " " + value + ": expected a duration like 500ms,"
          + " 3s or 1m");
    }
  }

  private static Set<Target> targetSet(String value) {
    Set<Target> targets = EnumSet.noneOf(Target.class);
    for (String part : value.split(",")) {
      try {
        targets.add(Target.valueOf(part.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--targets " + value + ": " + part
            + " is not one of plugin, inmem, raw");
      }
    }
    return targets;
  }

  static void requireThat(boolean valid, String name, Object value, String expected) {
    if (!valid) {
      throw new IllegalArgumentException(name + " " + value + ": expected " + expected);
    }
  }
}
