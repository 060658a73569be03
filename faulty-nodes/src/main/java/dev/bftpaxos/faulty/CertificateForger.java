package dev.bftpaxos.faulty;

import dev.bftpaxos.core.msg.LogMessage;
import dev.bftpaxos.core.Output;
import dev.bftpaxos.core.msg.BatchDigest;
import dev.bftpaxos.core.bft.Proofs;
import dev.bftpaxos.core.bft.Quorums;
import dev.bftpaxos.core.kv.KvCommand;
import dev.bftpaxos.core.msg.Batch;
import dev.bftpaxos.core.msg.ByzantineMessage.AcceptProof;
import dev.bftpaxos.core.msg.ByzantineMessage.BallotPromise;
import dev.bftpaxos.core.msg.CheckpointProof;
import dev.bftpaxos.core.msg.CommitProof;
import dev.bftpaxos.core.msg.ByzantineMessage.NewBallot;
import dev.bftpaxos.core.msg.LogMessage.ChosenSlots;
import dev.bftpaxos.core.msg.LogMessage.StateSnapshot;
import dev.bftpaxos.core.msg.ElectionMessage.Promise;
import dev.bftpaxos.core.msg.ElectionMessage.PromiseEntry;
import dev.bftpaxos.core.msg.Message;
import dev.bftpaxos.core.msg.Request;
import dev.bftpaxos.crypto.Digest32;
import dev.bftpaxos.crypto.SignerSignature;
import dev.bftpaxos.crypto.Statements;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Sends certificates that do not prove what they claim. In Byzantine mode it rewrites the commit
 * certificates of its SLOT-CERTIFICATES, the checkpoint certificate of its STATE-SNAPSHOTs, and
 * the checkpoint and accept certificates in its promises (its own, and the others' it forwards in
 * a NEW-BALLOT, whose signatures do not cover the certificates' signatures), in one of these ways:
 * <ul>
 *   <li>{@code few}: one signature short of a quorum;
 *   <li>{@code repeated}: a quorum filled up by repeating one signer's signature;
 *   <li>{@code wrong}: one signature with a corrupted byte, or its own signature over a different
 *       digest in place of one;
 *   <li>{@code unprovable}: its promise also claims a made-up batch accepted at the ballot just
 *       below the promised one, backed only by its own signature (or that one repeated).
 * </ul>
 * Everything it signs itself (promises, NEW-BALLOT) is re-signed with its own key, so the lie is
 * in the certificates alone: correct replicas must check every one.
 *
 * <p>Crash mode has no certificates, so it tells the lie crash mode cannot detect: its promises
 * claim a made-up value accepted at the ballot just below the promised one (over the value of its
 * highest reported slot, or at the first slot asked for), which a new leader re-proposes.
 */
public final class CertificateForger implements Behaviour {
  static final Set<String> FORGERIES = Set.of("few", "repeated", "wrong", "unprovable");

  private final List<String> forge;
  private long madeUp;

  public CertificateForger(Set<String> forge) {
    if (forge.isEmpty() || !FORGERIES.containsAll(forge)) {
      throw new IllegalArgumentException("certificate-forger: forge must name some of " + new TreeSet<>(FORGERIES)
          + ", got " + forge);
    }
    this.forge = List.copyOf(new TreeSet<>(forge));
  }

  /** Reads {@code forge=few+repeated+wrong+unprovable} (default: all four). */
  static CertificateForger fromParams(BehaviourParams p) {
    Set<String> forge = p.words("forge", FORGERIES);
    return new CertificateForger(forge == null ? FORGERIES : forge);
  }

  @Override
  public String name() {
    return "certificate-forger";
  }

  @Override
  public Output outgoing(Output output, FaultyContext ctx) {
    List<Output.Send> send = new ArrayList<>(output.send().size());
    for (Output.Send s : output.send()) {
      Message m = ctx.byzantine() ? forgeByzantine(s, ctx) : forgeCrash(s, ctx);
      send.add(m == null ? s : new Output.Send(s.to(), m));
    }
    return Outputs.withSends(output, send);
  }

  // ------------------------------------------------------------------ crash mode

  private Message forgeCrash(Output.Send s, FaultyContext ctx) {
    if (!(s.message() instanceof Promise p) || p.ballot() < 1 || !forge.contains("unprovable")) {
      return null;
    }
    long slot = p.entries().isEmpty() ? Math.max(1, p.fromSlot()) : p.entries().get(p.entries().size() - 1).slot();
    if (!ctx.act("promise ballot " + p.ballot() + " to r" + s.to() + " claiming a made-up batch accepted at ballot "
        + (p.ballot() - 1) + " slot " + slot)) {
      return null;
    }
    List<PromiseEntry> entries = new ArrayList<>();
    for (PromiseEntry e : p.entries()) {
      if (e.slot() != slot) {
        entries.add(e);
      }
    }
    entries.add(new PromiseEntry(slot, p.ballot() - 1, madeUpBatch(ctx), false));
    // Also claim nothing chosen there, so the new leader re-proposes rather than fetches the slot.
    return new Promise(p.from(), p.ballot(), p.fromSlot(), entries, Math.min(p.chosenThrough(), slot - 1));
  }

  // ------------------------------------------------------------------ Byzantine mode

  private Message forgeByzantine(Output.Send s, FaultyContext ctx) {
    Message m = s.message();
    if (m instanceof ChosenSlots sc && !sc.slots().isEmpty()) {
      String how = pick(ctx, false);
      if (how == null || !ctx.act("SLOT-CERTIFICATES to r" + s.to() + ": " + sc.slots().size()
          + " commit certificates, " + how)) {
        return null;
      }
      List<CommitProof> forged = new ArrayList<>();
      for (CommitProof c : sc.slots()) {
        forged.add(new CommitProof(c.ballot(), c.slot(), c.digest(), c.batch(), forge(how, c.signatures(), ctx,
            d -> Statements.commit(ctx.configId(), c.ballot(), c.slot(), d), c.digest())));
      }
      return new ChosenSlots(sc.from(), forged, sc.chosenThrough());
    }
    if (m instanceof StateSnapshot ss && ss.proof() != null && !ss.proof().signatures().isEmpty()) {
      String how = pick(ctx, false);
      if (how == null || !ctx.act("STATE-SNAPSHOT to r" + s.to() + " at slot " + ss.proof().slot() + ": checkpoint, "
          + how)) {
        return null;
      }
      return new StateSnapshot(ss.from(), forgeCheckpoint(how, ss.proof(), ctx), ss.snapshot());
    }
    if (m instanceof BallotPromise p) {
      String how = pick(ctx, true);
      if (how == null || !forgeable(p, how)
          || !ctx.act("promise ballot " + p.ballot() + " to r" + s.to() + ": " + how)) {
        return null;
      }
      return forgePromise(p, how, ctx);
    }
    if (m instanceof NewBallot nb) {
      String how = pick(ctx, false);
      int victim = -1;
      for (int i = 0; how != null && i < nb.promises().size() && victim < 0; i++) {
        if (forgeable(nb.promises().get(i), how)) {
          victim = i;
        }
      }
      if (victim < 0 || !ctx.act("NEW-BALLOT " + nb.ballot() + " to r" + s.to() + ": the promise of r"
          + nb.promises().get(victim).from() + " with its certificates " + how)) {
        return null;
      }
      List<BallotPromise> promises = new ArrayList<>(nb.promises());
      BallotPromise p = promises.get(victim);
      // Another replica's promise keeps its signature: that signature does not cover the
      // certificates' signatures, so it still verifies; only the certificates inside give it away.
      BallotPromise forged = forgePromise(p, how, ctx);
      promises.set(victim, p.from() == ctx.id() ? forged
          : new BallotPromise(p.from(), p.ballot(), forged.checkpoint(), forged.accepted(), p.signature()));
      NewBallot unsigned = new NewBallot(nb.from(), nb.ballot(), promises, nb.reproposals(), new byte[0]);
      return new NewBallot(nb.from(), nb.ballot(), promises, nb.reproposals(),
          ctx.signer().sign(Proofs.newBallotStatement(ctx.configId(), unsigned)));
    }
    return null;
  }

  /** One of the enabled forgeries, drawn with the run's seeded random; null if none applies. */
  private String pick(FaultyContext ctx, boolean promise) {
    List<String> usable = new ArrayList<>(forge);
    if (!promise) {
      usable.remove("unprovable");
    }
    if (usable.isEmpty()) {
      return null;
    }
    String how = usable.get(ctx.random().nextInt(usable.size()));
    if (how.equals("wrong")) {
      how = ctx.random().nextInt(2) == 0 ? "wrong: a corrupted signature" : "wrong: a signature over another digest";
    }
    return how;
  }

  private static boolean forgeable(BallotPromise p, String how) {
    if (how.equals("unprovable")) {
      return p.ballot() >= 1;
    }
    return !p.accepted().isEmpty() || (p.checkpoint() != null && !p.checkpoint().signatures().isEmpty());
  }

  private BallotPromise forgePromise(BallotPromise p, String how, FaultyContext ctx) {
    CheckpointProof checkpoint = p.checkpoint();
    List<AcceptProof> accepted = new ArrayList<>(p.accepted());
    if (how.equals("unprovable")) {
      long last = accepted.isEmpty() ? (checkpoint == null ? 0 : checkpoint.slot())
          : accepted.get(accepted.size() - 1).slot();
      Batch batch = madeUpBatch(ctx);
      Digest32 d = BatchDigest.of(batch);
      long ballot = p.ballot() - 1;
      SignerSignature own = SignerSignature.sign(ctx.signer(), Statements.accept(ctx.configId(), ballot, last + 1, d));
      List<SignerSignature> sigs = new ArrayList<>();
      int copies = ctx.random().nextInt(2) == 0 ? 1 : Quorums.quorum(ctx.replicas());
      for (int i = 0; i < copies; i++) {
        sigs.add(own);
      }
      accepted.add(new AcceptProof(ballot, last + 1, d, batch, sigs));
    } else if (!accepted.isEmpty()) {
      int i = ctx.random().nextInt(accepted.size());
      AcceptProof a = accepted.get(i);
      accepted.set(i, new AcceptProof(a.ballot(), a.slot(), a.digest(), a.batch(), forge(how, a.signatures(), ctx,
          d -> Statements.accept(ctx.configId(), a.ballot(), a.slot(), d), a.digest())));
    } else {
      checkpoint = forgeCheckpoint(how, checkpoint, ctx);
    }
    BallotPromise unsigned = new BallotPromise(p.from(), p.ballot(), checkpoint, accepted, new byte[0]);
    return new BallotPromise(p.from(), p.ballot(), checkpoint, accepted,
        ctx.signer().sign(Proofs.promiseStatement(ctx.configId(), unsigned)));
  }

  private CheckpointProof forgeCheckpoint(String how, CheckpointProof c, FaultyContext ctx) {
    return new CheckpointProof(c.slot(), c.stateDigest(), forge(how, c.signatures(), ctx,
        d -> Statements.checkpoint(ctx.configId(), c.slot(), d), c.stateDigest()));
  }

  /**
   * {@code sigs} forged {@code how}. {@code statementFor} gives the statement of the same kind for
   * another digest, so "wrong" can put in a genuine signature of its own over the wrong thing.
   */
  private List<SignerSignature> forge(String how, List<SignerSignature> sigs, FaultyContext ctx,
      Function<Digest32, byte[]> statementFor, Digest32 real) {
    int q = Quorums.quorum(ctx.replicas());
    List<SignerSignature> out = new ArrayList<>(sigs.subList(0, Math.min(sigs.size(), q)));
    if (out.isEmpty()) {
      return out;
    }
    if (how.equals("few")) {
      return new ArrayList<>(out.subList(0, Math.min(out.size(), q - 1)));
    }
    if (how.equals("repeated")) {
      List<SignerSignature> r = new ArrayList<>(out.subList(0, Math.min(out.size(), q - 1)));
      SignerSignature dup = r.isEmpty() ? out.get(0) : r.get(ctx.random().nextInt(r.size()));
      while (r.size() < q) {
        r.add(dup);
      }
      return r;
    }
    if (how.startsWith("wrong: a corrupted")) {
      int i = ctx.random().nextInt(out.size());
      byte[] bytes = out.get(i).signature();
      bytes[ctx.random().nextInt(bytes.length)] ^= (byte) (1 + ctx.random().nextInt(255));
      out.set(i, new SignerSignature(out.get(i).signerId(), bytes));
      return out;
    }
    // Its own genuine signature, but over another digest: in its own slot if it is a signer,
    // else in place of one signer (so the signers stay distinct and the count a quorum).
    Digest32 other = randomDigest(ctx);
    if (other.equals(real)) {
      other = Proofs.noopDigest();
    }
    SignerSignature wrong = SignerSignature.sign(ctx.signer(), statementFor.apply(other));
    int at = -1;
    for (int i = 0; i < out.size(); i++) {
      if (out.get(i).signerId() == ctx.id()) {
        at = i;
      }
    }
    out.set(at >= 0 ? at : ctx.random().nextInt(out.size()), wrong);
    return out;
  }

  private static Digest32 randomDigest(FaultyContext ctx) {
    byte[] b = new byte[Digest32.LENGTH];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) ctx.random().nextInt(256);
    }
    return Digest32.of(b);
  }

  /**
   * A batch nobody proposed: one request in the name of the first client, with a sequence number
   * it never used and a signature that is not the client's (crash mode carries none).
   */
  private Batch madeUpBatch(FaultyContext ctx) {
    byte[] op = new KvCommand.Put("forged", "by-r" + ctx.id() + "-" + madeUp).encode();
    long seq = 1_000_000_000L + madeUp++;
    byte[] sig = new byte[ctx.byzantine() ? 64 : 0];
    for (int i = 0; i < sig.length; i++) {
      sig[i] = (byte) ctx.random().nextInt(256);
    }
    return new Batch(List.of(new Request(1000, seq, op, sig)));
  }
}
