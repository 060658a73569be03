package dev.bftpaxos.faulty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

class BehaviourSpecTest {
  @Test
  void parsesNamesAndParameters() {
    assertEquals(new BehaviourSpec("silent-node", Map.of()), BehaviourSpec.parse("silent-node"));
    BehaviourSpec s = BehaviourSpec.parse(" silent-node( to = 1+2 ) ");
    assertEquals("silent-node", s.name());
    assertEquals(Map.of("to", "1+2"), s.params());
  }

  @Test
  void assignmentsKeepCommasInsideParentheses() {
    SortedMap<Integer, String> m = BehaviourSpec.parseAssignments("3=silent-node(to=1+2),0=equivocating-proposer");
    assertEquals(Map.of(0, "equivocating-proposer", 3, "silent-node(to=1+2)"), m);
    assertEquals("0=equivocating-proposer,3=silent-node(to=1+2)", BehaviourSpec.renderAssignments(m));
    assertEquals(m, BehaviourSpec.parseAssignments(BehaviourSpec.renderAssignments(m)));
  }

  @Test
  void badTextIsRejectedWithAReason() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> BehaviourSpec.parseAssignments("x=silent-node"))
        .getMessage().contains("not a number"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> BehaviourSpec.parseAssignments("1=silent-node,1=replayer"))
        .getMessage().contains("two behaviours"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> BehaviourSpec.parseAssignments("1=silent-node(to=2"))
        .getMessage().contains("')'"));
    assertThrows(IllegalArgumentException.class, () -> BehaviourSpec.parse("Silent Node"));
    assertThrows(IllegalArgumentException.class, () -> BehaviourSpec.parse("silent-node(to)"));
  }

  @Test
  void unknownBehavioursAndParametersAreNamed() {
    String unknown = assertThrows(IllegalArgumentException.class, () -> Behaviours.byName("byzantine-general")).getMessage();
    assertTrue(unknown.contains("unknown behaviour 'byzantine-general'") && unknown.contains("silent-node"), unknown);
    String typo = assertThrows(IllegalArgumentException.class, () -> Behaviours.byName("silent-node(too=1)")).getMessage();
    assertTrue(typo.contains("no parameter 'too'") && typo.contains("to"), typo);
    String none = assertThrows(IllegalArgumentException.class, () -> Behaviours.byName("replayer(x=1)")).getMessage();
    assertTrue(none.contains("takes none"), none);
    String bad = assertThrows(IllegalArgumentException.class, () -> Behaviours.byName("silent-node(to=a)")).getMessage();
    assertTrue(bad.contains("replica ids"), bad);
  }

  @Test
  void everyReadyBehaviourBuildsByItsName() {
    for (String name : Behaviours.names()) {
      assertEquals(name, Behaviours.byName(name).name());
    }
  }
}
