package dev.bftpaxos.faulty.client;

import dev.bftpaxos.core.CoreConfig;
import dev.bftpaxos.core.Randomness;
import dev.bftpaxos.core.msg.Request;
import dev.bftpaxos.crypto.Digest32;
import dev.bftpaxos.crypto.Signer;
import dev.bftpaxos.crypto.Statements;
import dev.bftpaxos.faulty.ActionGate;
import java.util.List;

/**
 * Everything a misbehaving client has: its own id and signing key (null in crash mode, which signs
 * nothing), the configuration it signs for, the cluster's size and settings, the ids of the correct
 * clients (whom it may try to impersonate), a seeded random source so its attacks replay with the
 * run, and the gate every misbehaving act passes.
 */
public record FaultyClientContext(long clientId, int replicas, boolean byzantine, CoreConfig config, Signer signer,
    Digest32 configId, Randomness random, List<Long> correctClients, ActionGate actions) {
  public FaultyClientContext {
    correctClients = List.copyOf(correctClients);
  }

  /** How the attack search names this client in counterexamples. */
  public String actor() {
    return "c" + clientId;
  }

  /**
   * Asks to perform one misbehaving act, described for the trace. When it returns false the client
   * must not send it: that is how the attack search removes acts.
   */
  public boolean act(String description) {
    return actions.permit(actor(), description);
  }

  /**
   * A request naming {@code id} and {@code seq}, signed with this client's own key (whatever id it
   * names: a signature for another id is a forgery every replica must refuse); unsigned in crash mode.
   */
  public Request signed(long id, long seq, byte[] op) {
    Request r = new Request(id, seq, op);
    return signer == null ? r : r.withSignature(signer.sign(Statements.request(configId, id, seq, op)));
  }
}
