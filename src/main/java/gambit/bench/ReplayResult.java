package gambit.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The measured rounds of one replay target.
 *
 * @param events events replayed per round
 * @param seconds how long each round took
 * @param failure why the replay could not be measured, or null
 */
record ReplayResult(long events, List<Double> seconds, String failure) {

  ReplayResult {
    seconds = List.copyOf(seconds);
  }

  static ReplayResult failed(String failure) {
    return new ReplayResult(0, List.of(), failure);
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
