package dev.bftpaxos.core.msg;

/**
 * Phase 2 and leader liveness. {@code commitThrough} (piggybacked on ACCEPT, HEARTBEAT and COMMIT)
 * says every slot up to it is chosen; a slot whose accepted ballot equals the message's ballot is
 * chosen with the value accepted there, because a leader proposes one value per slot per ballot.
 */
public sealed interface ReplicationMessage extends CrashMessage {

  record Accept(int from, long ballot, long slot, Batch batch, long commitThrough) implements ReplicationMessage {
    @Override
    public void dispatch(Handler h) {
      h.onAccept(this);
    }
  }

  record Accepted(int from, long ballot, long slot) implements ReplicationMessage {
    @Override
    public void dispatch(Handler h) {
      h.onAccepted(this);
    }
  }

  record Commit(int from, long ballot, long commitThrough) implements ReplicationMessage {
    @Override
    public void dispatch(Handler h) {
      h.onCommit(this);
    }
  }

  record Heartbeat(int from, long ballot, long commitThrough) implements ReplicationMessage {
    @Override
    public void dispatch(Handler h) {
      h.onHeartbeat(this);
    }
  }

  /** Tells the leader the sender still follows it: the leader steps down without a quorum of these. */
  record HeartbeatAck(int from, long ballot, long chosenThrough) implements ReplicationMessage {
    @Override
    public void dispatch(Handler h) {
      h.onHeartbeatAck(this);
    }
  }
}
