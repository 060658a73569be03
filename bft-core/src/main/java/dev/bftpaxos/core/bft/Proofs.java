package dev.bftpaxos.core.bft;

import dev.bftpaxos.core.msg.Batch;
import dev.bftpaxos.core.msg.ByzantineMessage.AcceptProof;
import dev.bftpaxos.core.msg.ByzantineMessage.BallotPromise;
import dev.bftpaxos.core.msg.BatchDigest;
import dev.bftpaxos.core.msg.CheckpointProof;
import dev.bftpaxos.core.msg.CommitProof;
import dev.bftpaxos.core.msg.ByzantineMessage.NewBallot;
import dev.bftpaxos.core.msg.ByzantineMessage.Reproposal;
import dev.bftpaxos.core.msg.Request;
import dev.bftpaxos.crypto.Certificate;
import dev.bftpaxos.crypto.Digest32;
import dev.bftpaxos.crypto.Sha256;
import dev.bftpaxos.crypto.Statements;
import dev.bftpaxos.crypto.StatementBuilder;
import dev.bftpaxos.crypto.StatementBytes;
import dev.bftpaxos.crypto.VerificationResult;

/**
 * Checks the proofs Byzantine-mode messages carry and computes the digests their signatures
 * cover. Every method returns null when a proof holds and the reason when it does not: a bad proof
 * is what a faulty peer sends, to be refused and counted, never an exception.
 */
public final class Proofs {
  private final ByzantineKeys keys;
  private final int quorum;
  /** A promise reports at most this many slots above its checkpoint: its sender's window. */
  private final int watermarkSlots;

  public Proofs(ByzantineKeys keys, int quorum, int watermarkSlots) {
    this.keys = keys;
    this.quorum = quorum;
    this.watermarkSlots = watermarkSlots;
  }

  public String checkAccept(AcceptProof p) {
    if (p.batch() == null || !BatchDigest.of(p.batch()).equals(p.digest())) {
      return "accept certificate's batch does not hash to its digest";
    }
    return certificate(Statements.accept(keys.configId(), p.ballot(), p.slot(), p.digest()), p.signatures(),
        "accept certificate");
  }

  public String checkCommit(CommitProof p) {
    if (p.batch() == null || !BatchDigest.of(p.batch()).equals(p.digest())) {
      return "commit certificate's batch does not hash to its digest";
    }
    return certificate(Statements.commit(keys.configId(), p.ballot(), p.slot(), p.digest()), p.signatures(),
        "commit certificate");
  }

  public String checkCheckpoint(CheckpointProof p) {
    if (p.slot() == 0 && p.signatures().isEmpty()) {
      return null; // the initial state needs no proof
    }
    return certificate(Statements.checkpoint(keys.configId(), p.slot(), p.stateDigest()), p.signatures(),
        "checkpoint certificate");
  }

  /** Signature and every proof inside one promise. */
  public String checkPromise(BallotPromise p) {
    // Shape first, then signatures: a promise that cannot be valid costs no verification. A correct
    // replica reports certificates only for slots inside its window above its checkpoint.
    long base = p.checkpoint() == null ? 0 : p.checkpoint().slot();
    if (p.accepted().size() > watermarkSlots
        || !p.accepted().isEmpty() && p.accepted().get(p.accepted().size() - 1).slot() - base > watermarkSlots) {
      return "promise reports slots beyond a window above its checkpoint";
    }
    if (!keys.replicas().verify(p.from(), promiseStatement(p), p.signature())) {
      return "promise signature does not verify";
    }
    if (p.checkpoint() != null) {
      String bad = checkCheckpoint(p.checkpoint());
      if (bad != null) {
        return bad;
      }
    }
    long low = p.checkpoint() == null ? 0 : p.checkpoint().slot();
    long lastSlot = low;
    for (AcceptProof a : p.accepted()) {
      if (a.slot() <= lastSlot || a.ballot() >= p.ballot()) {
        return "promise lists slots out of order or a certificate from its own ballot or later";
      }
      lastSlot = a.slot();
      String bad = checkAccept(a);
      if (bad != null) {
        return bad;
      }
    }
    return null;
  }

  /**
   * Whether {@code r} carries its client's signature. Client keys are indexed by int ids, so an id
   * outside them is refused before anything is narrowed: otherwise one client's key would sign for
   * every id that narrows to its own.
   */
  public boolean requestSigned(Request r) {
    if (r.clientId() < 0 || r.clientId() > Integer.MAX_VALUE) {
      return false;
    }
    return keys.clients().verify((int) r.clientId(), Statements.request(keys.configId(), r.clientId(), r.seq(), r.op()),
        r.signature());
  }

  public byte[] promiseStatement(BallotPromise p) {
    return promiseStatement(keys.configId(), p);
  }

  /** What a replica signs to promise {@code p.ballot()}: static so a faulty node can sign its own lies. */
  public static byte[] promiseStatement(Digest32 configId, BallotPromise p) {
    StatementBuilder b = StatementBytes.builder("bftpaxos/promise-contents/v1");
    if (p.checkpoint() == null) {
      b.putLong(-1);
    } else {
      b.putLong(p.checkpoint().slot()).putDigest(p.checkpoint().stateDigest());
    }
    b.putInt(p.accepted().size());
    for (AcceptProof a : p.accepted()) {
      b.putLong(a.slot()).putLong(a.ballot()).putDigest(a.digest());
    }
    return Statements.promise(configId, p.ballot(), Sha256.hash(b.build()));
  }

  public byte[] newBallotStatement(NewBallot m) {
    return newBallotStatement(keys.configId(), m);
  }

  /** What the leader of {@code m.ballot()} signs: static so a faulty node can forge with its own key. */
  public static byte[] newBallotStatement(Digest32 configId, NewBallot m) {
    StatementBuilder b = StatementBytes.builder("bftpaxos/new-ballot-contents/v1").putInt(m.promises().size());
    for (BallotPromise p : m.promises()) {
      b.putInt(p.from()).putBytes(p.signature());
    }
    b.putInt(m.reproposals().size());
    for (Reproposal r : m.reproposals()) {
      b.putLong(r.slot()).putDigest(BatchDigest.of(r.batch()));
    }
    return Statements.newBallot(configId, m.ballot(), Sha256.hash(b.build()));
  }

  public static Digest32 noopDigest() {
    return BatchDigest.of(Batch.NOOP);
  }

  private String certificate(byte[] statement, java.util.List<dev.bftpaxos.crypto.SignerSignature> sigs, String what) {
    VerificationResult r = keys.certificates().verify(new Certificate(statement, sigs), keys.replicas(), quorum);
    return r.isValid() ? null : what + ": " + r.reason() + " " + r.detail();
  }
}
