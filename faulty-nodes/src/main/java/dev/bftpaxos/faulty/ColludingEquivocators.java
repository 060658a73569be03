package dev.bftpaxos.faulty;

import dev.bftpaxos.core.Output;
import dev.bftpaxos.core.msg.BatchDigest;
import dev.bftpaxos.core.msg.Batch;
import dev.bftpaxos.core.msg.ByzantineMessage.Propose;
import dev.bftpaxos.core.msg.ByzantineMessage.SignedAccept;
import dev.bftpaxos.core.msg.ByzantineMessage.SignedCommit;
import dev.bftpaxos.core.msg.Message;
import dev.bftpaxos.core.msg.ReplicationMessage.Accept;
import dev.bftpaxos.crypto.Digest32;
import dev.bftpaxos.crypto.Statements;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A coalition strategy: whichever member leads proposes two batches for each slot, one to each half
 * of the correct replicas (and both to its accomplices), and every member votes - ACCEPT and COMMIT,
 * each with its own key - for both, each value only towards the half that holds it. With k members
 * a value collects k + (correct replicas in its half) votes, so the bound is tight: at k = f+1 each
 * half of a Byzantine cluster can reach a quorum of 2f+1 for a different value; at k <= f neither
 * can, and a correct replica never votes twice. In crash mode, where acceptors take whatever the
 * leader sends, the halves simply learn different values.
 */
public final class ColludingEquivocators implements Behaviour {
  /** Blackboard key: (ballot, slot) -> the two batches, written by the leading member. */
  private static final String PAIRS = "colluding-equivocators.pairs";

  private record Slot(long ballot, long slot) {}

  private record Pair(Batch first, Batch second) {}

  private final Set<Slot> voted = new HashSet<>();

  @Override
  public String name() {
    return "colluding-equivocators";
  }

  @SuppressWarnings("unchecked")
  private static Map<Slot, Pair> pairs(FaultyContext ctx) {
    return (Map<Slot, Pair>) ctx.coalition().shared().computeIfAbsent(PAIRS, k -> new HashMap<Slot, Pair>());
  }

  /** Correct replicas in the half that receives the second batch. */
  private static boolean secondHalf(int replica, FaultyContext ctx) {
    List<Integer> correct = new ArrayList<>();
    for (int r = 0; r < ctx.replicas(); r++) {
      if (!ctx.coalition().member(r)) {
        correct.add(r);
      }
    }
    int index = correct.indexOf(replica);
    return index >= (correct.size() + 1) / 2;
  }

  @Override
  public Output outgoing(Output output, FaultyContext ctx) {
    Map<Slot, Pair> pairs = pairs(ctx);
    List<Output.Send> send = new ArrayList<>(output.send().size() * 2);
    for (Output.Send s : output.send()) {
      Message m = s.message();
      if (m instanceof Propose p && !p.batch().isNoop()) {
        Slot key = new Slot(p.ballot(), p.slot());
        Pair pair = pairs.get(key);
        if (pair == null && ctx.act("split ballot " + p.ballot() + " slot " + p.slot() + " between the correct halves")) {
          pair = new Pair(p.batch(), EquivocatingProposer.alternative(p.batch()));
          pairs.put(key, pair);
        }
        if (pair == null) {
          send.add(s);
        } else if (ctx.coalition().member(s.to())) {
          send.add(s);
          send.add(new Output.Send(s.to(), propose(p, pair.second(), ctx)));
        } else {
          send.add(new Output.Send(s.to(), secondHalf(s.to(), ctx) ? propose(p, pair.second(), ctx) : p));
        }
      } else if (m instanceof Accept a && !a.batch().isNoop()) {
        Slot key = new Slot(a.ballot(), a.slot());
        Pair pair = pairs.get(key);
        if (pair == null && ctx.act("split ballot " + a.ballot() + " slot " + a.slot() + " between the correct halves")) {
          pair = new Pair(a.batch(), EquivocatingProposer.alternative(a.batch()));
          pairs.put(key, pair);
        }
        boolean second = pair != null && !ctx.coalition().member(s.to()) && secondHalf(s.to(), ctx);
        send.add(second ? new Output.Send(s.to(), new Accept(a.from(), a.ballot(), a.slot(), pair.second(), a.commitThrough())) : s);
      } else if (m instanceof SignedAccept a && pairs.containsKey(new Slot(a.ballot(), a.slot()))) {
        if (routeTo(s.to(), a.digest(), pairs.get(new Slot(a.ballot(), a.slot())), ctx)) {
          send.add(s);
        }
      } else if (m instanceof SignedCommit c && pairs.containsKey(new Slot(c.ballot(), c.slot()))) {
        if (routeTo(s.to(), c.digest(), pairs.get(new Slot(c.ballot(), c.slot())), ctx)) {
          send.add(s);
        }
      } else {
        send.add(s);
      }
    }
    if (ctx.byzantine()) {
      for (Map.Entry<Slot, Pair> e : pairs.entrySet()) {
        if (!voted.contains(e.getKey()) && ctx.act("vote ACCEPT and COMMIT for both batches of ballot "
            + e.getKey().ballot() + " slot " + e.getKey().slot())) {
          voted.add(e.getKey());
          vote(e.getKey(), e.getValue().first(), false, ctx, send);
          vote(e.getKey(), e.getValue().second(), true, ctx, send);
        } else {
          voted.add(e.getKey());
        }
      }
    }
    return Outputs.withSends(output, send);
  }

  /** A member's own vote for a split slot goes only where that value was sent. */
  private static boolean routeTo(int to, Digest32 digest, Pair pair, FaultyContext ctx) {
    if (ctx.coalition().member(to)) {
      return true;
    }
    boolean isSecond = digest.equals(BatchDigest.of(pair.second()));
    return isSecond == secondHalf(to, ctx);
  }

  private static Propose propose(Propose p, Batch batch, FaultyContext ctx) {
    return new Propose(p.from(), p.ballot(), p.slot(), batch,
        ctx.signer().sign(Statements.propose(ctx.configId(), p.ballot(), p.slot(), BatchDigest.of(batch))));
  }

  private static void vote(Slot key, Batch batch, boolean second, FaultyContext ctx, List<Output.Send> send) {
    Digest32 d = BatchDigest.of(batch);
    SignedAccept accept = new SignedAccept(ctx.id(), key.ballot(), key.slot(), d,
        ctx.signer().sign(Statements.accept(ctx.configId(), key.ballot(), key.slot(), d)));
    SignedCommit commit = new SignedCommit(ctx.id(), key.ballot(), key.slot(), d,
        ctx.signer().sign(Statements.commit(ctx.configId(), key.ballot(), key.slot(), d)));
    for (int r = 0; r < ctx.replicas(); r++) {
      if (r != ctx.id() && (ctx.coalition().member(r) || secondHalf(r, ctx) == second)) {
        send.add(new Output.Send(r, accept));
        send.add(new Output.Send(r, commit));
      }
    }
  }
}
