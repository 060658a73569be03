package dev.bftpaxos.faulty.client;

import dev.bftpaxos.core.kv.KvCommand;
import dev.bftpaxos.core.msg.Request;
import dev.bftpaxos.faulty.BehaviourParams;
import dev.bftpaxos.faulty.Cadence;
import java.util.List;
import java.util.Set;

/**
 * Plays games with its own sequence numbers, every request properly signed in its own name: besides
 * requests that move on ({@code seq + 1}), it sends exact duplicates, the same seq with another
 * operation ({@code rewrite}), older seqs ({@code old}) and extreme ones (0, -1, {@code Long.MAX_VALUE},
 * {@code Long.MIN_VALUE}: {@code extreme}). Exactly-once must hold for what does run: no replica
 * applies one (client, seq) twice, and correct clients are not slowed.
 */
public final class ReplayingClient implements ClientBehaviour {
  public static final String NAME = "replaying-client";
  private static final List<String> KINDS = List.of("duplicate", "rewrite", "old", "extreme");
  private static final long[] EXTREMES = {0, -1, Long.MAX_VALUE, Long.MIN_VALUE};

  private final List<String> kinds;
  private final Cadence cadence;
  private long seq;
  private Request last;

  public ReplayingClient(Set<String> kinds, int every) {
    this.kinds = KINDS.stream().filter(kinds::contains).toList();
    this.cadence = new Cadence(every);
  }

  public static ReplayingClient fromParams(BehaviourParams p) {
    Set<String> kinds = p.words("replay", Set.copyOf(KINDS));
    return new ReplayingClient(kinds == null ? Set.copyOf(KINDS) : kinds, p.integer("every", 2, 1, 1_000_000));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<ClientFrame> onTick(FaultyClientContext ctx) {
    if (!cadence.tick()) {
      return List.of();
    }
    // Every other time it moves on, so there is always something recent to replay.
    if (last == null || kinds.isEmpty() || ctx.random().nextInt(2) == 0) {
      seq++;
      last = ctx.signed(ctx.clientId(), seq, new KvCommand.Put("replayed", "v" + seq).encode());
      return ClientFrame.toAll(ctx.replicas(), last);
    }
    String kind = kinds.get(ctx.random().nextInt(kinds.size()));
    Request r = switch (kind) {
      case "duplicate" -> last;
      case "rewrite" -> ctx.signed(ctx.clientId(), last.seq(), new KvCommand.Put("replayed", "rewritten-" + cadence.ticks()).encode());
      case "old" -> ctx.signed(ctx.clientId(), last.seq() - 1 - ctx.random().nextInt(8), new KvCommand.Get("replayed").encode());
      case "extreme" -> ctx.signed(ctx.clientId(), EXTREMES[ctx.random().nextInt(EXTREMES.length)],
          new KvCommand.Put("replayed", "extreme").encode());
      default -> throw new IllegalStateException("unknown replay " + kind);
    };
    if (!ctx.act(kind + " request " + r)) {
      return List.of();
    }
    return ClientFrame.toAll(ctx.replicas(), r);
  }
}
