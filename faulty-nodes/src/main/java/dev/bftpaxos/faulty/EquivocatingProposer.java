package dev.bftpaxos.faulty;

import dev.bftpaxos.core.Output;
import dev.bftpaxos.core.msg.BatchDigest;
import dev.bftpaxos.core.msg.Batch;
import dev.bftpaxos.core.msg.ByzantineMessage.Propose;
import dev.bftpaxos.core.msg.ReplicationMessage.Accept;
import dev.bftpaxos.core.msg.Request;
import dev.bftpaxos.crypto.Statements;
import java.util.ArrayList;
import java.util.List;

/**
 * As leader, proposes two different batches for the same ballot and slot and signs both: each peer
 * gets one version first and the other right after (half of them in each order). A correct
 * acceptor votes for the first it sees and refuses the second; an acceptor that votes twice helps
 * two values toward certificates. The second batch drops the last request (or, for a batch of one,
 * is a no-op), so it is still made of genuinely signed client requests. In crash mode, where an
 * acceptor takes whatever the current leader sends, odd-numbered peers get the other batch.
 */
public final class EquivocatingProposer implements Behaviour {
  @Override
  public String name() {
    return "equivocating-proposer";
  }

  @Override
  public Output outgoing(Output output, FaultyContext ctx) {
    List<Output.Send> send = new ArrayList<>(output.send().size() * 2);
    for (Output.Send s : output.send()) {
      if (s.message() instanceof Accept a && !a.batch().isNoop()
          && s.to() % 2 == 1 && ctx.act("equivocate: ballot " + a.ballot() + " slot " + a.slot() + " other batch to r" + s.to())) {
        // Crash mode: acceptors take any value of the current ballot, so each half simply gets its own.
        send.add(new Output.Send(s.to(), new Accept(a.from(), a.ballot(), a.slot(), alternative(a.batch()), a.commitThrough())));
        continue;
      }
      if (!(s.message() instanceof Propose p)
          || !ctx.act("equivocate: ballot " + ((Propose) s.message()).ballot() + " slot " + ((Propose) s.message()).slot()
              + " both batches to r" + s.to())) {
        send.add(s);
        continue;
      }
      Batch other = alternative(p.batch());
      Propose twin = new Propose(p.from(), p.ballot(), p.slot(), other,
          ctx.signer().sign(Statements.propose(ctx.configId(), p.ballot(), p.slot(), BatchDigest.of(other))));
      boolean twinFirst = s.to() % 2 == 1;
      send.add(new Output.Send(s.to(), twinFirst ? twin : p));
      send.add(new Output.Send(s.to(), twinFirst ? p : twin));
    }
    return new Output(output.persist(), send, output.executed(), output.replies(), output.readReplies());
  }

  static Batch alternative(Batch batch) {
    List<Request> requests = batch.requests();
    if (requests.size() <= 1) {
      return requests.isEmpty() ? new Batch(List.of()) : Batch.NOOP;
    }
    return new Batch(requests.subList(0, requests.size() - 1));
  }
}
