package dev.bftpaxos.core.bft;

import dev.bftpaxos.core.msg.BatchDigest;
import dev.bftpaxos.core.msg.ByzantineMessage;
import dev.bftpaxos.core.msg.LogMessage;
import dev.bftpaxos.core.msg.Message;
import dev.bftpaxos.core.msg.Request;
import dev.bftpaxos.crypto.Digest32;
import dev.bftpaxos.crypto.Statements;
import java.util.ArrayList;
import java.util.List;

/**
 * The signatures a Byzantine-mode message carries on the normal path, each with the exact statement
 * bytes the core will verify it over: what a driver checks ahead of stepping, on other threads
 * ({@link dev.bftpaxos.crypto.PrecheckedVerifier}). Pure and stateless.
 *
 * <p>Only the hot message kinds are listed (proposals with their requests, accepts, commits,
 * checkpoint votes, client requests). A kind left out is not a hole: the core verifies every
 * signature it relies on, prechecked or not; a precheck only saves it the work.
 */
public final class SignedParts {
  /** One signature: by a replica, or by a client (ids past int's range are never valid client ids). */
  public record Part(boolean byClient, int signer, byte[] statement, byte[] signature) {}

  private SignedParts() {}

  /** The signatures in a message from a replica. */
  public static List<Part> of(Digest32 configId, Message m) {
    if (m instanceof ByzantineMessage.Propose p) {
      if (p.batch() == null) {
        return List.of();
      }
      List<Part> parts = new ArrayList<>(1 + p.batch().requests().size());
      parts.add(new Part(false, p.from(),
          Statements.propose(configId, p.ballot(), p.slot(), BatchDigest.of(p.batch())), p.signature()));
      for (Request r : p.batch().requests()) {
        addRequest(configId, r, parts);
      }
      return parts;
    }
    if (m instanceof ByzantineMessage.SignedAccept a && a.digest() != null) {
      return List.of(new Part(false, a.from(), Statements.accept(configId, a.ballot(), a.slot(), a.digest()),
          a.signature()));
    }
    if (m instanceof ByzantineMessage.SignedCommit c && c.digest() != null) {
      return List.of(new Part(false, c.from(), Statements.commit(configId, c.ballot(), c.slot(), c.digest()),
          c.signature()));
    }
    if (m instanceof LogMessage.Checkpoint c && c.stateDigest() != null) {
      return List.of(new Part(false, c.from(), Statements.checkpoint(configId, c.slot(), c.stateDigest()),
          c.signature()));
    }
    return List.of();
  }

  /** The client's signature on a request it sent. */
  public static List<Part> of(Digest32 configId, Request r) {
    List<Part> parts = new ArrayList<>(1);
    addRequest(configId, r, parts);
    return parts;
  }

  private static void addRequest(Digest32 configId, Request r, List<Part> into) {
    // The same narrowing rule as Proofs.requestSigned: an id outside int is never verified.
    if (r.clientId() >= 0 && r.clientId() <= Integer.MAX_VALUE && r.op() != null) {
      into.add(new Part(true, (int) r.clientId(), Statements.request(configId, r.clientId(), r.seq(), r.op()),
          r.signature()));
    }
  }
}
