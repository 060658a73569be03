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
  private final ReservedOps reserved;

  /**
   * Operations the replica itself executes instead of the application (configuration changes),
   * with the state they keep, which travels in the snapshot beside the application's.
   */
  public interface ReservedOps {
    boolean handles(byte[] op);

    /**
     * Executes {@code op}, sent by {@code clientId}, at {@code slot}; the result goes to the client
     * like an application's.
     */
    byte[] apply(long slot, long clientId, byte[] op);

    /**
     * The state to carry in a snapshot taken after executing {@code slot}, a function of the slots
     * executed only (every replica's snapshot of a slot must be the same bytes), or null while it is
     * the initial one (the snapshot keeps its old form).
     */
    byte[] state(long slot);

    /** Replaces the state with one from {@link #state(long)} (null: the initial one). */
    void restore(byte[] state);
  }

  /** No reserved operations: every operation is the application's. */
  public static final ReservedOps NONE = new ReservedOps() {
    @Override
    public boolean handles(byte[] op) {
      return false;
    }

    @Override
    public byte[] apply(long slot, long clientId, byte[] op) {
      throw new IllegalStateException("no reserved operations");
    }

    @Override
    public byte[] state(long slot) {
      return null;
    }

    @Override
    public void restore(byte[] state) {}
  };

  /**
   * {@code replySigner} signs every reply this replica sends (Byzantine mode), or returns null where
   * this replica sends none; identity in crash mode.
   */
  public Executor(int replicaId, StateMachine stateMachine, int clientsMax, DuplicateFilter duplicates,
      RejectionCounters rejections, java.util.function.UnaryOperator<Reply> replySigner) {
    this(replicaId, stateMachine, clientsMax, duplicates, rejections, replySigner, NONE);
  }

  public Executor(int replicaId, StateMachine stateMachine, int clientsMax, DuplicateFilter duplicates,
      RejectionCounters rejections, java.util.function.UnaryOperator<Reply> replySigner, ReservedOps reserved) {
    this.replySigner = replySigner;
    this.reserved = reserved;
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
      Reply reply = result != null && replying
          ? replySigner.apply(new Reply(replicaId, r.clientId(), r.seq(), slot, result, leaderHint)) : null;
      if (reply != null) {
        out.reply(reply);
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
    byte[] result = reserved.handles(r.op()) ? reserved.apply(slot, r.clientId(), r.op()) : stateMachine.apply(r.op());
    clients.record(r.clientId(), r.seq(), slot, result);
    return result;
  }

  /** Whether the client table says {@code r} (or a later request of its client) already ran. */
  public boolean isDone(Request r) {
    return duplicates.alreadyExecuted(clients.get(r.clientId()), r);
  }

  /** The cached answer to a retransmission of the last executed request, or null (none, or not sent by this replica). */
  public Reply cachedReply(Request r, int leaderHint) {
    ClientTable.Entry done = clients.get(r.clientId());
    if (done == null || done.seq() != r.seq()) {
      return null;
    }
    return replySigner.apply(new Reply(replicaId, r.clientId(), r.seq(), done.slot(), done.result(), leaderHint));
  }

  /**
   * The replica's whole application state at {@link #executedThrough()}: the state machine and the
   * client table (without it, a replica restored from a snapshot would run retransmissions again),
   * and the reserved operations' state if it is not the initial one: then the snapshot starts with
   * -1 and that state's length and bytes (an application length is never negative, so a snapshot
   * taken where nothing was reconfigured keeps exactly its old bytes).
   */
  public byte[] snapshot() {
    byte[] app = stateMachine.snapshot();
    byte[] table = clients.encode();
    byte[] own = reserved.state(executedThrough);
    int prefix = own == null ? 0 : 8 + own.length;
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(prefix + 4 + app.length + table.length);
    if (own != null) {
      b.putInt(-1).putInt(own.length).put(own);
    }
    b.putInt(app.length).put(app).put(table);
    return b.array();
  }

  /** Installs a snapshot taken at {@code slot} (checked by the caller against a checkpoint proof). */
  public void restore(long slot, byte[] snapshot) {
    if (snapshot.length < 4) {
      throw new IllegalArgumentException("snapshot too short");
    }
    int at = 0;
    byte[] own = null;
    if (java.nio.ByteBuffer.wrap(snapshot).getInt() == -1) {
      if (snapshot.length < 12) {
        throw new IllegalArgumentException("snapshot too short");
      }
      int ownLength = java.nio.ByteBuffer.wrap(snapshot, 4, 4).getInt();
      if (ownLength < 0 || ownLength > snapshot.length - 12) {
        throw new IllegalArgumentException("snapshot reserved-state length " + ownLength);
      }
      own = java.util.Arrays.copyOfRange(snapshot, 8, 8 + ownLength);
      at = 8 + ownLength;
    }
    if (snapshot.length < at + 4) {
      throw new IllegalArgumentException("snapshot too short");
    }
    int appLength = java.nio.ByteBuffer.wrap(snapshot, at, 4).getInt();
    if (appLength < 0 || appLength > snapshot.length - at - 4) {
      throw new IllegalArgumentException("snapshot application length " + appLength);
    }
    byte[] app = java.util.Arrays.copyOfRange(snapshot, at + 4, at + 4 + appLength);
    reserved.restore(own);
    clients.restore(snapshot, at + 4 + appLength, snapshot.length - at - 4 - appLength);
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
