package gambit.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * This JVM's live heap by class, as {@code jcmd <pid> GC.class_histogram} prints it (the same
 * diagnostic command, called in-process; it runs a full collection first, so only reachable
 * objects count). Two of them tell what a phase left in memory.
 *
 * @param bytes live bytes per class name
 * @param instances live instances per class name
 * @param totalBytes every live object's bytes
 */
record HeapHistogram(Map<String, Long> bytes, Map<String, Long> instances, long totalBytes) {

  /** A line of the command's output: {@code 1: 1234 567890 java.lang.String (java.base@17)}. */
  private static final Pattern LINE = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");
  private static final Pattern TOTAL = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+)");

  /** One class's growth between two histograms. */
  record Growth(String className, long instances, long bytes) {}

  /**
   * Takes the histogram now (a full collection, then a walk of the heap: seconds for a heap of
   * gigabytes).
   *
   * @throws IllegalStateException when the JVM has no such diagnostic command
   */
  static HeapHistogram now() {
    try {
      Object text = ManagementFactory.getPlatformMBeanServer().invoke(
          new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
          new Object[] {new String[0]}, new String[] {String[].class.getName()});
      return parse((String) text);
    } catch (JMException e) {
      throw new IllegalStateException("no class histogram in this JVM: " + e, e);
    }
  }

  static HeapHistogram parse(String text) {
    Map<String, Long> bytes = new HashMap<>();
    Map<String, Long> instances = new HashMap<>();
    long total = 0;
    for (String line : text.split("\n")) {
      Matcher row = LINE.matcher(line);
      Matcher sum = TOTAL.matcher(line);
      if (row.find()) {
        bytes.merge(row.group(3), Long.parseLong(row.group(2)), Long::sum);
        instances.merge(row.group(3), Long.parseLong(row.group(1)), Long::sum);
      } else if (sum.find()) {
        total = Long.parseLong(sum.group(2));
      }
    }
    return new HeapHistogram(bytes, instances, total);
  }

  /** The {@code limit} classes that grew most in bytes since {@code before}, largest first. */
  List<Growth> growthSince(HeapHistogram before, int limit) {
    List<Growth> growth = new ArrayList<>();
    bytes.forEach((name, size) -> growth.add(new Growth(name,
        instances.get(name) - before.instances.getOrDefault(name, 0L),
        size - before.bytes.getOrDefault(name, 0L))));
    growth.sort(Comparator.comparingLong(Growth::bytes).reversed());
    return growth.subList(0, Math.min(limit, growth.size()));
  }
}
