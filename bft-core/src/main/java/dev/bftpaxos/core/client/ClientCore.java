package dev.bftpaxos.core.client;

import dev.bftpaxos.core.Invariants;
import dev.bftpaxos.core.msg.Read;
import dev.bftpaxos.core.msg.ReadReply;
import dev.bftpaxos.core.msg.Reply;
import dev.bftpaxos.core.msg.Request;
import java.util.ArrayList;
import java.util.List;

/**
 * A client as a deterministic state machine: one request outstanding at a time, sent to the replica
 * it believes leads, retransmitted to every replica when no acceptable answer comes in time.
 */
public final class ClientCore {
  private final long clientId;
  private final int replicaCount;
  private final int retransmitTicks;
  private final ReplyRule rulePrototype;
  private final RequestSigner signer;

  private long now;
  private long seq;
  private Request outstanding;
  private ReplyRule rule;
  private long sentTick;
  private int leaderHint;
  private long retransmissions;

  private final ReadPolicy reads;
  private Read outstandingRead;
  private ReadRule readRule;
  private long readId;
  private long readSentTick;
  private long readsThroughLog;

  /** Signs a request as the client (Byzantine mode); crash mode sends requests unsigned. */
  public interface RequestSigner {
    byte[] sign(Request unsigned);

    RequestSigner UNSIGNED = r -> new byte[0];
  }

  public ClientCore(long clientId, int replicaCount, int retransmitTicks, ReplyRule rule) {
    this(clientId, replicaCount, retransmitTicks, rule, RequestSigner.UNSIGNED);
  }

  public ClientCore(long clientId, int replicaCount, int retransmitTicks, ReplyRule rule, RequestSigner signer) {
    this(clientId, replicaCount, retransmitTicks, rule, signer, ReadPolicy.CRASH);
  }

  public ClientCore(long clientId, int replicaCount, int retransmitTicks, ReplyRule rule, RequestSigner signer,
      ReadPolicy reads) {
    Invariants.check(replicaCount >= 1 && retransmitTicks >= 1, "client configuration");
    this.reads = reads;
    this.signer = signer;
    this.clientId = clientId;
    this.replicaCount = replicaCount;
    this.retransmitTicks = retransmitTicks;
    this.rulePrototype = rule;
    this.leaderHint = 0;
  }

  /**
   * Continues a session whose requests so far were numbered up to {@code lastSeq}: a client process
   * that restarts under the same id must not reuse a number, or the replicas' client table answers it
   * with the cached result of the old request. Only before any request of this instance.
   */
  public void resumeAfter(long lastSeq) {
    Invariants.check(outstanding == null && outstandingRead == null && seq == 0 && lastSeq >= 0,
        "client %d resumed after #%d while at #%d", clientId, lastSeq, seq);
    seq = lastSeq;
  }

  /** Starts a new request; the previous one must have completed. */
  public ClientOutput submit(byte[] op) {
    Invariants.check(outstanding == null && outstandingRead == null, "client %d submitted while #%d outstanding",
        clientId, seq);
    seq++;
    Request unsigned = new Request(clientId, seq, op);
    outstanding = unsigned.withSignature(signer.sign(unsigned));
    rule = rulePrototype.fresh();
    sentTick = now;
    return new ClientOutput(List.of(new ClientOutput.Send(leaderHint, outstanding)), null);
  }

  public ClientOutput onReply(Reply reply) {
    if (outstanding == null || reply.clientId() != clientId || reply.seq() != seq) {
      return ClientOutput.NONE;
    }
    if (reply.leaderHint() >= 0 && reply.leaderHint() < replicaCount) {
      leaderHint = reply.leaderHint();
    }
    Reply accepted = rule.offer(reply);
    if (accepted == null) {
      return ClientOutput.NONE;
    }
    outstanding = null;
    return new ClientOutput(List.of(), accepted);
  }

  // ---------------------------------------------------------------- reads outside the log

  /**
   * Starts a read of {@code kind} outside the log ({@code op}: a read-only operation). A kind the
   * policy does not serve outside the log here goes through the log at once. Stale reads go to one
   * replica (spread by client and read id), linearizable and lease reads to the leader it knows, or
   * to every replica where the policy says so.
   */
  public ClientOutput submitRead(Read.Kind kind, byte[] op) {
    Invariants.check(outstanding == null && outstandingRead == null, "client %d read while busy", clientId);
    ReadRule rule = reads.rule(kind);
    if (rule == null) {
      readsThroughLog++;
      return submit(op);
    }
    readId++;
    outstandingRead = new Read(clientId, readId, kind, op);
    readRule = rule.fresh();
    readSentTick = now;
    List<ClientOutput.ReadSend> sends = new ArrayList<>();
    if (kind == Read.Kind.STALE) {
      sends.add(new ClientOutput.ReadSend((int) Math.floorMod(clientId + readId, (long) replicaCount), outstandingRead));
    } else if (kind == Read.Kind.LINEARIZABLE && reads.askAllForLinearizable()) {
      for (int r = 0; r < replicaCount; r++) {
        sends.add(new ClientOutput.ReadSend(r, outstandingRead));
      }
    } else {
      sends.add(new ClientOutput.ReadSend(leaderHint, outstandingRead));
    }
    return new ClientOutput(List.of(), null, sends, null);
  }

  public ClientOutput onReadReply(ReadReply reply) {
    if (outstandingRead == null || reply.clientId() != clientId || reply.readId() != readId
        || reply.replica() < 0 || reply.replica() >= replicaCount) {
      return ClientOutput.NONE;
    }
    if (reply.leaderHint() >= 0 && reply.leaderHint() < replicaCount) {
      leaderHint = reply.leaderHint();
    }
    switch (readRule.offer(reply, replicaCount)) {
      case TAKE -> {
        outstandingRead = null;
        return new ClientOutput(List.of(), null, List.of(), reply);
      }
      case FALL_BACK -> {
        return fallBack();
      }
      case WAIT -> {
        boolean toLeader = outstandingRead.kind() != Read.Kind.STALE && !reads.askAllForLinearizable();
        if (reply.refused() && toLeader && leaderHint != reply.replica()) {
          return new ClientOutput(List.of(), null, List.of(new ClientOutput.ReadSend(leaderHint, outstandingRead)), null);
        }
        return ClientOutput.NONE;
      }
    }
    return ClientOutput.NONE;
  }

  /** No answer outside the log will do: the read becomes an ordinary request through the log. */
  private ClientOutput fallBack() {
    byte[] op = outstandingRead.op();
    outstandingRead = null;
    readsThroughLog++;
    return submit(op);
  }

  public ClientOutput onTick() {
    now++;
    if (outstandingRead != null && now - readSentTick >= retransmitTicks) {
      readSentTick = now;
      retransmissions++;
      if (outstandingRead.kind() == Read.Kind.LINEARIZABLE && reads.askAllForLinearizable()) {
        return fallBack(); // PBFT: one timeout without a quorum, then the log
      }
      List<ClientOutput.ReadSend> sends = new ArrayList<>(replicaCount);
      for (int r = 0; r < replicaCount; r++) {
        sends.add(new ClientOutput.ReadSend(r, outstandingRead));
      }
      return new ClientOutput(List.of(), null, sends, null);
    }
    if (outstanding == null || now - sentTick < retransmitTicks) {
      return ClientOutput.NONE;
    }
    sentTick = now;
    retransmissions++;
    List<ClientOutput.Send> sends = new ArrayList<>(replicaCount);
    for (int r = 0; r < replicaCount; r++) {
      sends.add(new ClientOutput.Send(r, outstanding));
    }
    return new ClientOutput(sends, null);
  }

  public long clientId() {
    return clientId;
  }

  public boolean busy() {
    return outstanding != null || outstandingRead != null;
  }

  /** The read outstanding outside the log, or null. */
  public Read outstandingRead() {
    return outstandingRead;
  }

  /** Reads that went through the log instead (not served outside it here, or no quorum agreed). */
  public long readsThroughLog() {
    return readsThroughLog;
  }

  public Request outstanding() {
    return outstanding;
  }

  public long retransmissions() {
    return retransmissions;
  }
}
