package dev.bftpaxos.core.bft;

import dev.bftpaxos.core.msg.BatchDigest;
import dev.bftpaxos.core.msg.ByzantineMessage.BallotPromise;
import dev.bftpaxos.core.msg.ByzantineMessage.NewBallot;
import dev.bftpaxos.core.msg.ByzantineMessage.Reproposal;
import java.util.HashSet;
import java.util.List;

/**
 * How an acceptor judges a NEW-BALLOT whose leader's signature verified: {@link #CORRECT} recomputes
 * the re-proposals from the signed promises inside it and verifies every one of them, so a leader
 * cannot choose them freely (protocol.md, "Every acceptor recomputes it"). A broken variant
 * (experiments' {@code unchecked-new-ballot}) takes the message as it comes.
 */
public interface NewBallotRule {
  /** The judgement: follow {@code plan} (the promises that were verified), or refuse for {@code reason}. */
  record Verdict(Reproposals.Plan plan, List<BallotPromise> verifiedPromises, String reason) {
    public static Verdict follow(Reproposals.Plan plan, List<BallotPromise> verified) {
      return new Verdict(plan, verified, null);
    }

    public static Verdict refuse(String reason) {
      return new Verdict(null, List.of(), reason);
    }

    public boolean refused() {
      return reason != null;
    }
  }

  /**
   * @param enough whether promisers (a bit mask over replica ids) hold a quorum of every
   *     configuration governing a slot from the ballot's start on (the judging replica's stable
   *     checkpoint plus one): LogServices.quorumOfEvery with the Byzantine quorum
   * @param replicas the universe: replica ids 0..replicas-1 exist
   */
  Verdict judge(NewBallot m, Proofs proofs, java.util.function.LongPredicate enough, int replicas);

  NewBallotRule CORRECT = (m, proofs, enough, replicas) -> {
    HashSet<Integer> senders = new HashSet<>();
    long promisers = 0;
    for (BallotPromise p : m.promises()) {
      if (p.ballot() != m.ballot() || p.from() < 0 || p.from() >= replicas || !senders.add(p.from())) {
        return Verdict.refuse("promises of another ballot or a repeated sender");
      }
      promisers |= 1L << p.from();
      String bad = proofs.checkPromise(p);
      if (bad != null) {
        return Verdict.refuse("a promise does not verify (" + bad + ")");
      }
    }
    if (!enough.test(promisers)) {
      return Verdict.refuse("fewer than a quorum of promises of every configuration from the ballot's start on");
    }
    Reproposals.Plan expected = Reproposals.compute(m.promises());
    List<Reproposal> given = m.reproposals();
    if (expected.reproposals().size() != given.size()) {
      return Verdict.refuse("re-proposals do not follow from the promises");
    }
    for (int i = 0; i < given.size(); i++) {
      Reproposal a = expected.reproposals().get(i);
      Reproposal b = given.get(i);
      if (a.slot() != b.slot() || b.batch() == null || !BatchDigest.of(a.batch()).equals(BatchDigest.of(b.batch()))) {
        return Verdict.refuse("re-proposal for slot " + a.slot() + " does not follow from the promises");
      }
    }
    return Verdict.follow(expected, m.promises());
  };
}
