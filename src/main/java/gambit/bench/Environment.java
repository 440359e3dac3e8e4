package gambit.bench;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** What a reader needs to compare two reports: machine, JVM and Redis. */
final class Environment {

  private Environment() {}

  /** The common pool's threads, as the report shows them. */
  static String commonPool() {
    return "common pool " + ForkJoinPool.getCommonPoolParallelism() + " threads";
  }

  /** The CPU model (from /proc/cpuinfo where there is one) and the CPUs this JVM may use. */
  static String machine() {
    String model = cpuModel();
    return model + ", " + Runtime.getRuntime().availableProcessors() + " CPUs available to the"
        + " JVM, " + System.getProperty("os.name") + " " + System.getProperty("os.arch");
  }

  private static String cpuModel() {
    Path cpuinfo = Path.of("/proc/cpuinfo");
    if (!Files.isReadable(cpuinfo)) {
      return "CPU model unknown";
    }
    try (Stream<String> lines = Files.lines(cpuinfo)) {
      return lines.filter(line -> line.startsWith("model name"))
          .map(line -> line.substring(line.indexOf(':') + 1).trim())
          .findFirst().orElse("CPU model unknown");
    } catch (IOException e) {
      return "CPU model unknown";
    }
  }

  /**
   * The 1, 5 and 15 minute load averages (from /proc/loadavg), to tell a quiet machine from a
   * busy one: other processes on the same CPUs lower every figure of the report.
   */
  static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  /** Kernel TCP counters that tell why a connection was dropped or reset; see {@link #tcp}. */
  private static final List<String> TCP_COUNTERS = List.of("ListenOverflows", "ListenDrops",
      "TCPAbortOnData", "TCPAbortOnClose", "TCPAbortOnMemory", "TCPAbortOnTimeout",
      "TCPMemoryPressures", "TCPBacklogDrop", "TCPReqQFullDrop", "PruneCalled", "EstabResets",
      "OutRsts", "AttemptFails");

  /**
   * The machine's TCP counters (whole machine, all processes) from /proc/net/netstat and
   * /proc/net/snmp, by name; empty where they are not readable.
   */
  static Map<String, Long> tcp() {
    Map<String, Long> counters = new LinkedHashMap<>();
    for (String file : List.of("/proc/net/netstat", "/proc/net/snmp")) {
      try {
        List<String> lines = Files.readAllLines(Path.of(file));
        for (int i = 0; i + 1 < lines.size(); i += 2) {
          String[] names = lines.get(i).split("\\s+");
          String[] values = lines.get(i + 1).split("\\s+");
          for (int j = 1; j < Math.min(names.length, values.length); j++) {
            if (TCP_COUNTERS.contains(names[j])) {
              counters.put(names[j], Long.parseLong(values[j]));
            }
          }
        }
      } catch (IOException | RuntimeException e) {
        // not Linux, or another layout: no counters from this file
      }
    }
    return counters;
  }

  /** The counters that grew from {@code before} to {@code after}, e.g. "OutRsts +3"; or "none". */
  static String tcpGrowth(Map<String, Long> before, Map<String, Long> after) {
    List<String> grown = new ArrayList<>();
    after.forEach((name, value) -> {
      long delta = value - before.getOrDefault(name, value);
      if (delta != 0) {
        grown.add(name + " +" + delta);
      }
    });
    return grown.isEmpty() ? "none" : String.join(", ", grown);
  }

  /** The VM, its version, maximum heap and collectors. */
  static String jvm() {
    List<String> collectors = new ArrayList<>();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      collectors.add(gc.getName());
    }
    return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
        + ", max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB, GC "
        + String.join(" + ", collectors) + ", " + commonPool();
  }

  /**
   * Redis' version, mode and persistence settings. CONFIG GET may be refused by a managed
   * Redis; the settings then read "unknown".
   */
  static String redis(RedisClusterAsyncCommands<byte[], byte[]> redis) throws Exception {
    Map<String, String> server = parseInfo(redis.info("server").get(10, TimeUnit.SECONDS));
    Map<String, String> persistence =
        parseInfo(redis.info("persistence").get(10, TimeUnit.SECONDS));
    return "Redis " + server.getOrDefault("redis_version", "?") + " ("
        + server.getOrDefault("redis_mode", "?") + ", " + server.getOrDefault("os", "?")
        + "), aof_enabled=" + persistence.getOrDefault("aof_enabled", "?")
        + ", appendfsync=" + config(redis, "appendfsync")
        + ", save=\"" + config(redis, "save") + "\"";
  }

  /**
   * Counters that explain slow writes: fsyncs Redis had to wait for (appendfsync everysec
   * delays writes when the previous fsync takes over 2 s), forks (AOF rewrites) and peak memory.
   */
  static String redisCounters(RedisClusterAsyncCommands<byte[], byte[]> redis) {
    try {
      Map<String, String> info = parseInfo(redis.info("all").get(10, TimeUnit.SECONDS));
      List<String> parts = new ArrayList<>();
      for (String key : List.of("aof_delayed_fsync", "total_forks", "aof_rewrites",
          "used_memory_peak_human", "total_commands_processed")) {
        if (info.containsKey(key)) {
          parts.add(key + "=" + info.get(key));
        }
      }
      return String.join(", ", parts);
    } catch (Exception e) {
      return "counters unavailable: " + e.getMessage();
    }
  }

  /** {@code INFO} text -> field -> value. */
  static Map<String, String> parseInfo(String info) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String line : info.split("\r?\n")) {
      int colon = line.indexOf(':');
      if (!line.startsWith("#") && colon > 0) {
        fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
      }
    }
    return fields;
  }

  private static String config(RedisClusterAsyncCommands<byte[], byte[]> redis, String key) {
    try {
      return redis.configGet(key).get(10, TimeUnit.SECONDS).getOrDefault(key, "unknown");
    } catch (Exception e) {
      return "unknown";
    }
  }
}
