package dev.bftpaxos.core.client;

import dev.bftpaxos.core.Invariants;
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

  /** Signs a request as the client (Byzantine mode); crash mode sends requests unsigned. */
  public interface RequestSigner {
    byte[] sign(Request unsigned);

    RequestSigner UNSIGNED = r -> new byte[0];
  }

  public ClientCore(long clientId, int replicaCount, int retransmitTicks, ReplyRule rule) {
    this(clientId, replicaCount, retransmitTicks, rule, RequestSigner.UNSIGNED);
  }

  public ClientCore(long clientId, int replicaCount, int retransmitTicks, ReplyRule rule, RequestSigner signer) {
    Invariants.check(replicaCount >= 1 && retransmitTicks >= 1, "client configuration");
    this.signer = signer;
    this.clientId = clientId;
    this.replicaCount = replicaCount;
    this.retransmitTicks = retransmitTicks;
    this.rulePrototype = rule;
    this.leaderHint = 0;
  }

  /** Starts a new request; the previous one must have completed. */
  public ClientOutput submit(byte[] op) {
    Invariants.check(outstanding == null, "client %d submitted while #%d outstanding", clientId, seq);
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

  public ClientOutput onTick() {
    now++;
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
    return outstanding != null;
  }

  public Request outstanding() {
    return outstanding;
  }

  public long retransmissions() {
    return retransmissions;
  }
}
