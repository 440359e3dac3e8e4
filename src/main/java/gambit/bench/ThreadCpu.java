package gambit.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CPU time of this JVM's threads, summed by kind: a thread's name with its numbers taken out
 * ({@code gambit-akka.actor.default-dispatcher-17} counts as
 * {@code gambit-akka.actor.default-dispatcher-#}), so that the node's dispatchers, the HTTP
 * clients, Lettuce's event loops and the rest can be told apart when clients and node share
 * one JVM. Only Java threads count (not the collector's or the JIT's), and a thread that ends
 * between two readings takes its time with it.
 *
 * @param nanos CPU nanoseconds per kind of thread
 */
record ThreadCpu(Map<String, Long> nanos) {

  /** Reads every live thread's CPU time now; empty where the JVM does not measure it. */
  static ThreadCpu now() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Map<String, Long> nanos = new HashMap<>();
    if (!threads.isThreadCpuTimeSupported() || !threads.isThreadCpuTimeEnabled()) {
      return new ThreadCpu(nanos);
    }
    long[] ids = threads.getAllThreadIds();
    ThreadInfo[] infos = threads.getThreadInfo(ids);
    for (int i = 0; i < ids.length; i++) {
      long cpu = threads.getThreadCpuTime(ids[i]);
      if (infos[i] != null && cpu >= 0) {
        nanos.merge(kind(infos[i].getThreadName()), cpu, Long::sum);
      }
    }
    return new ThreadCpu(nanos);
  }

  static String kind(String threadName) {
    return threadName.replaceAll("\\d+", "#");
  }

  /**
   * The kinds that used the most CPU since {@code before}, in microseconds per event, largest
   * first, as {@code kind 123} items.
   */
  List<String> perEventSince(ThreadCpu before, long events, int limit) {
    List<Map.Entry<String, Long>> used = new ArrayList<>();
    nanos.forEach((kind, total) -> used.add(Map.entry(kind,
        total - before.nanos.getOrDefault(kind, 0L))));
    used.sort(Map.Entry.<String, Long>comparingByValue().reversed());
    List<String> items = new ArrayList<>();
    for (Map.Entry<String, Long> entry : used.subList(0, Math.min(limit, used.size()))) {
      items.add(String.format(Locale.ROOT, "%s %.0f", entry.getKey(),
          events == 0 ? Double.NaN : entry.getValue() / 1000.0 / events));
    }
    return items;
  }
}
