package dev.bftpaxos.faulty;

import dev.bftpaxos.core.Output;
import dev.bftpaxos.core.kv.KvResult;
import dev.bftpaxos.core.msg.Reply;
import dev.bftpaxos.crypto.Statements;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers clients with wrong results, signed with its own key: every reply says the key holds a
 * value nobody wrote. A
 * client that waits for f+1 matching replies never takes it; one that takes the first reply does.
 */
public final class LyingReplier implements Behaviour {
  @Override
  public String name() {
    return "lying-replier";
  }

  @Override
  public Output outgoing(Output output, FaultyContext ctx) {
    List<Reply> replies = new ArrayList<>(output.replies().size());
    for (Reply r : output.replies()) {
      if (!ctx.act("lie to client " + r.clientId() + " about request " + r.seq())) {
        replies.add(r);
        continue;
      }
      byte[] lie = new KvResult.Value("forged-by-" + ctx.id() + "-" + r.seq()).encode();
      byte[] sig = ctx.signer() == null ? new byte[0]
          : ctx.signer().sign(Statements.reply(ctx.configId(), r.clientId(), r.seq(), r.slot(), lie));
      replies.add(new Reply(r.replica(), r.clientId(), r.seq(), r.slot(), lie, r.leaderHint(), sig));
    }
    return new Output(output.persist(), output.send(), output.executed(), replies);
  }
}
