package gambit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HeapHistogramTest {

  private static final String BEFORE = """
       num     #instances         #bytes  class name (module)
      -------------------------------------------------------
         1:          1000          64000  [B (java.base@17.0.15)
         2:           500          12000  java.lang.String (java.base@17.0.15)
         3:            10            480  gambit.chess.GameState
      Total          1510          76480
      """;
  private static final String AFTER = """
       num     #instances         #bytes  class name (module)
      -------------------------------------------------------
         1:          3000         164000  [B (java.base@17.0.15)
         2:           200          96000  gambit.chess.GameState
         3:           700          16800  java.lang.String (java.base@17.0.15)
         4:             4            128  akka.actor.ActorCell
      Total          3904         276928
      """;

  @Test
  void readsEveryClassAndTheTotalOfTheDiagnosticCommandsOutput() {
    HeapHistogram histogram = HeapHistogram.parse(AFTER);

    assertEquals(276_928, histogram.totalBytes());
    assertEquals(96_000, histogram.bytes().get("gambit.chess.GameState"));
    assertEquals(3000, histogram.instances().get("[B"));
    assertEquals(4, histogram.bytes().size());
  }

  @Test
  void growthListsTheClassesThatGrewMostFirstIncludingNewOnes() {
    List<HeapHistogram.Growth> growth = HeapHistogram.parse(AFTER)
        .growthSince(HeapHistogram.parse(BEFORE), 3);

    assertEquals(List.of(new HeapHistogram.Growth("[B", 2000, 100_000),
        new HeapHistogram.Growth("gambit.chess.GameState", 190, 95_520),
        new HeapHistogram.Growth("java.lang.String", 200, 4800)), growth);
  }

  @Test
  void theJvmsOwnHistogramCountsLiveObjects() {
    HeapHistogram now = HeapHistogram.now();

    assertTrue(now.totalBytes() > 0);
    assertTrue(now.instances().getOrDefault("java.lang.String", 0L) > 0);
  }

  @Test
  void threadKindsLeaveTheNumbersOut() {
    assertEquals("gambit-akka.actor.default-dispatcher-#",
        ThreadCpu.kind("gambit-akka.actor.default-dispatcher-17"));
    assertEquals("lettuce-epollEventLoop-#-#", ThreadCpu.kind("lettuce-epollEventLoop-4-2"));
  }
}
