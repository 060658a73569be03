package dev.bftpaxos.faulty;

import dev.bftpaxos.core.Output;
import dev.bftpaxos.core.msg.BatchDigest;
import dev.bftpaxos.core.bft.Proofs;
import dev.bftpaxos.core.msg.Batch;
import dev.bftpaxos.core.msg.ByzantineMessage.AcceptProof;
import dev.bftpaxos.core.msg.ByzantineMessage.BallotPromise;
import dev.bftpaxos.core.msg.LogMessage.Checkpoint;
import dev.bftpaxos.core.msg.CommitProof;
import dev.bftpaxos.core.msg.LogMessage.FetchSlots;
import dev.bftpaxos.core.msg.LogMessage.FetchState;
import dev.bftpaxos.core.msg.ByzantineMessage.NewBallot;
import dev.bftpaxos.core.msg.ByzantineMessage.Propose;
import dev.bftpaxos.core.msg.ByzantineMessage.Reproposal;
import dev.bftpaxos.core.msg.ByzantineMessage.SignedAccept;
import dev.bftpaxos.core.msg.ByzantineMessage.SignedCommit;
import dev.bftpaxos.core.msg.LogMessage.ChosenSlots;
import dev.bftpaxos.core.msg.LogMessage.StateSnapshot;
import dev.bftpaxos.core.msg.ElectionMessage.Nack;
import dev.bftpaxos.core.msg.ElectionMessage.Prepare;
import dev.bftpaxos.core.msg.ElectionMessage.Promise;
import dev.bftpaxos.core.msg.ElectionMessage.PromiseEntry;
import dev.bftpaxos.core.msg.Message;
import dev.bftpaxos.core.msg.ReplicationMessage.Accept;
import dev.bftpaxos.core.msg.ReplicationMessage.Accepted;
import dev.bftpaxos.core.msg.ReplicationMessage.Commit;
import dev.bftpaxos.core.msg.ReplicationMessage.Heartbeat;
import dev.bftpaxos.core.msg.ReplicationMessage.HeartbeatAck;
import dev.bftpaxos.crypto.Digest32;
import dev.bftpaxos.crypto.Statements;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.LongUnaryOperator;
import java.util.function.Supplier;

/**
 * Small-scope random corruption in the style of ByzzFuzz: each replica-to-replica message of the
 * chosen kinds is, with probability {@code p}, sent with one field changed - a ballot or slot off
 * by one, a digest replaced, a batch replaced by a different one or a no-op, an entry or proof
 * dropped. In Byzantine mode a message it signs is re-signed with its own key after the change, so
 * it is a well-formed, signed lie rather than garbage a signature check throws away; what it only
 * forwards (others' certificates) cannot be re-signed and simply stops verifying. Each copy of a
 * broadcast is drawn separately, so peers may get different versions. All draws come from the
 * run's seeded random, so a run replays exactly.
 */
public final class RandomMutator implements Behaviour {
  /** Message kinds, by the words {@code types=} takes. */
  static final Set<String> TYPES = Set.of("propose", "accept", "commit", "promise", "prepare", "newballot",
      "heartbeat", "nack", "checkpoint", "catchup");

  /** How a number field changes: the draw is made from the run's seeded random, once per mutation. */
  public interface Values {
    LongUnaryOperator draw(FaultyContext ctx);
  }

  /** One up or one down: a lie close enough to the truth to pass a careless check. */
  static final Values NEIGHBOURS = ctx -> ctx.random().nextInt(2) == 0 ? v -> v - 1 : v -> v + 1;

  private final String name;
  private final double p;
  private final Set<String> types;
  private final Values values;

  public RandomMutator(double p, Set<String> types) {
    this("random-mutator", p, types, NEIGHBOURS);
  }

  /** A mutator named {@code name} whose number fields change by {@code values}. */
  public RandomMutator(String name, double p, Set<String> types, Values values) {
    this.name = name;
    this.values = values;
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(name + ": p must be a probability in 0..1, got " + p);
    }
    if (types.isEmpty() || !TYPES.containsAll(types)) {
      throw new IllegalArgumentException(name + ": types must name some of " + new java.util.TreeSet<>(TYPES)
          + ", got " + types);
    }
    this.p = p;
    this.types = Set.copyOf(types);
  }

  /** Reads {@code p=0..1} (default 0.05) and {@code types=propose+accept+...} (default all). */
  static RandomMutator fromParams(BehaviourParams params) {
    double p = params.probability("p", 0.05);
    Set<String> types = params.words("types", TYPES);
    return new RandomMutator(p, types == null ? TYPES : types);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Output outgoing(Output output, FaultyContext ctx) {
    List<Output.Send> send = new ArrayList<>(output.send().size());
    int threshold = (int) Math.round(p * 1_000_000);
    boolean changed = false;
    for (Output.Send s : output.send()) {
      String type = typeOf(s.message());
      // The draw happens for every eligible message whatever the gate says, so denying one act
      // does not shift the random choices of later ones.
      if (type == null || !types.contains(type) || ctx.random().nextInt(1_000_000) >= threshold) {
        send.add(s);
        continue;
      }
      int field = ctx.random().nextInt(4);
      Mutation mut = mutate(s.message(), field, values.draw(ctx), ctx);
      if (mut == null
          || !ctx.act("mutate " + s.message().getClass().getSimpleName() + " to r" + s.to() + ": " + mut.what())) {
        send.add(s);
        continue;
      }
      send.add(new Output.Send(s.to(), mut.message().get()));
      changed = true;
    }
    return changed ? Outputs.withSends(output, send) : output;
  }

  static String typeOf(Message m) {
    if (m instanceof Propose || m instanceof Accept) {
      return "propose";
    } else if (m instanceof SignedAccept || m instanceof Accepted) {
      return "accept";
    } else if (m instanceof SignedCommit || m instanceof Commit) {
      return "commit";
    } else if (m instanceof BallotPromise || m instanceof Promise) {
      return "promise";
    } else if (m instanceof Prepare) {
      return "prepare";
    } else if (m instanceof NewBallot) {
      return "newballot";
    } else if (m instanceof Heartbeat || m instanceof HeartbeatAck) {
      return "heartbeat";
    } else if (m instanceof Nack) {
      return "nack";
    } else if (m instanceof Checkpoint) {
      return "checkpoint";
    } else if (m instanceof FetchSlots || m instanceof ChosenSlots || m instanceof FetchState
        || m instanceof StateSnapshot) {
      return "catchup";
    }
    return null; // forwarded client requests: the client's signature is not its to change
  }

  /** A change, described; the message (and any signature over it) is made only once the act is allowed. */
  private record Mutation(Supplier<Message> message, String what) {
    Mutation(Message m, String what) {
      this(() -> m, what);
    }
  }

  /**
   * {@code m} with one field changed: {@code field} (0..3) picks which of the message's fields,
   * wrapping round for messages with fewer; {@code d} is the direction of a +-1 change.
   */
  private Mutation mutate(Message m, int field, LongUnaryOperator d, FaultyContext ctx) {
    if (m instanceof Propose x) {
      long ballot = x.ballot();
      long slot = x.slot();
      Batch batch = x.batch();
      String what;
      int f = field % 3 == 2 && otherBatch(batch) == null ? 0 : field % 3;
      switch (f) {
        case 0 -> { ballot = d.applyAsLong(ballot); what = "ballot " + x.ballot() + " -> " + ballot; }
        case 1 -> { slot = d.applyAsLong(slot); what = "slot " + x.slot() + " -> " + slot; }
        default -> { batch = otherBatch(batch); what = "slot " + slot + " batch -> " + batch; }
      }
      long b = ballot;
      long sl = slot;
      Batch bt = batch;
      return new Mutation(() -> new Propose(x.from(), b, sl, bt,
          ctx.signer().sign(Statements.propose(ctx.configId(), b, sl, BatchDigest.of(bt)))), what);
    }
    if (m instanceof SignedAccept x) {
      return voteMutation(x.ballot(), x.slot(), x.digest(), field, d, ctx, (b, sl, dg) -> new SignedAccept(x.from(), b, sl,
          dg, ctx.signer().sign(Statements.accept(ctx.configId(), b, sl, dg))));
    }
    if (m instanceof SignedCommit x) {
      return voteMutation(x.ballot(), x.slot(), x.digest(), field, d, ctx, (b, sl, dg) -> new SignedCommit(x.from(), b, sl,
          dg, ctx.signer().sign(Statements.commit(ctx.configId(), b, sl, dg))));
    }
    if (m instanceof Checkpoint x) {
      long slot = x.slot();
      Digest32 digest = x.stateDigest();
      String what;
      if (field % 2 == 0) {
        slot = d.applyAsLong(slot);
        what = "slot " + x.slot() + " -> " + slot;
      } else {
        digest = otherDigest(digest, ctx);
        what = "slot " + slot + " state digest -> " + digest.shortHex();
      }
      long sl = slot;
      Digest32 dg = digest;
      return new Mutation(() -> new Checkpoint(x.from(), sl, dg, ctx.byzantine()
          ? ctx.signer().sign(Statements.checkpoint(ctx.configId(), sl, dg)) : new byte[0]), what);
    }
    if (m instanceof BallotPromise x) {
      long ballot = x.ballot();
      List<AcceptProof> accepted = new ArrayList<>(x.accepted());
      String what;
      if (field % 2 == 1 && !accepted.isEmpty()) {
        AcceptProof gone = accepted.remove(ctx.random().nextInt(accepted.size()));
        what = "ballot " + ballot + " without its certificate for slot " + gone.slot();
      } else {
        ballot = d.applyAsLong(ballot);
        what = "ballot " + x.ballot() + " -> " + ballot;
      }
      BallotPromise unsigned = new BallotPromise(x.from(), ballot, x.checkpoint(), accepted, new byte[0]);
      return new Mutation(() -> new BallotPromise(unsigned.from(), unsigned.ballot(), unsigned.checkpoint(),
          unsigned.accepted(), ctx.signer().sign(Proofs.promiseStatement(ctx.configId(), unsigned))), what);
    }
    if (m instanceof NewBallot x) {
      long ballot = x.ballot();
      List<Reproposal> reproposals = new ArrayList<>(x.reproposals());
      String what;
      int i = reproposals.isEmpty() ? -1 : ctx.random().nextInt(reproposals.size());
      if (field % 2 == 1 && i >= 0 && otherBatch(reproposals.get(i).batch()) != null) {
        Reproposal r = reproposals.get(i);
        reproposals.set(i, new Reproposal(r.slot(), otherBatch(r.batch())));
        what = "ballot " + ballot + " re-proposal for slot " + r.slot() + " -> " + reproposals.get(i).batch();
      } else {
        ballot = d.applyAsLong(ballot);
        what = "ballot " + x.ballot() + " -> " + ballot;
      }
      NewBallot unsigned = new NewBallot(x.from(), ballot, x.promises(), reproposals, new byte[0]);
      return new Mutation(() -> new NewBallot(unsigned.from(), unsigned.ballot(), unsigned.promises(),
          unsigned.reproposals(), ctx.signer().sign(Proofs.newBallotStatement(ctx.configId(), unsigned))), what);
    }
    if (m instanceof FetchSlots x) {
      return new Mutation(new FetchSlots(x.from(), d.applyAsLong(x.fromSlot()), x.toSlot()), "from slot " + x.fromSlot() + " -> "
          + (d.applyAsLong(x.fromSlot())));
    }
    if (m instanceof FetchState x) {
      return new Mutation(new FetchState(x.from(), d.applyAsLong(x.slot())), "slot " + x.slot() + " -> " + (d.applyAsLong(x.slot())));
    }
    if (m instanceof ChosenSlots x && !x.slots().isEmpty()) {
      // Others' COMMIT signatures cannot be re-signed: a changed batch just stops matching its
      // certificate. Crash mode signs nothing, so there the lie names its new batch's digest too.
      List<CommitProof> certs = new ArrayList<>(x.slots());
      int i = ctx.random().nextInt(certs.size());
      CommitProof c = certs.get(i);
      Batch other = otherBatch(c.batch());
      if (other == null) {
        certs.set(i, new CommitProof(c.ballot(), d.applyAsLong(c.slot()), c.digest(), c.batch(), c.signatures()));
        return new Mutation(new ChosenSlots(x.from(), certs, x.chosenThrough()),
            "certificate for slot " + c.slot() + " moved to slot " + (d.applyAsLong(c.slot())));
      }
      Digest32 digest = ctx.byzantine() ? c.digest() : BatchDigest.of(other);
      certs.set(i, new CommitProof(c.ballot(), c.slot(), digest, other, c.signatures()));
      return new Mutation(new ChosenSlots(x.from(), certs, x.chosenThrough()),
          "certificate for slot " + c.slot() + " with another batch");
    }
    if (m instanceof StateSnapshot x && x.snapshot() != null && x.snapshot().length > 0) {
      byte[] snap = x.snapshot().clone();
      snap[ctx.random().nextInt(snap.length)] ^= 1;
      return new Mutation(new StateSnapshot(x.from(), x.proof(), snap), "snapshot at slot "
          + (x.proof() == null ? "?" : x.proof().slot()) + " with one bit flipped");
    }
    return mutateCrash(m, field, d);
  }

  /** Crash-mode messages carry no signatures: the change is all there is to it. */
  private static Mutation mutateCrash(Message m, int field, LongUnaryOperator d) {
    boolean first = field % 2 == 0;
    if (m instanceof Accept x) {
      Batch other = otherBatch(x.batch());
      return switch (other == null && field == 2 ? 0 : field) {
        case 0 -> new Mutation(new Accept(x.from(), d.applyAsLong(x.ballot()), x.slot(), x.batch(), x.commitThrough()),
            change("ballot", x.ballot(), d));
        case 1 -> new Mutation(new Accept(x.from(), x.ballot(), d.applyAsLong(x.slot()), x.batch(), x.commitThrough()),
            change("slot", x.slot(), d));
        case 2 -> new Mutation(new Accept(x.from(), x.ballot(), x.slot(), other, x.commitThrough()),
            "slot " + x.slot() + " batch -> " + other);
        default -> new Mutation(new Accept(x.from(), x.ballot(), x.slot(), x.batch(), d.applyAsLong(x.commitThrough())),
            change("commit-through", x.commitThrough(), d));
      };
    }
    if (m instanceof Accepted x) {
      return first
          ? new Mutation(new Accepted(x.from(), d.applyAsLong(x.ballot()), x.slot()), change("ballot", x.ballot(), d))
          : new Mutation(new Accepted(x.from(), x.ballot(), d.applyAsLong(x.slot())), change("slot", x.slot(), d));
    }
    if (m instanceof Commit x) {
      return first
          ? new Mutation(new Commit(x.from(), d.applyAsLong(x.ballot()), x.commitThrough()), change("ballot", x.ballot(), d))
          : new Mutation(new Commit(x.from(), x.ballot(), d.applyAsLong(x.commitThrough())),
              change("commit-through", x.commitThrough(), d));
    }
    if (m instanceof Heartbeat x) {
      return first
          ? new Mutation(new Heartbeat(x.from(), d.applyAsLong(x.ballot()), x.commitThrough()), change("ballot", x.ballot(), d))
          : new Mutation(new Heartbeat(x.from(), x.ballot(), d.applyAsLong(x.commitThrough())),
              change("commit-through", x.commitThrough(), d));
    }
    if (m instanceof HeartbeatAck x) {
      return new Mutation(new HeartbeatAck(x.from(), d.applyAsLong(x.ballot()), x.chosenThrough()), change("ballot", x.ballot(), d));
    }
    if (m instanceof Prepare x) {
      return first
          ? new Mutation(new Prepare(x.from(), d.applyAsLong(x.ballot()), x.fromSlot()), change("ballot", x.ballot(), d))
          : new Mutation(new Prepare(x.from(), x.ballot(), d.applyAsLong(x.fromSlot())), change("from slot", x.fromSlot(), d));
    }
    if (m instanceof Promise x) {
      int i = x.entries().isEmpty() ? -1 : field % x.entries().size();
      Batch other = i < 0 ? null : otherBatch(x.entries().get(i).batch());
      if (!first && other != null) {
        List<PromiseEntry> entries = new ArrayList<>(x.entries());
        PromiseEntry e = entries.get(i);
        entries.set(i, new PromiseEntry(e.slot(), e.acceptedBallot(), other, e.chosen()));
        return new Mutation(new Promise(x.from(), x.ballot(), x.fromSlot(), entries, x.chosenThrough()),
            "ballot " + x.ballot() + " entry for slot " + e.slot() + " with another batch");
      }
      return new Mutation(new Promise(x.from(), d.applyAsLong(x.ballot()), x.fromSlot(), x.entries(), x.chosenThrough()),
          change("ballot", x.ballot(), d));
    }
    if (m instanceof Nack x) {
      return first
          ? new Mutation(new Nack(x.from(), d.applyAsLong(x.ballot()), x.promised()), change("ballot", x.ballot(), d))
          : new Mutation(new Nack(x.from(), x.ballot(), d.applyAsLong(x.promised())), change("promised", x.promised(), d));
    }
    return null;
  }

  private static String change(String field, long from, LongUnaryOperator d) {
    return field + " " + from + " -> " + (d.applyAsLong(from));
  }

  /** For a ballot-and-slot vote: fields 0 and 1 change the ballot, 2 the slot, 3 (null) the digest. */
  /** Builds a signed vote (ACCEPT or COMMIT) for a ballot, slot and digest. */
  private interface VoteBuilder {
    Message build(long ballot, long slot, Digest32 digest);
  }

  /** ACCEPT and COMMIT mutate alike: ballot or slot moved, or the digest replaced; re-signed on sending. */
  private static Mutation voteMutation(long ballot, long slot, Digest32 original, int field, LongUnaryOperator d, FaultyContext ctx,
      VoteBuilder builder) {
    long[] bs = {ballot, slot};
    Digest32 digest = original;
    String what = vote(field, d, bs, ballot, slot);
    if (what == null) {
      digest = otherDigest(digest, ctx);
      what = "ballot " + ballot + " slot " + slot + " digest -> " + digest.shortHex();
    }
    Digest32 dg = digest;
    return new Mutation(() -> builder.build(bs[0], bs[1], dg), what);
  }

  private static String vote(int field, LongUnaryOperator d, long[] ballotSlot, long ballot, long slot) {
    if (field <= 1) {
      ballotSlot[0] = d.applyAsLong(ballotSlot[0]);
      return "ballot " + ballot + " -> " + ballotSlot[0] + " (slot " + slot + ")";
    }
    if (field == 2) {
      ballotSlot[1] = d.applyAsLong(ballotSlot[1]);
      return "slot " + slot + " -> " + ballotSlot[1] + " (ballot " + ballot + ")";
    }
    return null;
  }

  /**
   * A different batch made of the same genuine requests: one request fewer, or a no-op for a batch
   * of one; null for a no-op (it cannot invent a request its clients signed).
   */
  static Batch otherBatch(Batch b) {
    return b == null || b.isNoop() ? null : EquivocatingProposer.alternative(b);
  }

  private static Digest32 otherDigest(Digest32 d, FaultyContext ctx) {
    byte[] b = d.toBytes();
    b[ctx.random().nextInt(b.length)] ^= (byte) (1 + ctx.random().nextInt(255));
    return Digest32.of(b);
  }
}
