package dev.bftpaxos.faulty;

import dev.bftpaxos.core.Input;
import dev.bftpaxos.core.Output;
import dev.bftpaxos.core.Replica;
import dev.bftpaxos.core.msg.BatchDigest;
import dev.bftpaxos.core.msg.ByzantineMessage.NewBallot;
import dev.bftpaxos.core.msg.ByzantineMessage.Propose;
import dev.bftpaxos.core.msg.ByzantineMessage.Reproposal;
import dev.bftpaxos.core.msg.ByzantineMessage.SignedAccept;
import dev.bftpaxos.core.msg.ByzantineMessage.SignedCommit;
import dev.bftpaxos.core.msg.ElectionMessage.Nack;
import dev.bftpaxos.core.msg.Message;
import dev.bftpaxos.core.msg.ReplicationMessage.Accept;
import dev.bftpaxos.core.msg.ReplicationMessage.Accepted;
import dev.bftpaxos.crypto.Digest32;
import dev.bftpaxos.crypto.Statements;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Signs whatever it is sent. In Byzantine mode, for every PROPOSE it receives (any ballot, its
 * current one or not, a second value for a slot included) and every re-proposal in a NEW-BALLOT
 * (checked or not), it signs ACCEPT and - without holding any accept certificate - COMMIT for that
 * value with its own key and sends both to every replica; its core's own votes go out as well.
 * A quorum still needs q distinct signers, at least q - f of them correct, so one such replica adds
 * at most one vote to a value the correct ones would not certify. In crash mode it answers every
 * ACCEPT with ACCEPTED whatever its ballot, where a correct acceptor refuses one below its promise.
 */
public final class LyingAcceptor implements Behaviour {
  /** Votes it remembers having signed, so a retransmitted proposal is one lie, not a new one. */
  static final int SIGNED_MAX = 8192;

  private final boolean commit;
  private final Set<String> signed = new HashSet<>();

  public LyingAcceptor(boolean commit) {
    this.commit = commit;
  }

  /** Reads {@code commit=true|false} (default true): whether it also signs COMMIT in Byzantine mode. */
  static LyingAcceptor fromParams(BehaviourParams p) {
    return new LyingAcceptor(p.choice("commit", "true", "true", "false").equals("true"));
  }

  @Override
  public String name() {
    return "lying-acceptor";
  }

  @Override
  public Output step(Input input, FaultyContext ctx, Replica core) {
    Message in = input instanceof Input.Receive r ? r.message() : null;
    Output out = core.step(input);
    if (ctx.byzantine()) {
      return byzantine(in, out, ctx);
    }
    if (!(in instanceof Accept a)) {
      return out;
    }
    for (Output.Send s : out.send()) {
      if (s.message() instanceof Accepted v && v.ballot() == a.ballot() && v.slot() == a.slot()) {
        return out; // its core voted anyway: nothing to lie about
      }
    }
    if (!ctx.act("ACCEPTED ballot " + a.ballot() + " slot " + a.slot() + " to r" + a.from() + " (its core refused)")) {
      return out;
    }
    List<Output.Send> send = new ArrayList<>(out.send().size() + 1);
    for (Output.Send s : out.send()) {
      if (!(s.message() instanceof Nack k && s.to() == a.from() && k.ballot() == a.ballot())) {
        send.add(s); // the refusal is swallowed; everything else goes out as the core said
      }
    }
    send.add(new Output.Send(a.from(), new Accepted(ctx.id(), a.ballot(), a.slot())));
    return new Output(out.persist(), send, out.executed(), out.replies(), out.readReplies());
  }

  private Output byzantine(Message in, Output out, FaultyContext ctx) {
    List<Output.Send> send = new ArrayList<>(out.send());
    if (in instanceof Propose p && p.batch() != null) {
      sign(p.ballot(), p.slot(), BatchDigest.of(p.batch()), "PROPOSE from r" + p.from(), out, send, ctx);
    } else if (in instanceof NewBallot nb) {
      for (Reproposal r : nb.reproposals()) {
        if (r.batch() != null) {
          sign(nb.ballot(), r.slot(), BatchDigest.of(r.batch()), "NEW-BALLOT from r" + nb.from(), out, send, ctx);
        }
      }
    }
    return send.size() == out.send().size() ? out : new Output(out.persist(), send, out.executed(), out.replies(), out.readReplies());
  }

  /** Adds a signed ACCEPT (unless its core sent that very vote) and COMMIT for one value, to everyone. */
  private void sign(long ballot, long slot, Digest32 d, String source, Output out, List<Output.Send> send,
      FaultyContext ctx) {
    String key = ballot + "/" + slot + "/" + d.hex();
    if (signed.contains(key)) {
      return; // already lied about this value (or declined to)
    }
    if (signed.size() >= SIGNED_MAX) {
      signed.clear();
    }
    signed.add(key);
    boolean coreVoted = false;
    for (Output.Send s : out.send()) {
      if (s.message() instanceof SignedAccept a && a.ballot() == ballot && a.slot() == slot && a.digest().equals(d)) {
        coreVoted = true;
        break;
      }
    }
    if ((coreVoted && !commit)
        || !ctx.act("sign " + (coreVoted ? "" : "ACCEPT") + (coreVoted || !commit ? "" : "+") + (commit ? "COMMIT" : "")
            + " ballot " + ballot + " slot " + slot + " (" + d.shortHex() + ") for any " + source)) {
      return;
    }
    SignedAccept accept = coreVoted ? null : new SignedAccept(ctx.id(), ballot, slot, d,
        ctx.signer().sign(Statements.accept(ctx.configId(), ballot, slot, d)));
    SignedCommit premature = !commit ? null : new SignedCommit(ctx.id(), ballot, slot, d,
        ctx.signer().sign(Statements.commit(ctx.configId(), ballot, slot, d)));
    for (int peer = 0; peer < ctx.replicas(); peer++) {
      if (peer == ctx.id()) {
        continue;
      }
      if (accept != null) {
        send.add(new Output.Send(peer, accept));
      }
      if (premature != null) {
        send.add(new Output.Send(peer, premature));
      }
    }
  }
}
