package dev.bftpaxos.core.kv;

/** Snapshot bytes to a state machine, so snapshots fit the decode/encode checks of the tests. */
final class KvStateMachineSnapshots {

  private KvStateMachineSnapshots() {}

  static KvStateMachine restore(byte[] snapshot) {
    KvStateMachine kv = new KvStateMachine();
    kv.restore(snapshot);
    return kv;
  }
}
