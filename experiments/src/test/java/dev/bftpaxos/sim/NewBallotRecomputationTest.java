package dev.bftpaxos.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bftpaxos.check.SafetyChecker;
import dev.bftpaxos.check.Violation;
import dev.bftpaxos.core.CoreConfig;
import dev.bftpaxos.core.DurableState;
import dev.bftpaxos.core.Executed;
import dev.bftpaxos.core.Input;
import dev.bftpaxos.core.Output;
import dev.bftpaxos.sim.variants.Variant;
import dev.bftpaxos.core.Replica;
import dev.bftpaxos.core.bft.ByzantineKeys;
import dev.bftpaxos.core.kv.KvCommand;
import dev.bftpaxos.core.kv.KvStateMachine;
import dev.bftpaxos.core.msg.ByzantineMessage.SignedCommit;
import dev.bftpaxos.core.msg.Message;
import dev.bftpaxos.core.msg.Request;
import dev.bftpaxos.crypto.Statements;
import dev.bftpaxos.faulty.FaultyContext;
import dev.bftpaxos.faulty.FaultyReplica;
import dev.bftpaxos.faulty.NewBallotForger;
import dev.bftpaxos.sim.variants.BrokenVariants;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The attack that recomputing NEW-BALLOT defeats, driven message by message (n = 4, f = 1, replica
 * 1 faulty). A request is chosen at slot 1 but only replica 0 sees the commit certificate complete;
 * replicas 2 and 3 hold accept certificates for it. Replica 1 then leads ballot 1 and sends a
 * NEW-BALLOT whose re-proposal for slot 1 is a no-op. Acceptors that recompute it refuse; acceptors
 * that take it as it comes choose the no-op, and the agreement checker sees two values at slot 1.
 */
class NewBallotRecomputationTest {
  record InFlight(int from, int to, Message message) {}

  static final class Cluster {
    final Replica[] replicas = new Replica[4];
    final List<InFlight> inFlight = new ArrayList<>();
    final SafetyChecker safety = new SafetyChecker();
    final SimKeys keys = new SimKeys("fastsim", 7, 4, List.of(1000L));
    Violation violation;

    Cluster(Variant rules) {
      CoreConfig config = CoreConfig.defaults(4);
      for (int r = 0; r < 4; r++) {
        ByzantineKeys k = keys.forReplica(r);
        Replica core = rules.byzantineCore(r, config, k, new KvStateMachine(), bound -> 0, new DurableState());
        replicas[r] = r != 1 ? core
            : new FaultyReplica(core, new NewBallotForger(), new FaultyContext(1, 4, true, config, k.signer(), keys.configId(), b -> 0,
                new dev.bftpaxos.faulty.Coalition(new java.util.TreeSet<>(List.of(1))), dev.bftpaxos.faulty.ActionGate.all(),
                d -> { throw new UnsupportedOperationException("no extra cores in this test"); }));
      }
    }

    void step(int r, Input in) {
      Output out = replicas[r].step(in);
      out.send().forEach(s -> inFlight.add(new InFlight(r, s.to(), s.message())));
      for (Executed e : out.executed()) {
        Violation v = r == 1 ? null : safety.onExecuted(r, 0, e);
        if (v != null && violation == null) {
          violation = v;
        }
      }
    }

    void deliver(Predicate<InFlight> which) {
      for (boolean any = true; any; ) {
        List<InFlight> batch = new ArrayList<>();
        inFlight.removeIf(m -> which.test(m) && batch.add(m));
        any = !batch.isEmpty();
        batch.forEach(m -> step(m.to(), new Input.Receive(m.message())));
      }
    }

    void tick(int r, int ticks) {
      for (int i = 0; i < ticks; i++) {
        step(r, Input.Tick.INSTANCE);
      }
    }
  }

  private static Cluster attack(Variant rules) {
    Cluster c = new Cluster(rules);
    byte[] op = new KvCommand.Put("k", "v").encode();
    Request r = new Request(1000, 1, op).withSignature(
        c.keys.forClient(1000).sign(Statements.request(c.keys.configId(), 1000, 1, op)));
    c.safety.onIssued(r);
    for (int replica = 0; replica < 4; replica++) {
      c.step(replica, new Input.ClientRequest(r)); // every replica starts its request timer
    }
    // Slot 1: proposals and accepts everywhere; COMMITs reach replica 0 only.
    c.deliver(m -> !(m.message() instanceof SignedCommit));
    c.deliver(m -> m.message() instanceof SignedCommit && m.to() == 0);
    c.inFlight.clear();
    assertEquals(1, c.replicas[0].executedThrough(), "replica 0 chose slot 1");
    assertEquals(0, c.replicas[2].executedThrough(), "replica 2 only holds an accept certificate");
    // Replica 0 is cut off from now on. Replicas 2 and 3 time out and move to ballot 1, led by replica 1.
    for (int t = 0; t < 130; t++) {
      c.tick(2, 1);
      c.tick(3, 1);
    }
    assertEquals(1, c.replicas[2].status().ballot(), "replica 2 moved to ballot 1");
    c.deliver(m -> m.to() != 0 && m.from() != 0);
    for (int t = 0; t < 40; t++) {
      for (int replica = 1; replica < 4; replica++) {
        c.tick(replica, 1);
      }
      c.deliver(m -> m.to() != 0 && m.from() != 0);
    }
    return c;
  }

  @Test
  void acceptorsThatRecomputeRefuseTheForgedNewBallot() {
    Cluster c = attack(BrokenVariants.byName("correct"));
    assertNull(c.violation, () -> "correct acceptors were misled: " + c.violation);
    long refused = c.replicas[2].rejections().entrySet().stream()
        .filter(e -> e.getKey().startsWith("new ballot rejected")).mapToLong(e -> e.getValue()).sum();
    assertTrue(refused > 0, "replica 2 must have refused the forged NEW-BALLOT: " + c.replicas[2].rejections());
  }

  @Test
  void acceptorsThatTakeItAsItComesAreCaught() {
    Cluster c = attack(BrokenVariants.byName("unchecked-new-ballot"));
    assertNotNull(c.violation, "the agreement checker must catch the no-op chosen over a chosen value");
    assertEquals(Violation.AGREEMENT, c.violation.property());
    System.out.println("unchecked-new-ballot caught: " + c.violation);
  }
}
