package gambit.bench;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Drives writers in a closed loop: every writer has exactly one write in flight and starts its
 * next write only when the previous one has completed, so the offered load is "N clients as
 * fast as the system answers" and latency and throughput are two views of the same run.
 *
 * <p>A run is a warm-up (writes are made but not counted) followed by the measured window: the
 * result holds the latency (write started -> completed, in microseconds) of every write that
 * completed inside the window, hence also their count. The first failed write ends the run and
 * is reported in the result instead of figures.
 */
final class ClosedLoop {

  /** Latencies above this are recorded as this (one minute, far beyond any timeout used). */
  static final long MAX_LATENCY_MICROS = TimeUnit.MINUTES.toMicros(1);
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

  /** One writer of the loop. */
  @FunctionalInterface
  interface Writer {
    /**
     * Starts write number {@code sequence} (1, 2, 3, ... per writer) and returns its completion.
     * Never called again before that completion; it may complete on any thread, but should
     * not complete before returning (the loop would then recurse instead of iterate).
     */
    CompletionStage<?> write(long sequence);
  }

  /**
   * The outcome of a run.
   *
   * @param latencyMicros one value per write that completed in the measured window
   * @param seconds the length of the measured window
   * @param failure the first failure, or null when every write succeeded
   * @param usage where the CPU went during the measured window, or null when not sampled
   */
  record Result(Histogram latencyMicros, double seconds, String failure, Usage usage) {

    Result(Histogram latencyMicros, double seconds, String failure) {
      this(latencyMicros, seconds, failure, null);
    }

    long events() {
      return latencyMicros.getTotalCount();
    }

    double eventsPerSecond() {
      return seconds > 0 ? events() / seconds : 0;
    }

    boolean failed() {
      return failure != null;
    }
  }

  private final Recorder recorder = new Recorder(MAX_LATENCY_MICROS, 3);
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final CountDownLatch stopped;
  private final List<Writer> writers;
  private volatile boolean running = true;

  private ClosedLoop(List<Writer> writers) {
    this.writers = writers;
    this.stopped = new CountDownLatch(writers.size());
  }

  /**
   * Runs the writers for {@code warmup} and then for {@code measured}, and waits until every
   * write still in flight has completed. Blocks the calling thread.
   */
  static Result run(List<Writer> writers, Duration warmup, Duration measured)
      throws InterruptedException {
    return run(writers, warmup, measured, () -> null);
  }

  /**
   * Like {@link #run(List, Duration, Duration)}, and samples CPU counters at the start and the
   * end of the measured window (on the calling thread) for the result's {@link Usage}.
   *
   * @param usage reads the counters; returning null means "not sampled"
   */
  static Result run(List<Writer> writers, Duration warmup, Duration measured,
      Supplier<Usage.Sample> usage) throws InterruptedException {
    return new ClosedLoop(writers).run(warmup, measured, usage);
  }

  private Result run(Duration warmup, Duration measured, Supplier<Usage.Sample> usage)
      throws InterruptedException {
    writers.forEach(writer -> writeNext(writer, 1));
    sleepUnlessFailed(warmup);
    Usage.Sample before = usage.get();
    recorder.getIntervalHistogram();
    long start = System.nanoTime();
    sleepUnlessFailed(measured);
    Histogram histogram = recorder.getIntervalHistogram();
    double seconds = (System.nanoTime() - start) / 1e9;
    Usage.Sample after = usage.get();

    running = false;
    boolean drained = stopped.await(DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    return new Result(histogram, seconds, describeFailure(drained),
        before == null || after == null ? null : before.until(after));
  }

  private void writeNext(Writer writer, long sequence) {
    if (!running) {
      stopped.countDown();
      return;
    }
    long start = System.nanoTime();
    CompletionStage<?> write;
    try {
      write = writer.write(sequence);
    } catch (RuntimeException e) {
      fail(e);
      return;
    }
    write.whenComplete((ignored, error) -> {
      if (error != null) {
        fail(error);
        return;
      }
      long micros = (System.nanoTime() - start) / 1_000;
      recorder.recordValue(Math.min(micros, MAX_LATENCY_MICROS));
      writeNext(writer, sequence + 1);
    });
  }

  private void fail(Throwable error) {
    failure.compareAndSet(null, error);
    running = false;
    stopped.countDown();
  }

  /** Sleeps for the window, but returns early when a write has failed (the run is void then). */
  private void sleepUnlessFailed(Duration window) throws InterruptedException {
    long deadline = System.nanoTime() + window.toNanos();
    while (failure.get() == null) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
    }
  }

  private String describeFailure(boolean drained) {
    Throwable error = failure.get();
    if (error != null) {
      return error.getClass().getSimpleName() + ": " + error.getMessage();
    }
    return drained ? null : "writes still in flight " + DRAIN_TIMEOUT.toSeconds()
        + " s after the run ended";
  }
}
