package dev.bftpaxos.core;

import dev.bftpaxos.core.app.StateMachine;
import dev.bftpaxos.core.msg.Batch;
import dev.bftpaxos.core.msg.Reply;
import dev.bftpaxos.core.msg.Request;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies chosen batches to the state machine in slot order, through the client table, the same
 * way in every mode: a measured difference between modes can then only come from agreement.
 */
public final class Executor {
  private final int replicaId;
  private final StateMachine stateMachine;
  private final ClientTable clients;
  private final DuplicateFilter duplicates;
  private final RejectionCounters rejections;
  private long executedThrough;
  private final java.util.function.UnaryOperator<Reply> replySigner;

  /** {@code replySigner} signs every reply this replica sends (Byzantine mode); identity in crash mode. */
  public Executor(int replicaId, StateMachine stateMachine, int clientsMax, DuplicateFilter duplicates,
      RejectionCounters rejections, java.util.function.UnaryOperator<Reply> replySigner) {
    this.replySigner = replySigner;
    this.replicaId = replicaId;
    this.stateMachine = stateMachine;
    this.clients = new ClientTable(clientsMax);
    this.duplicates = duplicates;
    this.rejections = rejections;
  }

  /**
   * Executes {@code slot}, which must be the next one. Replies go out when {@code replying}
   * (crash mode: the leader; Byzantine mode: every replica).
   */
  public Executed execute(long slot, Batch batch, boolean replying, int leaderHint, Output.Builder out) {
    Invariants.check(slot == executedThrough + 1, "executing slot %d after %d", slot, executedThrough);
    List<byte[]> results = new ArrayList<>(batch.requests().size());
    for (Request r : batch.requests()) {
      byte[] result = executeOne(slot, r);
      results.add(result);
      if (result != null && replying) {
        out.reply(replySigner.apply(new Reply(replicaId, r.clientId(), r.seq(), slot, result, leaderHint)));
      }
    }
    executedThrough = slot;
    Executed e = new Executed(slot, batch, results);
    out.executed(e);
    return e;
  }

  private byte[] executeOne(long slot, Request r) {
    if (isDone(r)) {
      return null;
    }
    if (!clients.canRecord(r.clientId())) {
      rejections.count("client table full");
      return null;
    }
    byte[] result = stateMachine.apply(r.op());
    clients.record(r.clientId(), r.seq(), slot, result);
    return result;
  }

  /** Whether the client table says {@code r} (or a later request of its client) already ran. */
  public boolean isDone(Request r) {
    return duplicates.alreadyExecuted(clients.get(r.clientId()), r);
  }

  /** The cached answer to a retransmission of the last executed request, or null. */
  public Reply cachedReply(Request r, int leaderHint) {
    ClientTable.Entry done = clients.get(r.clientId());
    if (done == null || done.seq() != r.seq()) {
      return null;
    }
    return replySigner.apply(new Reply(replicaId, r.clientId(), r.seq(), done.slot(), done.result(), leaderHint));
  }

  /**
   * The replica's whole application state at {@link #executedThrough()}: the state machine and the
   * client table (without it, a replica restored from a snapshot would run retransmissions again).
   */
  public byte[] snapshot() {
    byte[] app = stateMachine.snapshot();
    byte[] table = clients.encode();
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 + app.length + table.length);
    b.putInt(app.length).put(app).put(table);
    return b.array();
  }

  /** Installs a snapshot taken at {@code slot} (checked by the caller against a checkpoint proof). */
  public void restore(long slot, byte[] snapshot) {
    if (snapshot.length < 4) {
      throw new IllegalArgumentException("snapshot too short");
    }
    int appLength = java.nio.ByteBuffer.wrap(snapshot).getInt();
    if (appLength < 0 || appLength > snapshot.length - 4) {
      throw new IllegalArgumentException("snapshot application length " + appLength);
    }
    byte[] app = java.util.Arrays.copyOfRange(snapshot, 4, 4 + appLength);
    clients.restore(snapshot, 4 + appLength, snapshot.length - 4 - appLength);
    stateMachine.restore(app);
    executedThrough = slot;
  }

  public long executedThrough() {
    return executedThrough;
  }

  public StateMachine stateMachine() {
    return stateMachine;
  }
}
