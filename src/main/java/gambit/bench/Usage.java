package gambit.bench;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Where the CPU went during a run: this JVM's process CPU time, its GC time and Redis' CPU time
 * (INFO cpu), as a share of the wall time of the run (warm-up included). 100% is one core, so
 * on two cores the JVM and Redis together can use at most 200%. Tells a run that is bound by
 * the client from one bound by Redis, and both from one that waits.
 *
 * @param jvmCpuPercent the JVM's CPU time over the wall time, in percent of one core
 * @param redisCpuPercent redis-server's, likewise; NaN when INFO cpu was not available
 * @param gcMillis time spent in garbage collection during the run
 */
record Usage(double jvmCpuPercent, double redisCpuPercent, long gcMillis) {

  /** Counters read at one moment; two of them make a {@link Usage}. */
  record Sample(long wallNanos, long jvmCpuNanos, double redisCpuSeconds, long gcMillis) {

    /** Reads the counters now; Redis' is NaN when it cannot be read. */
    static Sample now(RedisClusterAsyncCommands<byte[], byte[]> redis) {
      return new Sample(System.nanoTime(), readJvmCpuNanos(), readRedisCpuSeconds(redis),
          readGcMillis());
    }

    Usage until(Sample end) {
      double wallSeconds = (end.wallNanos - wallNanos) / 1e9;
      return new Usage(
          100 * (end.jvmCpuNanos - jvmCpuNanos) / 1e9 / wallSeconds,
          100 * (end.redisCpuSeconds - redisCpuSeconds) / wallSeconds,
          end.gcMillis - gcMillis);
    }
  }

  private static long readJvmCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return 0;
  }

  private static long readGcMillis() {
    long total = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      total += Math.max(0, gc.getCollectionTime());
    }
    return total;
  }

  private static double readRedisCpuSeconds(RedisClusterAsyncCommands<byte[], byte[]> redis) {
    try {
      Map<String, String> cpu =
          Environment.parseInfo(redis.info("cpu").get(10, TimeUnit.SECONDS));
      return Double.parseDouble(cpu.get("used_cpu_sys"))
          + Double.parseDouble(cpu.get("used_cpu_user"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Double.NaN;
    } catch (Exception e) {
      return Double.NaN;
    }
  }
}
