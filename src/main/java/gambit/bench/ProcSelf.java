package gambit.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process' kernel CPU time and context switches, from Linux' /proc/self. Elsewhere the
 * figures are unknown (NaN, -1), never made up.
 */
final class ProcSelf {

  /** USER_HZ, the unit of /proc/self/stat times; 100 on every Linux this runs on. */
  private static final double CLOCK_TICKS_PER_SECOND = 100;
  private static final Path SELF = Path.of("/proc/self");

  private ProcSelf() {}

  /** Kernel-mode CPU seconds of all threads so far (stime, field 15 of /proc/self/stat). */
  static double kernelSeconds() {
    try {
      String stat = Files.readString(SELF.resolve("stat"));
      // the command name (field 2) may contain spaces: count fields after its closing ')'
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[12]) / CLOCK_TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /** Voluntary plus involuntary context switches of every live thread; -1 when unknown. */
  static long contextSwitches() {
    long total = 0;
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(SELF.resolve("task"))) {
      for (Path task : tasks) {
        total += switchesOf(task.resolve("status"));
      }
      return total;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static long switchesOf(Path status) {
    long switches = 0;
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("voluntary_ctxt_switches:")
            || line.startsWith("nonvoluntary_ctxt_switches:")) {
          switches += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
        }
      }
    } catch (IOException e) {
      // the thread ended between listing and reading: its switches are gone with it
    }
    return switches;
  }
}
