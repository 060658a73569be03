package dev.bftpaxos.faulty;

import dev.bftpaxos.core.Output;
import dev.bftpaxos.core.bft.Proofs;
import dev.bftpaxos.core.msg.ByzantineMessage.BallotPromise;
import dev.bftpaxos.core.msg.ElectionMessage.Promise;
import java.util.List;

/**
 * A promise-breaking acceptor's lie: its promises report no accepted values, as if it had voted
 * for nothing, signed with its own key. A new leader needs q promises, and at least f+1 of them
 * come from correct replicas that report what was accepted, so Byzantine mode tolerates it. In crash
 * mode (where its promise also drops what it knows chosen) a new leader can lose a chosen value.
 */
public final class ForgetfulPromiser implements Behaviour {
  @Override
  public String name() {
    return "forgetful-promiser";
  }

  @Override
  public Output outgoing(Output output, FaultyContext ctx) {
    List<Output.Send> send = output.send().stream().map(s -> {
      if (s.message() instanceof Promise p && !p.entries().isEmpty()
          && ctx.act("promise ballot " + p.ballot() + " to r" + s.to() + " reporting none of " + p.entries().size() + " accepted slots")) {
        return new Output.Send(s.to(), new Promise(p.from(), p.ballot(), p.fromSlot(), List.of(), p.chosenThrough()));
      }
      if (s.message() instanceof BallotPromise p && !p.accepted().isEmpty()
          && ctx.act("promise ballot " + p.ballot() + " to r" + s.to() + " reporting none of " + p.accepted().size() + " accepted slots")) {
        BallotPromise unsigned = new BallotPromise(p.from(), p.ballot(), p.checkpoint(), List.of(), new byte[0]);
        byte[] sig = ctx.signer().sign(Proofs.promiseStatement(ctx.configId(), unsigned));
        return new Output.Send(s.to(), new BallotPromise(p.from(), p.ballot(), p.checkpoint(), List.of(), sig));
      }
      return s;
    }).toList();
    return new Output(output.persist(), send, output.executed(), output.replies(), output.readReplies());
  }
}
