package gambit.bench;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import gambit.bench.BenchOptions.Target;
import gambit.node.RedisServerProcess;
import gambit.persistence.redis.RedisConnector;
import gambit.persistence.redis.RedisPluginSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import scala.concurrent.Await;

/**
 * Measures Gambit's Redis journal in one run on one machine, next to two references:
 * <ol type="a">
 *   <li>the plugin ({@code akka-persistence-redis.journal}) through typed EventSourcedBehavior
 *       entities;</li>
 *   <li>Akka's in-memory journal through the same entities (what Akka itself costs);</li>
 *   <li>raw Lettuce commands writing the same bytes to the same Redis on one connection (what
 *       Redis and the client cost), as ZADD and as a guarded-append Lua script.</li>
 * </ol>
 * Writes are closed loops with 1, 16 and 256 writers (one write in flight each); the replay
 * recovers one persistence id of 100k events. Usage: {@link BenchOptions#USAGE}.
 *
 * <p>The report is this program's standard output, so it is printed with {@code System.out} on
 * purpose; progress goes to standard error and everything else is logged through SLF4J at WARN.
 */
public final class PersistenceBenchmark {

  private static final String CONFIG_RESOURCE = "gambit/bench/persistence-benchmark.conf";
  private static final String PLUGIN_JOURNAL = "akka-persistence-redis.journal";
  private static final String INMEM_JOURNAL = "akka.persistence.journal.inmem";
  /** Writers per target in the JIT warm-up: enough to run every code path concurrently. */
  private static final int WARM_UP_WRITERS = 16;

  private final BenchOptions options;
  private final PrintStream out;
  private final PrintStream progress;
  private final String runId;
  private final Report report = new Report();
  private String storedBytes = "stored per event: plugin not measured";

  private PersistenceBenchmark(BenchOptions options, PrintStream out, PrintStream progress) {
    this.options = options;
    this.out = out;
    this.progress = progress;
    this.runId = "gbench-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 24);
  }

  /** Runs with the given options, prints the report to stdout; exit code 0, 1 error, 2 usage. */
  public static void main(String[] args) {
    BenchMain.main(args, BenchOptions.USAGE,
        given -> run(BenchOptions.parse(given), System.out, System.err));
  }

  /**
   * Runs the benchmark: starts (or connects to) Redis, measures, prints the report to
   * {@code out} and progress to {@code progress}, removes its keys and its own Redis.
   *
   * @return the figures, also for tests
   */
  static Report run(BenchOptions options, PrintStream out, PrintStream progress)
      throws Exception {
    return new PersistenceBenchmark(options, out, progress).run();
  }

  // ---------------------------------------------------------------- the run

  private Report run() throws Exception {
    try (BenchRedis redis = BenchRedis.open(options.redisUri())) {
      Config config = actorSystemConfig(redis.uri());
      // the raw references connect with the plugin's own connection settings
      try (RedisConnector<byte[], byte[]> connector =
          RedisConnector.connect(RedisPluginSettings.fromRootConfig(config))) {
        return measure(redis, connector, config);
      }
    }
  }

  private Report measure(BenchRedis redis, RedisConnector<byte[], byte[]> connector,
      Config config) throws Exception {
    RawRedisTarget raw = new RawRedisTarget(connector.commands(), runId);
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "bench", config);
    try {
      boolean plugin = pluginAvailable(config);
      printHeader(redis, connector, system, plugin);
      warmUp(system, raw, plugin);
      measureWrites(system, raw, plugin);
      measureReplays(system, raw, plugin);
      printReport(connector);
    } finally {
      system.terminate();
      Await.ready(system.whenTerminated(), scala.concurrent.duration.Duration.create(30,
          TimeUnit.SECONDS));
      raw.deleteKeysStartingWith(runId);
    }
    return report;
  }

  private void measureWrites(ActorSystem<?> system, RawRedisTarget raw, boolean plugin)
      throws InterruptedException {
    byte[] payload = payload(options.payloadBytes());
    AkkaTarget pluginTarget = new AkkaTarget(system, PLUGIN_JOURNAL);
    AkkaTarget inmem = new AkkaTarget(system, INMEM_JOURNAL);
    for (int writers : options.writers()) {
      if (plugin) {
        resetRedis(raw);
        measureAkkaWrites(Series.PLUGIN, pluginTarget, raw, writers, payload);
      }
      if (options.targets().contains(Target.INMEM)) {
        measureAkkaWrites(Series.INMEM, inmem, raw, writers, payload);
      }
      if (options.targets().contains(Target.RAW)) {
        resetRedis(raw);
        measureRawWrites(raw, RawRedisTarget.Command.ZADD, writers, payload);
        resetRedis(raw);
        measureRawWrites(raw, RawRedisTarget.Command.JOURNAL_SCRIPT, writers, payload);
      }
    }
    resetRedis(raw);
  }

  /**
   * Runs every selected write target once, unmeasured, with {@link #WARM_UP_WRITERS} writers
   * for the warm-up time, so that no target pays for the JIT compiling shared code (Akka,
   * Lettuce, Netty) in its measured runs just because it runs first.
   */
  private void warmUp(ActorSystem<?> system, RawRedisTarget raw, boolean plugin)
      throws InterruptedException {
    byte[] payload = payload(options.payloadBytes());
    Duration brief = Duration.ofMillis(100);
    if (plugin) {
      progress.println("JIT warm-up: plugin");
      new AkkaTarget(system, PLUGIN_JOURNAL).write(runId + "-warm-a", WARM_UP_WRITERS, payload,
          options.warmup(), brief, () -> null);
    }
    if (options.targets().contains(Target.INMEM)) {
      progress.println("JIT warm-up: in-memory journal");
      new AkkaTarget(system, INMEM_JOURNAL).write(runId + "-warm-b", WARM_UP_WRITERS, payload,
          options.warmup(), brief, () -> null);
    }
    if (options.targets().contains(Target.RAW)) {
      progress.println("JIT warm-up: raw");
      for (RawRedisTarget.Command command : RawRedisTarget.Command.values()) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < WARM_UP_WRITERS; i++) {
          ids.add(runId + "-warm-" + command.ordinal() + "-" + i);
        }
        ClosedLoop.run(raw.writers(command, ids, payload), options.warmup(), brief);
      }
    }
  }

  /**
   * Deletes the previous run's keys and, on our own Redis, rewrites the append-only file, so
   * that every run starts from the same empty data set and small AOF (an automatic AOF rewrite
   * triggered by an earlier run's volume would otherwise fall into a later run).
   */
  private void resetRedis(RawRedisTarget raw) throws InterruptedException {
    raw.deleteKeysStartingWith(runId);
    if (options.redisUri() == null) {
      raw.rewriteAppendOnlyFile();
    }
  }

  private void measureAkkaWrites(Series series, AkkaTarget target, RawRedisTarget raw,
      int writers, byte[] payload) throws InterruptedException {
    progress.printf("writes: %s, %d writers%n", series.writeLabel(), writers);
    String idPrefix = runId + "-" + series.letter() + "-w" + writers;
    report.addWrite(writers, series, target.write(idPrefix, writers, payload, options.warmup(),
        options.measured(), raw::usageSample));
  }

  private void measureRawWrites(RawRedisTarget raw, RawRedisTarget.Command command, int writers,
      byte[] payload) throws InterruptedException {
    Series series = command == RawRedisTarget.Command.ZADD ? Series.RAW_ZADD : Series.RAW_SCRIPT;
    progress.printf("writes: %s, %d writers%n", series.writeLabel(), writers);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      ids.add(runId + "-" + command.name().toLowerCase(Locale.ROOT) + "-w" + writers + "-" + i);
    }
    report.addWrite(writers, series, ClosedLoop.run(raw.writers(command, ids, payload),
        options.warmup(), options.measured(), raw::usageSample));
  }

  private void measureReplays(ActorSystem<?> system, RawRedisTarget raw, boolean plugin)
      throws InterruptedException {
    byte[] payload = payload(options.payloadBytes());
    String pluginId = runId + "-replay-a";
    if (plugin) {
      report.addReplay(Series.PLUGIN, replayAkka(new AkkaTarget(system, PLUGIN_JOURNAL),
          pluginId, payload, raw::usageSample));
    }
    if (options.targets().contains(Target.RAW)) {
      report.addReplay(Series.RAW_ZADD, replayRaw(raw, plugin ? pluginId : null, payload,
          readChunk(system.settings().config())));
    }
    if (plugin) {
      storedBytes = describeStoredBytes(raw, pluginId, payload);
    }
    if (options.targets().contains(Target.INMEM)) {
      report.addReplay(Series.INMEM, replayAkka(new AkkaTarget(system, INMEM_JOURNAL),
          runId + "-replay-b", payload, raw::usageSample));
    }
  }

  /** @param usage samples CPU counters before and after every round */
  private ReplayResult replayAkka(AkkaTarget target, String persistenceId, byte[] payload,
      Supplier<Usage.Sample> usage) throws InterruptedException {
    progress.printf("replay: filling %s with %d events%n", target.journalPluginId(),
        options.replayEvents());
    try {
      target.fill(persistenceId, options.replayEvents(), options.fillBatch(), payload);
      List<Double> rounds = new ArrayList<>();
      List<Double> costs = new ArrayList<>();
      for (int round = 1; round <= options.replayRounds(); round++) {
        progress.printf("replay: %s, round %d%n", target.journalPluginId(), round);
        Usage.Sample before = usage.get();
        rounds.add(target.recover(persistenceId, options.replayEvents()));
        costs.add(before.until(usage.get()).jvmMicrosPerEvent(options.replayEvents()));
      }
      return new ReplayResult(options.replayEvents(), rounds, costs, null);
    } catch (IllegalStateException e) {
      return ReplayResult.failed(e.getMessage());
    }
  }

  /**
   * Reads the plugin's own events of {@code pluginPersistenceId} when they are where
   * {@link KeySpace} says, else a raw copy of the same size written here.
   */
  private ReplayResult replayRaw(RawRedisTarget raw, String pluginPersistenceId, byte[] payload,
      int chunk) throws InterruptedException {
    byte[] key = pluginPersistenceId == null ? null : raw.eventsKey(pluginPersistenceId);
    if (key == null || raw.count(key) != options.replayEvents()) {
      key = raw.eventsKey(runId + "-replay-c");
      progress.printf("replay: filling raw key with %d events%n", options.replayEvents());
      raw.fill(key, options.replayEvents(), options.fillBatch(), payload);
    }
    List<Double> rounds = new ArrayList<>();
    for (int round = 1; round <= options.replayRounds(); round++) {
      progress.printf("replay: raw ZRANGEBYSCORE, %d per chunk, round %d%n", chunk, round);
      long start = System.nanoTime();
      long read = raw.readAll(key, chunk);
      rounds.add((System.nanoTime() - start) / 1e9);
      if (read != options.replayEvents()) {
        return ReplayResult.failed("read " + read + " events, expected " + options.replayEvents());
      }
    }
    return new ReplayResult(options.replayEvents(), rounds, null);
  }

  /** The raw read chunk: as given, else the journal's own replay-chunk-size. */
  private int readChunk(Config config) {
    return options.readChunk() > 0 ? options.readChunk()
        : config.getInt("akka-persistence-redis.journal.replay-chunk-size");
  }

  /** Checks that the raw writes store as many bytes per event as the plugin did. */
  private String describeStoredBytes(RawRedisTarget raw, String pluginPersistenceId,
      byte[] payload) throws InterruptedException {
    byte[] stored = raw.firstMember(raw.eventsKey(pluginPersistenceId));
    int rawSize = RawRedisTarget.record(1, UUID.randomUUID().toString(), payload).length;
    return "stored per event: plugin " + (stored == null ? "?" : stored.length) + " B (read back"
        + " from Redis), raw " + rawSize + " B";
  }

  // ---------------------------------------------------------------- the report

  private void printHeader(BenchRedis redis, RedisConnector<byte[], byte[]> connector,
      ActorSystem<?> system, boolean plugin) throws Exception {
    out.println("Gambit persistence benchmark (" + java.time.Instant.now() + ", run " + runId
        + ")");
    out.println("machine   " + Environment.machine());
    out.println("JVM       " + Environment.jvm());
    out.println("load      " + Environment.loadAverage() + " (1, 5, 15 min averages at start; "
        + Runtime.getRuntime().availableProcessors() + " CPUs)");
    out.println("Redis     " + Environment.redis(connector.commands()));
    out.println("          " + redis.description());
    out.println("settings  writers " + options.writers() + "; warm-up " + seconds(options.warmup())
        + " + measured " + seconds(options.measured()) + " per write run; event payload "
        + options.payloadBytes() + " B; replay " + options.replayEvents() + " events x "
        + options.replayRounds() + " rounds (median reported), filled in atomic writes of "
        + options.fillBatch() + "; raw read chunk " + readChunk(system.settings().config())
        + (options.readChunk() > 0 ? "" : " (the journal's replay-chunk-size)"));
    byte[] record = RawRedisTarget.record(1, UUID.randomUUID().toString(),
        payload(options.payloadBytes()));
    out.println("bytes     event " + options.payloadBytes() + " B -> stored JournalRecord "
        + record.length + " B (sorted-set member)");
    if (!plugin) {
      out.println("NOTE      (a) not measured: " + pluginUnavailableReason(system.settings()
          .config()));
    }
    out.println("""
        method    First every target runs once unmeasured (16 writers, warm-up time) so the JIT
                  has compiled shared code before any measured run. Then, per writer count:
                  (a) and (b): typed EventSourcedBehavior entities, one per writer; each Append
                  command persists one event and replies after the journal confirmed it; a
                  driver asks again on every reply (closed loop, one command in flight per
                  entity). Latency = ask sent -> reply received. No snapshots, no sharding.
                  (b) keeps events in memory and does not serialize them (Akka's default).
                  (c) and (c'): one Lettuce connection (as the plugin has), N writers with one
                  command in flight each, every event encoded as the journal's JournalRecord
                  under the journal's keys: (c) ZADD events <seq> <record>, the least Redis
                  work that stores it, a floor for any plugin; (c') the journal's own
                  journal-write.lua with its arguments, i.e. the plugin's Redis work without
                  Akka and without the plugin's Java code. a/c is the target ratio; a/c'
                  shows what Akka + plugin code cost over the same Redis work.
                  jvm%, redis%: CPU time over the measured window's wall time, 100 = one core;
                  gc ms: this JVM's collection time in the window; jvm us, rds us: CPU
                  microseconds per event of this JVM and of redis-server (the cost of an
                  event: far steadier than events/s when other processes share the CPUs,
                  though a busy CPU makes thread hand-offs dearer); sys us: the
                  JVM's kernel part of it; cs/ev: context switches of the JVM's threads per
                  event (each hand-off between threads is one or more). Before every
                  run on Redis the previous run's keys are deleted and, on our own Redis, the
                  AOF is rewritten, so each run starts alike.""");
    out.flush();
  }

  private void printReport(RedisConnector<byte[], byte[]> connector) {
    out.println();
    out.println("WRITES (events/s in the measured window; latency in ms)");
    out.println(report.writeTable());
    out.println();
    out.println("WRITE RATIOS (events/s)");
    out.println(report.writeRatioTable());
    out.println();
    out.println("REPLAY (" + options.replayEvents() + " events of one persistence id; (a), (b): a"
        + " new incarnation recovers until RecoveryCompleted, events deserialized and applied;"
        + " (c): chunks read, not decoded; jvm us: this JVM's CPU microseconds per event,"
        + " median of the rounds)");
    out.println(report.replayTable());
    out.println(storedBytes);
    out.println();
    out.println("load at end  " + Environment.loadAverage());
    out.println("Redis        " + Environment.redisCounters(connector.commands()));
    out.println();
    out.println("TARGETS");
    out.println(report.targets());
    out.flush();
  }

  // ---------------------------------------------------------------- helpers

  private static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
  }

  private Config actorSystemConfig(String redisUri) {
    return ConfigFactory.parseMap(Map.of(
            "akka-persistence-redis.uri", redisUri,
            "akka-persistence-redis.key-prefix", runId))
        .withFallback(ConfigFactory.parseResources(CONFIG_RESOURCE))
        .withFallback(ConfigFactory.defaultReference())
        .resolve();
  }

  private boolean pluginAvailable(Config config) {
    return options.targets().contains(Target.PLUGIN) && pluginUnavailableReason(config) == null;
  }

  private String pluginUnavailableReason(Config config) {
    if (!options.targets().contains(Target.PLUGIN)) {
      return "not selected with --targets";
    }
    String journalClass = config.getString("akka-persistence-redis.journal.class");
    try {
      Class.forName(journalClass);
      return null;
    } catch (ClassNotFoundException e) {
      return "the journal class " + journalClass + " is not in this build";
    }
  }

  static byte[] payload(int size) {
    byte[] payload = new byte[size];
    ThreadLocalRandom.current().nextBytes(payload);
    return payload;
  }

  // ---------------------------------------------------------------- Redis

  /** The Redis measured: our own redis-server in a temporary folder, or the one given. */
  private static final class BenchRedis implements AutoCloseable {

    private final RedisServerProcess server;
    private final Path folder;
    private final String uri;

    private BenchRedis(RedisServerProcess server, Path folder, String uri) {
      this.server = server;
      this.folder = folder;
      this.uri = uri;
    }

    static BenchRedis open(String givenUri) throws IOException {
      if (givenUri != null) {
        return new BenchRedis(null, null, givenUri);
      }
      Path folder = Files.createTempDirectory("gambit-bench-redis-");
      RedisServerProcess.Binary binary = RedisServerProcess.locateBinary(folder.resolve("bin"));
      RedisServerProcess server = RedisServerProcess.start(binary.path(), "127.0.0.1",
          RedisServerProcess.freePort(), folder.resolve("data"),
          Map.of("appendonly", "yes", "appendfsync", "everysec"));
      return new BenchRedis(server, folder, server.uri());
    }

    String uri() {
      return uri;
    }

    String description() {
      if (server == null) {
        return "given with --redis-uri " + RedisConnector.redact(uri);
      }
      return "started by this program: " + server.binary() + " on " + uri + ", data in "
          + server.dataDir() + " (deleted at the end)";
    }

    @Override
    public void close() throws IOException {
      if (server == null) {
        return;
      }
      server.close();
      try (Stream<Path> files = Files.walk(folder)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }
}
