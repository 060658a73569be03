package dev.bftpaxos.faulty;

import dev.bftpaxos.core.Output;
import dev.bftpaxos.core.bft.Proofs;
import dev.bftpaxos.core.msg.ByzantineMessage.BallotPromise;
import java.util.List;

/**
 * A promise-breaking acceptor's lie: its promises report no accepted values, as if it had voted
 * for nothing, signed with its own key. A new leader needs q promises, and at least f+1 of them
 * come from correct replicas that report what was accepted, so Byzantine mode tolerates it.
 */
public final class ForgetfulPromiser implements Behaviour {
  @Override
  public String name() {
    return "forgetful-promiser";
  }

  @Override
  public Output outgoing(Output output, FaultyContext ctx) {
    List<Output.Send> send = output.send().stream().map(s -> {
      if (s.message() instanceof BallotPromise p && !p.accepted().isEmpty()) {
        BallotPromise unsigned = new BallotPromise(p.from(), p.ballot(), p.checkpoint(), List.of(), new byte[0]);
        byte[] sig = ctx.signer().sign(Proofs.promiseStatement(ctx.configId(), unsigned));
        return new Output.Send(s.to(), new BallotPromise(p.from(), p.ballot(), p.checkpoint(), List.of(), sig));
      }
      return s;
    }).toList();
    return new Output(output.persist(), send, output.executed(), output.replies());
  }
}
