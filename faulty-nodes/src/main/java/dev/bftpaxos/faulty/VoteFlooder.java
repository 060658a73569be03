package dev.bftpaxos.faulty;

import dev.bftpaxos.core.Input;
import dev.bftpaxos.core.Output;
import dev.bftpaxos.core.Replica;
import dev.bftpaxos.core.msg.ByzantineMessage.BallotPromise;
import dev.bftpaxos.core.msg.ByzantineMessage.NewBallot;
import dev.bftpaxos.core.msg.ByzantineMessage.SignedAccept;
import dev.bftpaxos.core.msg.ByzantineMessage.SignedCommit;
import dev.bftpaxos.core.msg.ElectionMessage.Prepare;
import dev.bftpaxos.core.msg.ElectionMessage.Promise;
import dev.bftpaxos.core.msg.LogMessage.Checkpoint;
import dev.bftpaxos.core.msg.Message;
import dev.bftpaxos.core.msg.ReplicationMessage.Accepted;
import dev.bftpaxos.core.bft.Proofs;
import dev.bftpaxos.crypto.Digest32;
import dev.bftpaxos.crypto.Statements;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Floods its peers, every {@code every} ticks, with distinct votes and claims it signs with its own
 * key, aimed at the tables a replica keeps for them: {@code count} ACCEPT and COMMIT votes with
 * distinct digests for each of {@code slots} slots around the current one ({@code votes});
 * {@code count} CHECKPOINT votes for far-future slots ({@code checkpoints}); {@code count} promises
 * for ballots above the current one ({@code promises}); and one NEW-BALLOT it leads near
 * {@code Long.MAX_VALUE}, with no promises ({@code newballot}). Crash mode gets the same floods in
 * its own unsigned messages (ACCEPTED, CHECKPOINT, PROMISE, PREPARE). Its correct core keeps
 * running: the flood comes on top of its honest work. A replica must keep each signer's share of
 * every table bounded so that none of this evicts or blocks a correct replica's vote.
 */
public final class VoteFlooder implements Behaviour {
  public static final String NAME = "vote-flooder";
  static final List<String> KINDS = List.of("votes", "checkpoints", "promises", "newballot");

  private final Set<String> kinds;
  private final Cadence cadence;
  private final int count;
  private final int slots;
  private final boolean once;
  private final Observed seen = new Observed();
  private boolean done;

  public VoteFlooder(Set<String> kinds, int every, int count, int slots, boolean once) {
    this.kinds = Set.copyOf(kinds);
    this.cadence = new Cadence(every);
    this.count = count;
    this.slots = slots;
    this.once = once;
  }

  static VoteFlooder fromParams(BehaviourParams p) {
    Set<String> kinds = p.words("kinds", Set.copyOf(KINDS));
    return new VoteFlooder(kinds == null ? Set.copyOf(KINDS) : kinds, p.integer("every", 50, 1, 1_000_000),
        p.integer("count", 8, 1, 1000), p.integer("slots", 16, 1, 1024),
        p.choice("once", "false", "true", "false").equals("true"));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Output step(Input input, FaultyContext ctx, Replica core) {
    Output out = core.step(input);
    seen.note(out);
    if (!(input instanceof Input.Tick) || done || !cadence.tick()) {
      return out;
    }
    done = once;
    List<Message> flood = new ArrayList<>();
    for (String kind : KINDS) {
      if (kinds.contains(kind)) {
        List<Message> burst = burst(kind, ctx);
        if (!burst.isEmpty() && ctx.act("flood " + burst.size() + " " + kind + " around ballot " + seen.ballot
            + " slot " + seen.slot)) {
          flood.addAll(burst);
        }
      }
    }
    List<Output.Send> send = new ArrayList<>();
    for (int to = 0; to < ctx.replicas(); to++) {
      if (to != ctx.id()) {
        for (Message m : flood) {
          send.add(new Output.Send(to, m));
        }
      }
    }
    return Outputs.plus(out, send);
  }

  private List<Message> burst(String kind, FaultyContext ctx) {
    List<Message> out = new ArrayList<>();
    int id = ctx.id();
    switch (kind) {
      case "votes" -> {
        long first = Math.max(1, seen.slot - slots / 2);
        for (long slot = first; slot < first + slots; slot++) {
          for (int i = 0; i < count; i++) {
            if (ctx.byzantine()) {
              Digest32 d = junk(ctx);
              out.add(new SignedAccept(id, seen.ballot, slot, d,
                  ctx.signer().sign(Statements.accept(ctx.configId(), seen.ballot, slot, d))));
              out.add(new SignedCommit(id, seen.ballot, slot, d,
                  ctx.signer().sign(Statements.commit(ctx.configId(), seen.ballot, slot, d))));
            } else {
              out.add(new Accepted(id, seen.ballot + i, slot));
            }
          }
        }
      }
      case "checkpoints" -> {
        long interval = ctx.config().checkpointSlots();
        for (int i = 1; i <= count; i++) {
          long slot = seen.checkpoint + interval * 1024L * i;
          Digest32 d = junk(ctx);
          out.add(new Checkpoint(id, slot, d, ctx.byzantine()
              ? ctx.signer().sign(Statements.checkpoint(ctx.configId(), slot, d)) : new byte[0]));
        }
      }
      case "promises" -> {
        for (int i = 1; i <= count; i++) {
          long ballot = seen.ballot + i;
          if (ctx.byzantine()) {
            BallotPromise unsigned = new BallotPromise(id, ballot, null, List.of(), new byte[0]);
            out.add(new BallotPromise(id, ballot, null, List.of(),
                ctx.signer().sign(Proofs.promiseStatement(ctx.configId(), unsigned))));
          } else {
            out.add(new Promise(id, ballot, Math.max(1, seen.slot), List.of(), 0));
          }
        }
      }
      case "newballot" -> {
        long near = Long.MAX_VALUE - 8L * ctx.replicas();
        long ballot = near - Math.floorMod(near - id, (long) ctx.replicas()); // one it leads
        if (ctx.byzantine()) {
          NewBallot unsigned = new NewBallot(id, ballot, List.of(), List.of(), new byte[0]);
          out.add(new NewBallot(id, ballot, List.of(), List.of(),
              ctx.signer().sign(Proofs.newBallotStatement(ctx.configId(), unsigned))));
        } else {
          out.add(new Prepare(id, ballot, Math.max(1, seen.slot)));
        }
      }
      default -> throw new IllegalStateException("unknown flood " + kind);
    }
    return out;
  }

  private static Digest32 junk(FaultyContext ctx) {
    byte[] b = new byte[32];
    for (int i = 0; i < b.length; i += 4) {
      int r = ctx.random().nextInt(Integer.MAX_VALUE);
      b[i] = (byte) r;
      b[i + 1] = (byte) (r >> 8);
      b[i + 2] = (byte) (r >> 16);
      b[i + 3] = (byte) (r >> 24);
    }
    return Digest32.of(b);
  }
}
