package dev.bftpaxos.core;

import dev.bftpaxos.core.app.StateMachine;
import dev.bftpaxos.core.crash.MultiPaxos;
import dev.bftpaxos.core.log.ReplicatedLog;
import dev.bftpaxos.core.msg.Batch;
import java.util.Map;

/** A crash-mode replica as the scenario tests look at it: the shared log and its Multi-Paxos agreement. */
final class CrashReplica {
  final ReplicatedLog log;

  CrashReplica(ReplicatedLog log) {
    this.log = log;
  }

  private MultiPaxos paxos() {
    return (MultiPaxos) log.agreement();
  }

  Output step(Input input) {
    return log.step(input);
  }

  Role role() {
    return paxos().role();
  }

  long promised() {
    return paxos().promised();
  }

  long ownBallot() {
    return paxos().ownBallot();
  }

  long chosenThrough() {
    return log.chosenThrough();
  }

  Batch chosenAt(long slot) {
    return log.chosenAt(slot);
  }

  long executedThrough() {
    return log.executedThrough();
  }

  long stableCheckpointSlot() {
    return log.stableCheckpointSlot();
  }

  int logSize() {
    return log.logSize();
  }

  Map<String, Long> rejections() {
    return log.rejections();
  }

  StateMachine stateMachine() {
    return log.stateMachine();
  }
}
