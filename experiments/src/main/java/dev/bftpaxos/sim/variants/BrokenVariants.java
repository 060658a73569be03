package dev.bftpaxos.sim.variants;

import dev.bftpaxos.core.bft.ByzantineRules;
import dev.bftpaxos.core.bft.NewBallotRule;
import dev.bftpaxos.core.bft.ProofRule;
import dev.bftpaxos.core.bft.Proofs;
import dev.bftpaxos.core.bft.Reproposals;
import dev.bftpaxos.core.bft.VoteRule;
import dev.bftpaxos.core.client.ReplyRule;
import dev.bftpaxos.core.crash.CrashRules;
import dev.bftpaxos.core.log.Configuration;
import dev.bftpaxos.core.log.LogServices;
import dev.bftpaxos.core.msg.ByzantineMessage.AcceptProof;
import dev.bftpaxos.core.msg.CommitProof;
import dev.bftpaxos.core.msg.Request;
import dev.bftpaxos.core.msg.ElectionMessage.PromiseEntry;
import dev.bftpaxos.crypto.Digest32;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deliberately wrong protocols. They exist to prove that the checkers can fail: each replaces one
 * piece of the correct protocol with one that breaks a rule Paxos depends on, and the simulator
 * must report a violation for some seed. None of them needs anything in the core but the piece's
 * interface.
 */
public final class BrokenVariants {
  private BrokenVariants() {}

  /** Every variant by its command-line name, the correct protocol first. */
  public static Map<String, Variant> all() {
    Variant c = Variant.CORRECT;
    Map<String, Variant> m = new LinkedHashMap<>();
    for (Variant v : List.of(c,
        c.withCrash("ignore-promise-values", new CrashPiece() {
          @Override
          public PromiseEntry reproposal(List<PromiseEntry> reports) {
            return null; // a no-op everywhere, whatever the promises reported
          }
        }),
        c.withCrash("accept-below-promise", new CrashPiece() {
          @Override
          public boolean mayAccept(long ballot, long promised) {
            return true;
          }
        }),
        c.withCrash("quorum-n-over-2", new CrashPiece() {
          @Override
          public int quorum(int n) {
            return Math.max(1, n / 2); // two quorums of n/2 need not intersect
          }
        }),
        c.withDuplicates("no-client-table", (last, r) -> false),
        c.withCrash("quorum-not-updated", new CrashPiece() {
          @Override
          public int quorumSize(Configuration configuration, LogServices log) {
            return quorum(log.firstConfiguration().n()); // f and the quorum stay the first n's (bft-smart#118)
          }
        }),
        c.withCrash("activation-differs", new CrashPiece() {
          @Override
          public long activationSlot(long slot, int alpha, int replica) {
            return replica % 2 == 0 ? slot + alpha : slot + 1; // odd replicas switch at once
          }
        }),
        c.withCrash("lease-no-drift-margin", new CrashPiece() {
          @Override
          public long leaseTicks(int electionTimeoutTicks, int driftPermille) {
            return 2L * electionTimeoutTicks; // longer than any follower's refusal, drift or not
          }
        }),
        c.withByzantine("double-vote", ByzantineRules.CORRECT.withVotes(new SignEveryProposal())),
        c.withByzantine("unchecked-new-ballot", ByzantineRules.CORRECT.withNewBallots(
            (nb, proofs, quorum, replicas) -> NewBallotRule.Verdict.follow(
                new Reproposals.Plan(Reproposals.compute(nb.promises()).base(), nb.reproposals()), List.of()))),
        c.withByzantine("unverified-certificates", ByzantineRules.CORRECT.withProofs(new ProofRule() {
          @Override
          public String fetchedCertificate(CommitProof certificate, Proofs proofs) {
            return null; // a fetched commit certificate is taken at its word
          }

          @Override
          public boolean requestSigned(Request request, Proofs proofs) {
            return ProofRule.CORRECT.requestSigned(request, proofs);
          }
        })),
        c.withByzantine("unsigned-requests", ByzantineRules.CORRECT.withProofs(new ProofRule() {
          @Override
          public String fetchedCertificate(CommitProof certificate, Proofs proofs) {
            return ProofRule.CORRECT.fetchedCertificate(certificate, proofs);
          }

          @Override
          public boolean requestSigned(Request request, Proofs proofs) {
            return true; // a request is taken at its word, from a client or in a proposal
          }
        })),
        c.withByzantine("lone-ballot-change", ByzantineRules.CORRECT.withTimer((inBallot, quorum) -> true)),
        // Byzantine mode's f not updated on reconfiguration (bft-smart/library#118): every tally and
        // check of a slot counts its configuration's members, but with the first configuration's quorum.
        c.withByzantine("byzantine-quorum-not-updated",
            ByzantineRules.CORRECT.withQuorums((governing, first) -> first.byzantineQuorum())),
        c.withClientReplies("first-reply-client", configurations -> new ReplyRule.FirstReply()),
        // The client before it followed configurations: a reply from any listed replica counts,
        // checked with its first key, and f+1 of the first configuration is enough, whatever
        // configuration governs the slot (so a removed replica still speaks for results).
        c.withClientReplies("client-ignores-configurations", configurations -> {
          dev.bftpaxos.core.client.KnownConfigurations.Known first = configurations.governing(1);
          return new dev.bftpaxos.core.client.MatchingReplies(first.f() + 1,
              reply -> configurations.authentic(reply, first.keys()));
        }))) {
      m.put(v.name(), v);
    }
    return m;
  }

  public static Variant byName(String name) {
    Variant v = all().get(name);
    if (v == null) {
      throw new IllegalArgumentException("unknown variant '" + name + "' (known: " + String.join(", ", all().keySet()) + ")");
    }
    return v;
  }

  /** The correct crash rules, for a variant to override one of them. */
  private abstract static class CrashPiece implements CrashRules {
    @Override
    public int quorum(int n) {
      return CrashRules.CORRECT.quorum(n);
    }

    @Override
    public boolean mayAccept(long ballot, long promised) {
      return CrashRules.CORRECT.mayAccept(ballot, promised);
    }

    @Override
    public PromiseEntry reproposal(List<PromiseEntry> reports) {
      return CrashRules.CORRECT.reproposal(reports);
    }
  }

  /**
   * Byzantine mode: acceptors sign ACCEPT for every proposal they see (two values per ballot and
   * slot included), take a second accept certificate of the same ballot, and sign COMMIT for it.
   */
  private static final class SignEveryProposal implements VoteRule {
    @Override
    public OnProposal onProposal(long seenBallot, Digest32 seenDigest, long ballot, Digest32 digest) {
      return seenBallot == ballot && digest.equals(seenDigest) ? OnProposal.IGNORE : OnProposal.VOTE;
    }

    @Override
    public boolean mayVote(long votedBallot, long ballot) {
      return votedBallot <= ballot;
    }

    @Override
    public void voted(long votedBallot, long ballot) {}

    @Override
    public boolean replacesPrepared(AcceptProof current, long ballot, Digest32 digest) {
      return current == null || ballot > current.ballot() || ballot == current.ballot() && !digest.equals(current.digest());
    }

    @Override
    public boolean mayCommit(long committedBallot, Digest32 committedDigest, AcceptProof prepared) {
      return committedBallot < prepared.ballot() || !prepared.digest().equals(committedDigest);
    }
  }
}
