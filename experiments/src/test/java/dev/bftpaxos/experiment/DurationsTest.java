package dev.bftpaxos.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void parsesUnitsAndBareMicroseconds() {
    assertEquals(800, Durations.parseMicros("800us"));
    assertEquals(800, Durations.parseMicros("800"));
    assertEquals(250_000, Durations.parseMicros("250ms"));
    assertEquals(1_500_000, Durations.parseMicros("1.5s"));
    assertEquals(2_000_000, Durations.parseMicros(" 2 s "));
    assertEquals(500, Durations.parseMicros("0.5ms"));
  }

  @Test
  void rejectsWhatIsNotADuration() {
    assertThrows(IllegalArgumentException.class, () -> Durations.parseMicros("soon"));
    assertThrows(IllegalArgumentException.class, () -> Durations.parseMicros("5 minutes"));
    assertThrows(IllegalArgumentException.class, () -> Durations.parseMicros("-1ms"));
  }
}
