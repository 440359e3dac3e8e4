package gambit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class UsageTest {

  @Test
  void costPerEventIsCpuTimeOfTheWindowDividedByItsEvents() {
    // 2 s window, JVM at 50% of a core = 1 CPU-second, Redis at 25% = 0.5 CPU-second
    Usage usage = new Usage(50, 25, 7, 2.0, 0.25, 3000);

    assertEquals(1000, usage.jvmMicrosPerEvent(1000), 1e-9);
    assertEquals(500, usage.redisMicrosPerEvent(1000), 1e-9);
    assertEquals(250, usage.jvmKernelMicrosPerEvent(1000), 1e-9);
    assertEquals(3.0, usage.contextSwitchesPerEvent(1000), 1e-9);
    assertTrue(Double.isNaN(usage.jvmMicrosPerEvent(0)));
  }

  @Test
  void twoSamplesMakeTheUsageOfTheTimeBetweenThem() {
    Usage.Sample start = new Usage.Sample(0, 0, 10.0, 100, 1.0, 500);
    Usage.Sample end = new Usage.Sample(4_000_000_000L, 2_000_000_000L, 11.0, 130, 1.5, 900);

    Usage usage = start.until(end);

    assertEquals(50, usage.jvmCpuPercent(), 1e-9);
    assertEquals(25, usage.redisCpuPercent(), 1e-9);
    assertEquals(30, usage.gcMillis());
    assertEquals(4.0, usage.seconds(), 1e-9);
    assertEquals(0.5, usage.jvmKernelSeconds(), 1e-9);
    assertEquals(400, usage.contextSwitches());
  }

  @Test
  void readsThisProcessKernelTimeAndContextSwitchesOnLinux() throws Exception {
    assumeTrue(Files.isReadable(Path.of("/proc/self/stat")), "needs Linux /proc");
    CountDownLatch slept = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread sleeper = new Thread(() -> {
      try {
        for (int i = 0; i < 20; i++) {
          Thread.sleep(1); // each sleep gives up the CPU: a voluntary context switch
        }
        slept.countDown();
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    long before = ProcSelf.contextSwitches();
    sleeper.start();
    slept.await();
    long after = ProcSelf.contextSwitches();
    release.countDown();
    sleeper.join();

    assertTrue(ProcSelf.kernelSeconds() >= 0);
    assertTrue(after - before >= 20, (after - before) + " switches counted for 20 sleeps");
  }
}
