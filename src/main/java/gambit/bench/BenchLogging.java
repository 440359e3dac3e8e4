package gambit.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.util.List;
import org.slf4j.LoggerFactory;

/** The benchmarks' logging: their report is standard output, which the node's INFO lines share. */
final class BenchLogging {

  private BenchLogging() {}

  /** The report must not drown in INFO lines of Akka, Lettuce and Gambit's own classes. */
  static void quiet() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      for (String name : List.of(org.slf4j.Logger.ROOT_LOGGER_NAME, "gambit", "akka",
          "io.lettuce", "io.netty")) {
        context.getLogger(name).setLevel(Level.WARN);
      }
    }
  }

  /** The node's logback configuration logs asynchronously: flush before System.exit. */
  static void flush() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.stop();
    }
  }
}
