package dev.bftpaxos.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bftpaxos.core.CoreConfig;
import dev.bftpaxos.core.DurableState;
import dev.bftpaxos.core.Input;
import dev.bftpaxos.core.Output;
import dev.bftpaxos.core.Cores;
import dev.bftpaxos.core.log.ReplicatedLog;
import dev.bftpaxos.core.kv.KvCommand;
import dev.bftpaxos.core.kv.KvStateMachine;
import dev.bftpaxos.core.msg.ByzantineMessage.BallotPromise;
import dev.bftpaxos.core.msg.Request;
import dev.bftpaxos.crypto.Statements;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ballot-change timer of Byzantine mode runs only while a quorum has reached the ballot (n = 4,
 * q = 3; replica 0 is never stepped, like a silent one). A replica that suspects the leader alone
 * waits in its ballot instead of timing out into higher and higher ballots by itself: that is how a
 * replica once stayed one ballot ahead of the others for good (FaultyBehavioursTest, seed 13).
 */
class LoneBallotChangeTest {
  final SimKeys keys = new SimKeys("fastsim", 3, 4, List.of(1000L));
  final CoreConfig config = CoreConfig.defaults(4);
  final ReplicatedLog[] replicas = new ReplicatedLog[4];
  final List<BallotPromise> promisesTo3 = new ArrayList<>();

  LoneBallotChangeTest() {
    for (int r = 1; r < 4; r++) {
      replicas[r] = Cores.byzantine(r, config, keys.forReplica(r), new KvStateMachine(), bound -> 0, new DurableState());
    }
  }

  void step(int r, Input in) {
    Output out = replicas[r].step(in);
    out.send().stream().filter(s -> s.to() == 3 && s.message() instanceof BallotPromise)
        .forEach(s -> promisesTo3.add((BallotPromise) s.message()));
  }

  void tick(int r, int ticks) {
    for (int i = 0; i < ticks; i++) {
      step(r, Input.Tick.INSTANCE);
    }
  }

  Request request() {
    byte[] op = new KvCommand.Put("k", "v").encode();
    return new Request(1000, 1, op).withSignature(
        keys.forClient(1000).sign(Statements.request(keys.configId(), 1000, 1, op)));
  }

  @Test
  void aReplicaAloneInABallotChangeWaitsForAQuorum() {
    ReplicatedLog lone = replicas[3];
    step(3, new Input.ClientRequest(request()));
    tick(3, 3 * config.electionTimeoutTicks());
    assertEquals(1, lone.status().ballot(), "the request timer moved replica 3 to ballot 1");
    assertTrue(lone.status().changingBallot());
    // Nobody else is in ballot 1: however long replica 3 waits, it does not move on alone.
    tick(3, 100 * config.electionTimeoutTicks());
    assertEquals(1, lone.status().ballot(), "a replica alone must not time out into higher ballots");
    assertTrue(lone.status().changingBallot());

    // Replicas 1 and 2 suspect the leader too; only replica 3 hears their promises, so ballot 1's
    // leader (replica 1) never starts it. Now that a quorum is in ballot 1, replica 3's timer runs
    // (the back-off doubled once: 2 election timeouts) and it moves to ballot 2.
    for (int r = 1; r <= 2; r++) {
      step(r, new Input.ClientRequest(request()));
      tick(r, 3 * config.electionTimeoutTicks());
      assertEquals(1, replicas[r].status().ballot());
    }
    promisesTo3.forEach(p -> step(3, new Input.Receive(p)));
    promisesTo3.clear();
    tick(3, 2 * config.electionTimeoutTicks() - 1);
    assertEquals(1, lone.status().ballot(), "the timer runs from the moment a quorum is in the ballot");
    tick(3, config.heartbeatTicks() + 1);
    assertEquals(2, lone.status().ballot(), "with a quorum in ballot 1 and no NEW-BALLOT, replica 3 moves on");
  }
}
