package dev.bftpaxos.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bftpaxos.core.kv.KvCommand;
import dev.bftpaxos.core.kv.KvStateMachine;
import dev.bftpaxos.core.log.ConfigChange;
import dev.bftpaxos.core.log.Configuration;
import dev.bftpaxos.core.log.ReplicatedLog;
import dev.bftpaxos.core.msg.Batch;
import dev.bftpaxos.core.msg.Message;
import dev.bftpaxos.core.msg.Reply;
import dev.bftpaxos.core.msg.Request;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Crash mode through configuration changes, hand-driven: replicas are added (and catch up by
 * state transfer), removed (the leader included), and the quorum follows the configuration.
 */
class ReconfigurationCrashTest {
  private static final int UNIVERSE = 5;
  private final CoreConfig config = CoreConfig.defaults(UNIVERSE).withWindow(4);
  private final ReplicatedLog[] cores = new ReplicatedLog[UNIVERSE];
  private final DurableState[] durable = new DurableState[UNIVERSE];
  private final boolean[] up = new boolean[UNIVERSE];
  private final ArrayDeque<Output.Send> inFlight = new ArrayDeque<>();
  private final ArrayDeque<Integer> inFlightFrom = new ArrayDeque<>();
  private final List<Reply> replies = new ArrayList<>();
  /** Per replica, slot to batch as it executed them. */
  private final List<Map<Long, Batch>> executed = new ArrayList<>();
  private long seq;

  private void start(Configuration initial) {
    for (int r = 0; r < UNIVERSE; r++) {
      durable[r] = new DurableState();
      cores[r] = Cores.crash(r, config, new KvStateMachine(), bound -> 0, durable[r], initial);
      up[r] = true;
      executed.add(new HashMap<>());
    }
  }

  private void step(int r, Input input) {
    if (!up[r]) {
      return;
    }
    Output out = cores[r].step(input);
    out.persist().forEach(durable[r]::apply);
    for (Output.Send s : out.send()) {
      inFlight.add(s);
      inFlightFrom.add(r);
    }
    for (Executed e : out.executed()) {
      Batch before = executed.get(r).put(e.slot(), e.batch());
      assertTrue(before == null, "slot executed twice at " + r);
    }
    replies.addAll(out.replies());
  }

  /** Ticks every replica {@code ticks} times, delivering everything in flight after each tick. */
  private void run(int ticks) {
    for (int i = 0; i < ticks; i++) {
      for (int r = 0; r < UNIVERSE; r++) {
        step(r, Input.Tick.INSTANCE);
      }
      int budget = 100_000;
      while (!inFlight.isEmpty() && budget-- > 0) {
        Output.Send s = inFlight.poll();
        inFlightFrom.poll();
        step(s.to(), new Input.Receive(s.message()));
      }
    }
  }

  private int leader() {
    for (int r = 0; r < UNIVERSE; r++) {
      if (up[r] && cores[r].agreement().isActiveLeader()) {
        return r;
      }
    }
    return -1;
  }

  /** Submits {@code op} to the leader (waiting for one) and runs until its reply comes. */
  private String submit(byte[] op) {
    long mySeq = ++seq;
    Request req = new Request(1, mySeq, op);
    for (int attempt = 0; attempt < 200; attempt++) {
      int l = leader();
      if (l >= 0) {
        step(l, new Input.ClientRequest(req));
      }
      run(5);
      for (Reply r : replies) {
        if (r.seq() == mySeq) {
          return new String(r.result(), java.nio.charset.StandardCharsets.UTF_8);
        }
      }
    }
    throw new AssertionError("no reply to request " + mySeq);
  }

  private void put(int i) {
    submit(new KvCommand.Put("k" + (i % 7), "v" + i).encode());
  }

  private void assertAgreement() {
    for (int a = 0; a < UNIVERSE; a++) {
      for (int b = a + 1; b < UNIVERSE; b++) {
        for (Map.Entry<Long, Batch> e : executed.get(a).entrySet()) {
          Batch other = executed.get(b).get(e.getKey());
          assertTrue(other == null || other.equals(e.getValue()), "replicas " + a + " and " + b + " differ at " + e.getKey());
        }
      }
    }
  }

  @Test
  void addsAReplicaThatCatchesUpAndThenRemovesTheLeader() {
    start(Configuration.ofMembers(0, 0b00111));
    run(400);
    assertTrue(leader() >= 0 && leader() < 3, "a member leads");
    for (int i = 0; i < 30; i++) {
      put(i);
    }
    assertEquals(0, cores[3].executedThrough(), "a replica outside the configuration takes no part");
    String added = submit(ConfigChange.add(3, null).encode());
    assertTrue(added.startsWith("ok C1 from "), added);
    long activation = Long.parseLong(added.substring("ok C1 from ".length()));
    assertEquals(activation - config.reconfigurationAlphaSlots(), replies.get(replies.size() - 1).slot(),
        "active alpha slots after the slot that decided it");
    run(300); // an idle cluster fills the alpha slots with no-ops
    for (int r = 0; r < 4; r++) {
      assertTrue(cores[r].executedThrough() >= activation, "replica " + r + " reached the activation");
      assertEquals(4, cores[r].configurationAt(activation).n());
    }
    assertTrue(cores[3].stableCheckpointSlot() > 0, "the added replica caught up by state transfer");
    for (int i = 30; i < 40; i++) {
      put(i);
    }
    int oldLeader = leader();
    String removed = submit(ConfigChange.remove(oldLeader).encode());
    assertTrue(removed.startsWith("ok C2 from "), removed);
    long removal = Long.parseLong(removed.substring("ok C2 from ".length()));
    run(600);
    int newLeader = leader();
    assertTrue(newLeader >= 0 && newLeader != oldLeader, "the removed leader handed over, got " + newLeader);
    for (int i = 40; i < 60; i++) {
      put(i);
    }
    Configuration last = cores[newLeader].configurationAt(removal);
    assertFalse(last.contains(oldLeader));
    assertEquals(3, last.n());
    assertEquals(2, last.crashQuorum(), "the quorum follows n (bft-smart#118)");
    assertTrue(cores[oldLeader].rejections().getOrDefault("no election: not a member of the last configuration", 0L) > 0
        || cores[oldLeader].agreement().leaderHint() != oldLeader);
    assertAgreement();

    // Once the old configuration is under the stable checkpoint, the removed replica is heard no more.
    assertTrue(cores[newLeader].stableCheckpointSlot() >= removal, "the checkpoint passed the removal");
    String refused = "message from a replica outside the configurations held";
    long before = cores[newLeader].rejections().getOrDefault(refused, 0L);
    step(newLeader, new Input.Receive(new dev.bftpaxos.core.msg.ElectionMessage.Prepare(oldLeader, 1_000_000,
        cores[newLeader].chosenThrough() + 1)));
    assertEquals(before + 1, cores[newLeader].rejections().getOrDefault(refused, 0L));
    assertTrue(cores[newLeader].agreement().isActiveLeader(), "a removed replica's prepare deposes no one");

    // The configuration is durable: the added replica restarts from its checkpoint and still counts.
    executed.set(3, new HashMap<>()); // a new incarnation executes again from its checkpoint
    cores[3] = Cores.crash(3, config, new KvStateMachine(), bound -> 0, durable[3], Configuration.ofMembers(0, 0b00111));
    Configuration restored = cores[3].configurationAt(cores[3].executedThrough() + 1);
    assertTrue(restored.contains(3) && !restored.contains(oldLeader), "restored " + restored);
    for (int i = 60; i < 70; i++) {
      put(i);
    }
    assertAgreement();
  }

  @Test
  void aRemovedReplicaIsNotNeededForAQuorum() {
    start(Configuration.ofMembers(0, 0b00111));
    run(400);
    int l = leader();
    int victim = (l + 1) % 3;
    assertTrue(submit(ConfigChange.remove(victim).encode()).startsWith("ok C1"));
    run(300);
    up[victim] = false; // crash it: {l, other} is 2 of 2, still a quorum
    int other = 3 - l - victim;
    up[other] = true;
    for (int i = 0; i < 10; i++) {
      put(i);
    }
    // And with a further crash of the remaining follower, no progress: 1 of 2 is no quorum.
    up[other] = false;
    long before = cores[l].chosenThrough();
    step(l, new Input.ClientRequest(new Request(2, 1, new KvCommand.Put("x", "y").encode())));
    run(30);
    assertEquals(before, cores[l].chosenThrough(), "one of two is no majority");
    assertAgreement();
  }
}
