package dev.bftpaxos.faulty;

import dev.bftpaxos.core.msg.LogMessage;
import dev.bftpaxos.core.Output;
import dev.bftpaxos.core.msg.BatchDigest;
import dev.bftpaxos.core.bft.Proofs;
import dev.bftpaxos.core.msg.Batch;
import dev.bftpaxos.core.msg.ByzantineMessage.NewBallot;
import dev.bftpaxos.core.msg.ByzantineMessage.Reproposal;
import dev.bftpaxos.core.msg.ByzantineMessage.SignedAccept;
import dev.bftpaxos.core.msg.ByzantineMessage.SignedCommit;
import dev.bftpaxos.core.msg.LogMessage.ChosenSlots;
import dev.bftpaxos.core.msg.Message;
import dev.bftpaxos.crypto.Digest32;
import dev.bftpaxos.crypto.Statements;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Sets up and springs a NEW-BALLOT forgery. Before it leads, it sends its COMMITs only to replica
 * 0, so (with another replica slow) only replica 0 completes commit certificates while the rest
 * hold accept certificates for the same values; it never answers slot catch-up. As the leader of a new ballot it sends NEW-BALLOT
 * with the genuine promises but every re-proposal replaced by a no-op, signed with its own key,
 * and votes (ACCEPT, COMMIT) for those no-ops: the accepted values the promises prove are thrown
 * away. An acceptor that recomputes the re-proposals refuses the NEW-BALLOT, and the values survive.
 */
public final class NewBallotForger implements Behaviour {
  @Override
  public boolean appliesTo(boolean byzantine) {
    return byzantine;
  }

  private static final Digest32 NOOP = BatchDigest.of(Batch.NOOP);
  private long forgedBallot = -1;
  private final Set<Long> forgedSlots = new HashSet<>();

  @Override
  public String name() {
    return "new-ballot-forger";
  }

  @Override
  public Output outgoing(Output output, FaultyContext ctx) {
    List<Output.Send> send = new ArrayList<>(output.send().size());
    for (Output.Send s : output.send()) {
      Message m = rewrite(s.message(), ctx);
      if (m instanceof SignedCommit c && c.ballot() != forgedBallot && s.to() != 0) {
        continue; // withheld: only replica 0 may complete commit certificates
      }
      if (m instanceof ChosenSlots) {
        continue; // and nobody learns a chosen value from this replica's certificates
      }
      send.add(new Output.Send(s.to(), m));
      if (m instanceof SignedAccept a && a.digest().equals(NOOP) && a.ballot() == forgedBallot) {
        // Its own core never certifies the no-op, so it signs the COMMIT itself.
        send.add(new Output.Send(s.to(), new SignedCommit(a.from(), a.ballot(), a.slot(), NOOP,
            ctx.signer().sign(Statements.commit(ctx.configId(), a.ballot(), a.slot(), NOOP)))));
      }
    }
    return new Output(output.persist(), send, output.executed(), output.replies(), output.readReplies());
  }

  private Message rewrite(Message m, FaultyContext ctx) {
    if (m instanceof NewBallot nb && !nb.reproposals().isEmpty() && (nb.ballot() == forgedBallot
        || ctx.act("forge NEW-BALLOT " + nb.ballot() + ": " + nb.reproposals().size() + " re-proposals replaced by no-ops"))) {
      if (nb.ballot() != forgedBallot) {
        forgedBallot = nb.ballot();
        forgedSlots.clear();
      }
      List<Reproposal> noops = new ArrayList<>();
      for (Reproposal r : nb.reproposals()) {
        noops.add(new Reproposal(r.slot(), Batch.NOOP));
        forgedSlots.add(r.slot());
      }
      NewBallot unsigned = new NewBallot(nb.from(), nb.ballot(), nb.promises(), noops, new byte[0]);
      return new NewBallot(nb.from(), nb.ballot(), nb.promises(), noops,
          ctx.signer().sign(Proofs.newBallotStatement(ctx.configId(), unsigned)));
    }
    if (m instanceof SignedAccept a && a.ballot() == forgedBallot && forgedSlots.contains(a.slot())) {
      return new SignedAccept(a.from(), a.ballot(), a.slot(), NOOP,
          ctx.signer().sign(Statements.accept(ctx.configId(), a.ballot(), a.slot(), NOOP)));
    }
    if (m instanceof SignedCommit c && c.ballot() == forgedBallot && forgedSlots.contains(c.slot())) {
      return new SignedCommit(c.from(), c.ballot(), c.slot(), NOOP,
          ctx.signer().sign(Statements.commit(ctx.configId(), c.ballot(), c.slot(), NOOP)));
    }
    return m;
  }
}
