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

  /**
   * {@code round} numbers the leader's heartbeats in its ballot: an acknowledgement of round r
   * confirms the ballot as of the moment r was sent (reads use that, see MultiPaxos).
   */
  record Heartbeat(int from, long ballot, long commitThrough, long round) implements ReplicationMessage {
    public Heartbeat(int from, long ballot, long commitThrough) {
      this(from, ballot, commitThrough, 0);
    }

    @Override
    public void dispatch(Handler h) {
      h.onHeartbeat(this);
    }
  }

  /** Tells the leader the sender still follows it (as of heartbeat {@code round}). */
  record HeartbeatAck(int from, long ballot, long chosenThrough, long round) implements ReplicationMessage {
    public HeartbeatAck(int from, long ballot, long chosenThrough) {
      this(from, ballot, chosenThrough, 0);
    }

    @Override
    public void dispatch(Handler h) {
      h.onHeartbeatAck(this);
    }
  }
}
