package dev.bftpaxos.core.msg;

/**
 * Crash mode's agreement messages (Multi-Paxos): phase 1 ({@link ElectionMessage}) and phase 2 with
 * leader liveness ({@link ReplicationMessage}).
 */
public sealed interface CrashMessage extends Message permits ElectionMessage, ReplicationMessage {

  /** Calls the handler method of this message's type. */
  void dispatch(Handler h);

  /** One method per crash-mode message type. */
  interface Handler {
    void onPrepare(ElectionMessage.Prepare m);

    void onPromise(ElectionMessage.Promise m);

    void onNack(ElectionMessage.Nack m);

    void onAccept(ReplicationMessage.Accept m);

    void onAccepted(ReplicationMessage.Accepted m);

    void onCommit(ReplicationMessage.Commit m);

    void onHeartbeat(ReplicationMessage.Heartbeat m);

    void onHeartbeatAck(ReplicationMessage.HeartbeatAck m);
  }
}
