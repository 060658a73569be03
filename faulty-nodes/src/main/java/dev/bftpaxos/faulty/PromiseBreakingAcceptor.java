package dev.bftpaxos.faulty;

import dev.bftpaxos.core.Input;
import dev.bftpaxos.core.Output;
import dev.bftpaxos.core.Replica;
import dev.bftpaxos.core.msg.BatchDigest;
import dev.bftpaxos.core.bft.Proofs;
import dev.bftpaxos.core.msg.Batch;
import dev.bftpaxos.core.msg.ByzantineMessage.AcceptProof;
import dev.bftpaxos.core.msg.ByzantineMessage.BallotPromise;
import dev.bftpaxos.core.msg.ByzantineMessage.NewBallot;
import dev.bftpaxos.core.msg.ByzantineMessage.Propose;
import dev.bftpaxos.core.msg.ByzantineMessage.SignedAccept;
import dev.bftpaxos.core.msg.ByzantineMessage.SignedCommit;
import dev.bftpaxos.core.msg.ElectionMessage.Nack;
import dev.bftpaxos.core.msg.ElectionMessage.Prepare;
import dev.bftpaxos.core.msg.ElectionMessage.Promise;
import dev.bftpaxos.core.msg.ElectionMessage.PromiseEntry;
import dev.bftpaxos.core.msg.Message;
import dev.bftpaxos.core.msg.ReplicationMessage.Accept;
import dev.bftpaxos.core.msg.ReplicationMessage.Accepted;
import dev.bftpaxos.core.msg.ReplicationMessage.Heartbeat;
import dev.bftpaxos.core.msg.ReplicationMessage.HeartbeatAck;
import dev.bftpaxos.crypto.Digest32;
import dev.bftpaxos.crypto.Statements;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An acceptor that breaks the promise phase 1 asks for, in both directions.
 *
 * <p>{@code lower=true}: after promising a ballot it still votes for proposals of lower ballots. In
 * crash mode it answers a stale leader's ACCEPT with ACCEPTED (where a correct acceptor sends a
 * NACK), keeps the stale leader alive by acknowledging its heartbeats, and promises any higher
 * ballot even while it follows a live leader (a correct acceptor refuses to depose one). Together
 * these let two leaders run at once, each with this replica's vote completing its majority: in
 * crash mode that chooses two values for one slot. In Byzantine mode it signs ACCEPT for a
 * PROPOSE of a ballot below its own, with its own key, and sends it to everyone.
 *
 * <p>{@code promises}: what its promises report. {@code honest} as its core says; {@code empty}
 * no accepted values (and nothing known chosen beyond what the candidate asked for); {@code
 * stale} an older view: per slot the oldest value it voted for (crash mode) or the first accept
 * certificate it ever reported (Byzantine mode), and the newest half of the remaining slots left
 * out. Byzantine-mode promises are re-signed with its own key, so they verify: the lie is in what
 * they leave out, which a correct new leader cannot see.
 */
public final class PromiseBreakingAcceptor implements Behaviour {
  /** Slots whose votes it remembers (for stale and forced promises); older ones are forgotten. */
  static final int REMEMBERED_SLOTS_MAX = 4096;

  private record Vote(long ballot, Batch batch) {}

  private final String promises;
  private final boolean lower;

  /** The highest ballot its own messages show it promised (or led). */
  private long promised = -1;
  /** Crash mode: per slot, the first and the latest value it voted for in this incarnation. */
  private final TreeMap<Long, Vote> oldestVote = new TreeMap<>();
  private final TreeMap<Long, Vote> latestVote = new TreeMap<>();
  /** Byzantine mode: per slot, the first accept certificate its promises reported. */
  private final TreeMap<Long, AcceptProof> firstReported = new TreeMap<>();
  /** One decision per lie, so the retransmitted copies of one promise tell one story. */
  private final Map<String, Boolean> decided = new HashMap<>();

  public PromiseBreakingAcceptor(String promises, boolean lower) {
    if (!promises.equals("honest") && !promises.equals("empty") && !promises.equals("stale")) {
      throw new IllegalArgumentException("promise-breaking-acceptor: promises must be honest, empty or stale, got "
          + promises);
    }
    this.promises = promises;
    this.lower = lower;
  }

  /** Reads {@code promises=honest|empty|stale} (default empty) and {@code lower=true|false} (default true). */
  static PromiseBreakingAcceptor fromParams(BehaviourParams p) {
    String promises = p.choice("promises", "empty", "honest", "empty", "stale");
    boolean lower = p.choice("lower", "true", "true", "false").equals("true");
    return new PromiseBreakingAcceptor(promises, lower);
  }

  @Override
  public String name() {
    return "promise-breaking-acceptor";
  }

  @Override
  public Output step(Input input, FaultyContext ctx, Replica core) {
    Message in = input instanceof Input.Receive r ? r.message() : null;
    Output out = core.step(input);
    for (Output.Send s : out.send()) {
      notePromised(s.message());
    }
    List<Output.Send> send = new ArrayList<>(out.send().size() + 4);
    if (ctx.byzantine()) {
      for (Output.Send s : out.send()) {
        send.add(new Output.Send(s.to(), byzantinePromise(s.message(), ctx)));
      }
      if (lower && in instanceof Propose p && p.ballot() < promised && p.batch() != null) {
        voteBelowPromise(p, ctx, send);
      }
    } else {
      for (Output.Send s : out.send()) {
        Message m = crashReply(in, s, ctx, core);
        if (m != null) {
          send.add(new Output.Send(s.to(), m));
        }
      }
    }
    return new Output(out.persist(), send, out.executed(), out.replies(), out.readReplies());
  }

  /** Raises the tracked promise from what the core sends: every such message speaks for a ballot it holds. */
  private void notePromised(Message m) {
    long b = -1;
    if (m instanceof Promise p) {
      b = p.ballot();
    } else if (m instanceof Accepted a) {
      b = a.ballot();
    } else if (m instanceof Nack k) {
      b = k.promised();
    } else if (m instanceof HeartbeatAck a) {
      b = a.ballot();
    } else if (m instanceof Prepare p) {
      b = p.ballot();
    } else if (m instanceof Accept a) {
      b = a.ballot();
    } else if (m instanceof Heartbeat h) {
      b = h.ballot();
    } else if (m instanceof BallotPromise p) {
      b = p.ballot();
    } else if (m instanceof SignedAccept a) {
      b = a.ballot();
    } else if (m instanceof SignedCommit c) {
      b = c.ballot();
    } else if (m instanceof NewBallot nb) {
      b = nb.ballot();
    } else if (m instanceof Propose p) {
      b = p.ballot();
    }
    promised = Math.max(promised, b);
  }

  private boolean permit(String key, FaultyContext ctx, String description) {
    Boolean d = decided.get(key);
    if (d == null) {
      d = ctx.act(description);
      if (decided.size() > 4 * REMEMBERED_SLOTS_MAX) {
        decided.clear();
      }
      decided.put(key, d);
    }
    return d;
  }

  // ------------------------------------------------------------------ crash mode

  /** The message actually sent for the core's {@code s} (null: nothing), given the input {@code in}. */
  private Message crashReply(Message in, Output.Send s, FaultyContext ctx, Replica core) {
    Message m = s.message();
    if (in instanceof Accept a && m instanceof Accepted v && v.ballot() == a.ballot() && v.slot() == a.slot()) {
      remember(a.slot(), a.ballot(), a.batch());
      return m;
    }
    if (lower && in instanceof Accept a && m instanceof Nack k && s.to() == a.from() && k.ballot() == a.ballot()
        && k.promised() > a.ballot()
        && ctx.act("vote ballot " + a.ballot() + " slot " + a.slot() + " for r" + a.from() + " after promising "
            + k.promised())) {
      // The stale leader counts this vote toward a majority the new leader never hears of.
      remember(a.slot(), a.ballot(), a.batch());
      return new Accepted(ctx.id(), a.ballot(), a.slot());
    }
    if (lower && in instanceof Heartbeat h && m instanceof Nack k && s.to() == h.from() && k.ballot() == h.ballot()
        && k.promised() > h.ballot()
        && ctx.act("acknowledge stale leader r" + h.from() + " of ballot " + h.ballot() + " after promising "
            + k.promised())) {
      // Without this the stale leader would step down for want of a quorum once client traffic pauses.
      return new HeartbeatAck(ctx.id(), h.ballot(), h.commitThrough());
    }
    if (lower && in instanceof Prepare p && m instanceof Nack k && s.to() == p.from() && k.ballot() == p.ballot()
        && k.promised() < p.ballot()
        && ctx.act("promise ballot " + p.ballot() + " to r" + p.from() + " while following the leader of "
            + k.promised())) {
      // Its core refused because it still follows a live leader; promising anyway makes a second
      // leader whose majority it is also part of. Its core's promise stays where it was, so it
      // keeps voting for the old leader too.
      promised = Math.max(promised, p.ballot());
      return crashPromise(new Promise(ctx.id(), p.ballot(), p.fromSlot(), shadowEntries(p.fromSlot(), latestVote),
          Math.min(core.executedThrough(), p.fromSlot() - 1)), p.fromSlot(), ctx, false);
    }
    if (m instanceof Promise p) {
      return crashPromise(p, p.fromSlot(), ctx, true);
    }
    return m;
  }

  /** The promise it sends instead of {@code p}; {@code act} false when the promise is already a lie. */
  private Message crashPromise(Promise p, long fromSlot, FaultyContext ctx, boolean act) {
    if (promises.equals("honest") || p.entries().isEmpty()) {
      return p;
    }
    String key = "crash-promise " + p.ballot() + " " + promises;
    if (act && !permit(key, ctx, "promise ballot " + p.ballot() + " reporting " + (promises.equals("empty")
        ? "none" : "a stale view") + " of " + p.entries().size() + " accepted slots")) {
      return p;
    }
    // Claiming to know nothing chosen past the candidate's own point keeps the new leader from
    // fetching (and so learning) the values its entries leave out.
    long chosenThrough = Math.min(p.chosenThrough(), fromSlot - 1);
    if (promises.equals("empty")) {
      return new Promise(p.from(), p.ballot(), p.fromSlot(), List.of(), chosenThrough);
    }
    List<PromiseEntry> stale = new ArrayList<>();
    List<PromiseEntry> unchanged = new ArrayList<>();
    for (PromiseEntry e : p.entries()) {
      Vote old = oldestVote.get(e.slot());
      if (old != null && old.ballot() < e.acceptedBallot()) {
        stale.add(new PromiseEntry(e.slot(), old.ballot(), old.batch(), false));
      } else {
        unchanged.add(new PromiseEntry(e.slot(), e.acceptedBallot(), e.batch(), false));
      }
    }
    // Slots with nothing older to report: it reports the older half and leaves out the newest half.
    stale.addAll(unchanged.subList(0, unchanged.size() / 2));
    stale.sort((a, b) -> Long.compare(a.slot(), b.slot()));
    return new Promise(p.from(), p.ballot(), p.fromSlot(), stale, chosenThrough);
  }

  private void remember(long slot, long ballot, Batch batch) {
    Vote v = new Vote(ballot, batch);
    oldestVote.putIfAbsent(slot, v);
    latestVote.put(slot, v);
    while (latestVote.size() > REMEMBERED_SLOTS_MAX) {
      long first = latestVote.firstKey();
      latestVote.remove(first);
      oldestVote.remove(first);
    }
  }

  /** What it voted for from {@code fromSlot} on, as promise entries. */
  private static List<PromiseEntry> shadowEntries(long fromSlot, TreeMap<Long, Vote> votes) {
    List<PromiseEntry> entries = new ArrayList<>();
    for (Map.Entry<Long, Vote> e : votes.tailMap(fromSlot, true).entrySet()) {
      entries.add(new PromiseEntry(e.getKey(), e.getValue().ballot(), e.getValue().batch(), false));
    }
    return entries;
  }

  // ------------------------------------------------------------------ Byzantine mode

  private Message byzantinePromise(Message m, FaultyContext ctx) {
    if (!(m instanceof BallotPromise p) || promises.equals("honest") || p.accepted().isEmpty()) {
      if (m instanceof BallotPromise p) {
        p.accepted().forEach(a -> firstReported.putIfAbsent(a.slot(), a));
      }
      return m;
    }
    List<AcceptProof> reported;
    if (promises.equals("empty")) {
      reported = List.of();
    } else {
      List<AcceptProof> older = new ArrayList<>();
      List<AcceptProof> unchanged = new ArrayList<>();
      for (AcceptProof a : p.accepted()) {
        AcceptProof first = firstReported.get(a.slot());
        if (first != null && first.ballot() < a.ballot()) {
          older.add(first);
        } else {
          unchanged.add(a);
        }
      }
      older.addAll(unchanged.subList(0, unchanged.size() / 2));
      older.sort((a, b) -> Long.compare(a.slot(), b.slot()));
      reported = older;
    }
    p.accepted().forEach(a -> firstReported.putIfAbsent(a.slot(), a));
    while (firstReported.size() > REMEMBERED_SLOTS_MAX) {
      firstReported.pollFirstEntry();
    }
    if (reported.equals(p.accepted())
        || !permit("promise " + p.ballot(), ctx, "promise ballot " + p.ballot() + " reporting " + reported.size()
            + " of " + p.accepted().size() + " accept certificates (" + promises + ")")) {
      return m;
    }
    BallotPromise unsigned = new BallotPromise(p.from(), p.ballot(), p.checkpoint(), reported, new byte[0]);
    byte[] sig = ctx.signer().sign(Proofs.promiseStatement(ctx.configId(), unsigned));
    return new BallotPromise(p.from(), p.ballot(), p.checkpoint(), reported, sig);
  }

  /** Signs ACCEPT for a proposal of a ballot below the one it holds, and sends it to everyone. */
  private void voteBelowPromise(Propose p, FaultyContext ctx, List<Output.Send> send) {
    Digest32 d = BatchDigest.of(p.batch());
    if (!permit("lower " + p.ballot() + " " + p.slot() + " " + d.hex(), ctx, "sign ACCEPT for ballot " + p.ballot()
        + " slot " + p.slot() + " (" + d.shortHex() + ") after moving to ballot " + promised)) {
      return;
    }
    SignedAccept vote = new SignedAccept(ctx.id(), p.ballot(), p.slot(), d,
        ctx.signer().sign(Statements.accept(ctx.configId(), p.ballot(), p.slot(), d)));
    for (int peer = 0; peer < ctx.replicas(); peer++) {
      if (peer != ctx.id()) {
        send.add(new Output.Send(peer, vote));
      }
    }
  }
}
