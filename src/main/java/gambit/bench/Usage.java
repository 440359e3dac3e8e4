package gambit.bench;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Where the CPU went during a measured window: this JVM's process CPU time, its GC time and
 * Redis' CPU time (INFO cpu), as a share of the window's wall time. 100% is one core, so on two
 * cores the JVM and Redis together can use at most 200%. Tells a run that is bound by the
 * client from one bound by Redis, and both from one that waits. Divided by the events of the
 * window it gives the CPU cost per event, which depends far less than throughput on how much
 * of the machine other processes take (though a busy CPU makes thread hand-offs dearer).
 *
 * @param jvmCpuPercent the JVM's CPU time over the wall time, in percent of one core
 * @param redisCpuPercent redis-server's, likewise; NaN when INFO cpu was not available
 * @param gcMillis time spent in garbage collection during the window
 * @param seconds the window's wall time
 * @param jvmKernelSeconds the part of the JVM's CPU time spent in the kernel (syscalls: thread
 *     wake-ups, sockets); NaN where /proc is not available
 * @param contextSwitches context switches of all the JVM's threads; -1 where unknown
 */
record Usage(double jvmCpuPercent, double redisCpuPercent, long gcMillis, double seconds,
    double jvmKernelSeconds, long contextSwitches) {

  /** The kernel part of {@link #jvmMicrosPerEvent}. */
  double jvmKernelMicrosPerEvent(long events) {
    return events == 0 ? Double.NaN : jvmKernelSeconds * 1e6 / events;
  }

  /** Context switches of the JVM's threads per event: every hand-off between threads costs. */
  double contextSwitchesPerEvent(long events) {
    return events == 0 || contextSwitches < 0 ? Double.NaN : (double) contextSwitches / events;
  }

  /** This JVM's CPU microseconds per event, for {@code events} events in the window. */
  double jvmMicrosPerEvent(long events) {
    return events == 0 ? Double.NaN : jvmCpuPercent / 100 * seconds * 1e6 / events;
  }

  /** Redis' CPU microseconds per event; NaN when Redis' CPU was not available. */
  double redisMicrosPerEvent(long events) {
    return events == 0 ? Double.NaN : redisCpuPercent / 100 * seconds * 1e6 / events;
  }

  /** Counters read at one moment; two of them make a {@link Usage}. */
  record Sample(long wallNanos, long jvmCpuNanos, double redisCpuSeconds, long gcMillis,
      double kernelSeconds, long contextSwitches) {

    /** Reads the counters now; Redis' is NaN when it cannot be read. */
    static Sample now(RedisClusterAsyncCommands<byte[], byte[]> redis) {
      return new Sample(System.nanoTime(), readJvmCpuNanos(), readRedisCpuSeconds(redis),
          readGcMillis(), ProcSelf.kernelSeconds(), ProcSelf.contextSwitches());
    }

    Usage until(Sample end) {
      double wallSeconds = (end.wallNanos - wallNanos) / 1e9;
      return new Usage(
          100 * (end.jvmCpuNanos - jvmCpuNanos) / 1e9 / wallSeconds,
          100 * (end.redisCpuSeconds - redisCpuSeconds) / wallSeconds,
          end.gcMillis - gcMillis,
          wallSeconds,
          end.kernelSeconds - kernelSeconds,
          contextSwitches < 0 || end.contextSwitches < 0 ? -1
              : end.contextSwitches - contextSwitches);
    }
  }

  /** This JVM's CPU time so far, all threads; 0 where the platform does not tell. */
  static long jvmCpuNanos() {
    return readJvmCpuNanos();
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
