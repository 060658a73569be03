package dev.bftpaxos.faulty;

import dev.bftpaxos.core.Input;
import dev.bftpaxos.core.Output;
import dev.bftpaxos.core.Replica;
import dev.bftpaxos.core.kv.KvResult;
import dev.bftpaxos.core.msg.Reply;
import dev.bftpaxos.crypto.Statements;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers clients with wrong results, signed with its own key: every reply says the key holds a
 * value nobody wrote. A client that waits for f+1 matching replies never takes it; one that takes
 * the first reply does.
 *
 * <p>With {@code collude=true} the lie is the same at every replica running it (so two of them
 * match), and it also answers every request a client sends it directly, at a slot of its own
 * making, whether or not it executes the request or is a member at all: what a replica removed from
 * the configuration, and colluding with a member, can still send. A client counting replies from
 * any listed replica takes that lie; one counting members of the slot's configuration does not.
 */
public final class LyingReplier implements Behaviour {
  /** Where colluders put the replies they make up: both compute it alike from the request. */
  static final long MADE_UP_SLOT_BASE = 1L << 40;

  private final boolean collude;

  public LyingReplier() {
    this(false);
  }

  public LyingReplier(boolean collude) {
    this.collude = collude;
  }

  static LyingReplier fromParams(BehaviourParams p) {
    String c = p.text("collude", "false");
    if (!c.equals("true") && !c.equals("false")) {
      throw new IllegalArgumentException("lying-replier: collude must be true or false, got \"" + c + "\"");
    }
    return new LyingReplier(c.equals("true"));
  }

  @Override
  public String name() {
    return "lying-replier";
  }

  @Override
  public Output step(Input input, FaultyContext ctx, Replica core) {
    Output out = outgoing(core.step(input), ctx);
    if (!collude || !(input instanceof Input.ClientRequest request)) {
      return out;
    }
    long client = request.request().clientId();
    long seq = request.request().seq();
    if (!ctx.act("answer request " + seq + " of client " + client + " with a made-up reply")) {
      return out;
    }
    List<Reply> replies = new ArrayList<>(out.replies());
    replies.add(lie(ctx, client, seq, MADE_UP_SLOT_BASE + seq, -1));
    return new Output(out.persist(), out.send(), out.executed(), replies, out.readReplies());
  }

  @Override
  public Output outgoing(Output output, FaultyContext ctx) {
    List<Reply> replies = new ArrayList<>(output.replies().size());
    for (Reply r : output.replies()) {
      if (!ctx.act("lie to client " + r.clientId() + " about request " + r.seq())) {
        replies.add(r);
        continue;
      }
      replies.add(lie(ctx, r.clientId(), r.seq(), r.slot(), r.leaderHint()));
    }
    return new Output(output.persist(), output.send(), output.executed(), replies, output.readReplies());
  }

  private Reply lie(FaultyContext ctx, long client, long seq, long slot, int leaderHint) {
    byte[] lie = new KvResult.Value((collude ? "forged-" : "forged-by-" + ctx.id() + "-") + seq).encode();
    byte[] sig = ctx.signer() == null ? new byte[0]
        : ctx.signer().sign(Statements.reply(ctx.configId(), client, seq, slot, lie));
    return new Reply(ctx.id(), client, seq, slot, lie, leaderHint, sig);
  }
}
