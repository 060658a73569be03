package dev.bftpaxos.faulty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bftpaxos.faulty.client.ClientBehaviours;
import dev.bftpaxos.faulty.userland.DroppingBehaviour;
import dev.bftpaxos.faulty.userland.QuietClient;
import org.junit.jupiter.api.Test;

/** Behaviours a user wrote load by class name, with parameters, and every mistake says what to fix. */
class BehaviourClassesTest {
  @Test
  void loadsAReplicaBehaviourByClassNameWithParameters() {
    Behaviour b = Behaviours.byName("dev.bftpaxos.faulty.userland.DroppingBehaviour(every=3)");
    assertInstanceOf(DroppingBehaviour.class, b);
    assertEquals(3, ((DroppingBehaviour) b).every);
    assertInstanceOf(DroppingBehaviour.class, Behaviours.byName("dev.bftpaxos.faulty.userland.DroppingBehaviour"));
  }

  @Test
  void loadsAClientBehaviourWithANoArgumentConstructor() {
    assertInstanceOf(QuietClient.class, ClientBehaviours.byName("dev.bftpaxos.faulty.userland.QuietClient"));
  }

  @Test
  void mistakesAreNamed() {
    assertMessage("not on the classpath", () -> Behaviours.byName("com.example.Missing"));
    assertMessage("does not implement", () -> Behaviours.byName("dev.bftpaxos.faulty.userland.QuietClient"));
    assertMessage("does not implement", () -> ClientBehaviours.byName("java.lang.String"));
    assertMessage("has no parameter 'x'", () -> ClientBehaviours.byName("dev.bftpaxos.faulty.userland.QuietClient(x=1)"));
    assertMessage("has no parameter 'x'", () -> Behaviours.byName("dev.bftpaxos.faulty.userland.DroppingBehaviour(x=1)"));
    assertMessage("an integer in 1..1000", () -> Behaviours.byName("dev.bftpaxos.faulty.userland.DroppingBehaviour(every=0)"));
    assertMessage("not a behaviour name", () -> Behaviours.byName("com..Bad"));
    assertMessage("unknown client behaviour", () -> ClientBehaviours.byName("silent-node"));
  }

  @Test
  void specListsKeepCommasInsideParentheses() {
    assertEquals(java.util.List.of("flooding-client(rate=2,reads=true)", "forging-client"),
        BehaviourSpec.parseList("flooding-client(rate=2,reads=true), forging-client"));
    assertThrows(IllegalArgumentException.class, () -> BehaviourSpec.parseList("flooding-client(rate=2"));
    assertThrows(IllegalArgumentException.class, () -> BehaviourSpec.parseList("a),b("));
  }

  private static void assertMessage(String part, org.junit.jupiter.api.function.Executable e) {
    IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
    assertTrue(x.getMessage().contains(part), () -> "'" + x.getMessage() + "' should say '" + part + "'");
  }
}
