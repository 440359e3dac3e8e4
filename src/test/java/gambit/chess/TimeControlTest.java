package gambit.chess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class TimeControlTest {

  @Test
  void readsMinutesPlusIncrementSeconds() {
    assertEquals(Optional.of(new TimeControl(300_000, 3_000)), TimeControl.parse("5+3"));
    assertEquals(Optional.of(new TimeControl(10_800_000, 180_000)), TimeControl.parse("180+180"));
    assertEquals(Optional.of(new TimeControl(30_000, 0)), TimeControl.parse("0.5+0"));
    assertEquals(Optional.of(new TimeControl(15_000, 1_000)), TimeControl.parse("0.25+1"));
    assertEquals(Optional.empty(), TimeControl.parse("none"));
  }

  @Test
  void refusesAnythingElseSayingWhatIsAllowed() {
    for (String bad : new String[] {"5", "5+", "+3", "5+3.5", "five+3", "5 + 3", "None", "",
        "-1+0", "5+3+1"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> TimeControl.parse(bad), bad);
      assertTrue(e.getMessage().contains("\"M+S\""), e.getMessage());
    }
    for (String outOfRange : new String[] {"0+5", "0.2+0", "181+0", "5+181"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> TimeControl.parse(outOfRange), outOfRange);
      assertTrue(e.getMessage().contains("out of range"), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> TimeControl.parse(null));
  }

  @Test
  void writesPgnsTimeControlTagInSeconds() {
    assertEquals("300+3", TimeControl.parse("5+3").orElseThrow().pgnTag());
    assertEquals("30+0", TimeControl.parse("0.5+0").orElseThrow().pgnTag());
  }

  @Test
  void aTimeControlNeedsTime() {
    assertThrows(IllegalArgumentException.class, () -> new TimeControl(0, 0));
    assertThrows(IllegalArgumentException.class, () -> new TimeControl(1_000, -1));
  }
}
