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
  /** Which configuration, and so which quorum and whose keys, each slot's certificates count in. */
  private final ConfigurationKeys configurations;
  private final QuorumRule quorums;
  /** A promise reports at most this many slots above its checkpoint: its sender's window. */
  private final int watermarkSlots;

  public Proofs(ConfigurationKeys configurations, QuorumRule quorums, int watermarkSlots) {
    this.keys = configurations.keys();
    this.configurations = configurations;
    this.quorums = quorums;
    this.watermarkSlots = watermarkSlots;
  }

  /** The Byzantine quorum of configuration {@code c}: the one size every tally and check uses. */
  public int quorum(dev.bftpaxos.core.log.Configuration c) {
    return quorums.quorum(c, configurations.first());
  }

  /** The keys by configuration, for the agreement's own signatures and checks. */
  public ConfigurationKeys configurations() {
    return configurations;
  }

  public String checkAccept(AcceptProof p) {
    if (p.batch() == null || !BatchDigest.of(p.batch()).equals(p.digest())) {
      return "accept certificate's batch does not hash to its digest";
    }
    return certificate(Statements.accept(keys.configId(), p.ballot(), p.slot(), p.digest()), p.slot(), p.signatures(),
        "accept certificate");
  }

  public String checkCommit(CommitProof p) {
    if (p.batch() == null || !BatchDigest.of(p.batch()).equals(p.digest())) {
      return "commit certificate's batch does not hash to its digest";
    }
    return certificate(Statements.commit(keys.configId(), p.ballot(), p.slot(), p.digest()), p.slot(), p.signatures(),
        "commit certificate");
  }

  public String checkCheckpoint(CheckpointProof p) {
    if (p.slot() == 0 && p.signatures().isEmpty()) {
      return null; // the initial state needs no proof
    }
    CheckpointProof stable = configurations.stable();
    if (stable != null && p.slot() <= stable.slot()) {
      // At or below this replica's own stable checkpoint, whose configuration may be dropped already
      // (its last slot is the stable one): compared with what this replica proved itself instead.
      // A checkpoint below it changes nothing here (a NEW-BALLOT adopts a base only above it, and a
      // leader's base is at least its own stable checkpoint), so it is taken as the lagging peer's.
      if (p.slot() == stable.slot() && !p.stateDigest().equals(stable.stateDigest())) {
        return "checkpoint at this replica's stable slot with another state digest";
      }
      return null;
    }
    byte[] statement = Statements.checkpoint(keys.configId(), p.slot(), p.stateDigest());
    if (!configurations.knowsConfigurationOf(p.slot())) {
      return vouchedByTheKnownConfiguration(statement, p.signatures());
    }
    return certificate(statement, p.slot(), p.signatures(), "checkpoint certificate");
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
    if (!configurations.verifyAnyHeld(p.from(), promiseStatement(p), p.signature())) {
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

  /**
   * A checkpoint beyond what this replica knows the configuration of (it lags more than alpha
   * slots, so changes it has not executed may govern the slot): the quorum of a configuration it
   * does not know cannot be counted, and counting its own last one refused a proof made by a
   * smaller configuration for good (simulated reconfiguration with faulty replicas, seed 71: a
   * removal took n from 5 to 4, q from 4 to 3). It takes the proof if f+1 members of the last
   * configuration it knows, each with its key there, signed it: one of them is correct (while that
   * configuration has at most f faulty members, the assumption a lagging replica relies on), and a
   * correct replica signs only the state it executed, so the digest is the state's. The proof
   * itself is what a quorum of the slot's own configuration made; replicas that know that
   * configuration check it in full.
   */
  private String vouchedByTheKnownConfiguration(byte[] statement, java.util.List<dev.bftpaxos.crypto.SignerSignature> sigs) {
    dev.bftpaxos.core.log.Configuration known = configurations.latest();
    java.util.List<dev.bftpaxos.crypto.SignerSignature> members = new java.util.ArrayList<>(sigs.size());
    for (dev.bftpaxos.crypto.SignerSignature s : sigs) {
      if (known.contains(s.signerId())) {
        members.add(s);
      }
    }
    VerificationResult r = keys.certificates().verify(new Certificate(statement, members), configurations.ring(known),
        known.byzantineF() + 1);
    return r.isValid() ? null
        : "checkpoint certificate beyond the known configurations: " + r.reason() + " " + r.detail();
  }

  /**
   * A certificate about {@code slot} holds a quorum of the configuration governing it, each
   * signature under its signer's key there. Signatures of non-members are left out before the
   * count (they never count, and a certificate formed by a replica a little ahead may carry one);
   * every one kept must verify.
   */
  private String certificate(byte[] statement, long slot, java.util.List<dev.bftpaxos.crypto.SignerSignature> sigs,
      String what) {
    dev.bftpaxos.core.log.Configuration c = configurations.at(slot);
    java.util.List<dev.bftpaxos.crypto.SignerSignature> members = sigs;
    for (dev.bftpaxos.crypto.SignerSignature s : sigs) {
      if (!c.contains(s.signerId())) {
        members = new java.util.ArrayList<>(sigs.size());
        for (dev.bftpaxos.crypto.SignerSignature t : sigs) {
          if (c.contains(t.signerId())) {
            members.add(t);
          }
        }
        break;
      }
    }
    VerificationResult r = keys.certificates().verify(new Certificate(statement, members), configurations.ring(c),
        quorum(c));
    return r.isValid() ? null : what + ": " + r.reason() + " " + r.detail();
  }
}
