package gambit.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The measured rounds of one replay target.
 *
 * @param events events replayed per round
 * @param seconds how long each round took
 * @param jvmMicrosPerEvent per round, this JVM's CPU microseconds per replayed event (steadier
 *     than the time on a shared machine); empty when not measured
 * @param failure why the replay could not be measured, or null
 */
record ReplayResult(long events, List<Double> seconds, List<Double> jvmMicrosPerEvent,
    String failure) {

  ReplayResult {
    seconds = List.copyOf(seconds);
    jvmMicrosPerEvent = List.copyOf(jvmMicrosPerEvent);
  }

  /** Rounds without CPU figures. */
  ReplayResult(long events, List<Double> seconds, String failure) {
    this(events, seconds, List.of(), failure);
  }

  static ReplayResult failed(String failure) {
    return new ReplayResult(0, List.of(), failure);
  }

  /** The median of the rounds' CPU cost per event; NaN when not measured. */
  double medianJvmMicrosPerEvent() {
    List<Double> sorted = new ArrayList<>(jvmMicrosPerEvent);
    Collections.sort(sorted);
    return sorted.isEmpty() ? Double.NaN : sorted.get((sorted.size() - 1) / 2);
  }

  boolean failed() {
    return failure != null || seconds.isEmpty();
  }

  /** The median round (the lower middle one for an even count). */
  double medianSeconds() {
    List<Double> sorted = new ArrayList<>(seconds);
    Collections.sort(sorted);
    return sorted.isEmpty() ? 0 : sorted.get((sorted.size() - 1) / 2);
  }

  double eventsPerSecond() {
    double median = medianSeconds();
    return median > 0 ? events / median : 0;
  }
}
