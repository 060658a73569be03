package dev.bftpaxos.faulty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ActionGateTest {
  @Test
  void renderAndParseRoundTripForManyRandomSets() {
    for (long seed = 1; seed <= 300; seed++) {
      Random r = new Random(seed);
      SortedSet<Integer> set = new TreeSet<>();
      int n = r.nextInt(40);
      for (int i = 0; i < n; i++) {
        set.add(r.nextInt(100));
      }
      String text = ActionGate.render(set);
      long s = seed;
      assertEquals(set, ActionGate.parse(text), () -> "seed " + s + ": " + text);
    }
  }

  @Test
  void rendersRangesCompactly() {
    assertEquals("0-3,7,9-10", ActionGate.render(new TreeSet<>(java.util.List.of(0, 1, 2, 3, 7, 9, 10))));
    assertEquals("none", ActionGate.render(new TreeSet<>()));
  }

  @Test
  void rejectsBadTextWithAReason() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ActionGate.parse("3-1")).getMessage().contains("backwards"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ActionGate.parse("x")).getMessage().contains("not an action index"));
    assertThrows(IllegalArgumentException.class, () -> ActionGate.parse("-2"));
  }

  @Test
  void numbersEveryAttemptAndPerformsOnlyAllowedOnes() {
    ActionGate gate = ActionGate.only(new TreeSet<>(java.util.List.of(1, 3)));
    java.util.List<String> heard = new java.util.ArrayList<>();
    gate.listener((i, r, d) -> heard.add(i + ":" + r + ":" + d));
    assertFalse(gate.permit(0, "a"));
    assertTrue(gate.permit(0, "b"));
    assertFalse(gate.permit(2, "c"));
    assertTrue(gate.permit(2, "d"));
    assertFalse(gate.permit(2, "e"));
    assertEquals(5, gate.attempted());
    assertEquals(java.util.List.of("1:r0:b", "3:r2:d"), heard);
    assertEquals(2, gate.performed().size());
    assertTrue(ActionGate.all().permit(0, "x"));
  }
}
