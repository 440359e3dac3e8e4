package gambit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClosedLoopTest {

  private final ScheduledExecutorService completer = Executors.newScheduledThreadPool(2);

  @AfterEach
  void stopCompleter() {
    completer.shutdownNow();
  }

  @Test
  void keepsExactlyOneWriteInFlightPerWriterWithConsecutiveSequenceNumbers() throws Exception {
    int writers = 4;
    AtomicInteger maxInFlight = new AtomicInteger();
    List<List<Long>> sequences = new ArrayList<>();
    List<ClosedLoop.Writer> loop = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      AtomicInteger inFlight = new AtomicInteger();
      List<Long> seen = new CopyOnWriteArrayList<>();
      sequences.add(seen);
      loop.add(sequence -> {
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        seen.add(sequence);
        return completeLater(() -> inFlight.decrementAndGet());
      });
    }

    ClosedLoop.Result result =
        ClosedLoop.run(loop, Duration.ofMillis(50), Duration.ofMillis(300));

    assertNull(result.failure());
    assertEquals(1, maxInFlight.get(), "at most one write in flight per writer");
    assertTrue(result.events() > 0, "writes completed in the measured window");
    for (List<Long> seen : sequences) {
      for (int i = 0; i < seen.size(); i++) {
        assertEquals(i + 1, seen.get(i), "sequence numbers run 1, 2, 3, ...");
      }
    }
    long written = sequences.stream().mapToLong(List::size).sum();
    assertTrue(result.events() < written, "warm-up writes are not counted");
    assertTrue(result.seconds() >= 0.3, "the measured window lasts as long as asked");
  }

  @Test
  void doesNotCountWritesThatCompleteAfterTheMeasuredWindow() throws Exception {
    AtomicInteger completed = new AtomicInteger();
    ClosedLoop.Writer writer = sequence -> completeLater(completed::incrementAndGet);

    ClosedLoop.Result result =
        ClosedLoop.run(List.of(writer), Duration.ZERO, Duration.ofMillis(200));

    // the write in flight when the window closes completes during the drain: not counted
    assertTrue(result.events() < completed.get(),
        result.events() + " counted, " + completed.get() + " completed");
    assertTrue(result.events() > completed.get() / 2,
        result.events() + " counted, " + completed.get() + " completed");
    assertEquals(result.events() / result.seconds(), result.eventsPerSecond(), 1e-6);
  }

  @Test
  void reportsTheFirstFailureInsteadOfFigures() throws Exception {
    ClosedLoop.Writer failsOnThird = sequence -> sequence == 3
        ? CompletableFuture.supplyAsync(() -> {
            throw new IllegalStateException("journal refused write 3");
          }, completer)
        : completeLater(() -> 0);

    ClosedLoop.Result result =
        ClosedLoop.run(List.of(failsOnThird), Duration.ZERO, Duration.ofSeconds(5));

    assertTrue(result.failed());
    assertTrue(result.failure().contains("journal refused write 3"), result.failure());
    assertTrue(result.seconds() < 4, "a failed run ends early");
  }

  @Test
  void aResultWithoutFailureIsNotFailed() {
    ClosedLoop.Result result = new ClosedLoop.Result(
        new org.HdrHistogram.Histogram(ClosedLoop.MAX_LATENCY_MICROS, 3), 1, null);
    assertFalse(result.failed());
    assertEquals(0, result.eventsPerSecond());
  }

  private CompletableFuture<Object> completeLater(java.util.function.Supplier<?> beforeCompleting) {
    CompletableFuture<Object> done = new CompletableFuture<>();
    completer.schedule(() -> done.complete(beforeCompleting.get()), 200, TimeUnit.MICROSECONDS);
    return done;
  }
}
