package gambit.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every benchmark's {@code main} does around its run: quiet logging (the report is
 * standard output, which the node's INFO lines share), {@code --help}, the exit code (0 done,
 * 1 failed, 2 a bad option, with the usage), and flushing the asynchronous log before
 * {@code System.exit}.
 */
final class BenchMain {

  private static final Logger log = LoggerFactory.getLogger(BenchMain.class);

  /** A benchmark's run from its arguments; an IllegalArgumentException means a bad option. */
  @FunctionalInterface
  interface Program {
    void run(String[] args) throws Exception;
  }

  private BenchMain() {}

  /** Runs the program and exits the JVM with its exit code; never returns but for --help. */
  static void main(String[] args, String usage, Program program) {
    quietLogging();
    if (Arrays.asList(args).contains("--help")) {
      System.out.print(usage);
      return;
    }
    int exitCode;
    try {
      program.run(args);
      exitCode = 0;
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.print(usage);
      exitCode = 2;
    } catch (Exception e) {
      log.error("The benchmark failed", e);
      exitCode = 1;
    }
    flushLogs();
    System.exit(exitCode);
  }

  /** The report must not drown in INFO lines of Akka, Lettuce and Gambit's own classes. */
  private static void quietLogging() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      for (String name : List.of(org.slf4j.Logger.ROOT_LOGGER_NAME, "gambit", "akka",
          "io.lettuce", "io.netty")) {
        context.getLogger(name).setLevel(Level.WARN);
      }
    }
  }

  /** The node's logback configuration logs asynchronously: flush before System.exit. */
  private static void flushLogs() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.stop();
    }
  }
}
