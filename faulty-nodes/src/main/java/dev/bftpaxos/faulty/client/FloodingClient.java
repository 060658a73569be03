package dev.bftpaxos.faulty.client;

import dev.bftpaxos.core.kv.KvCommand;
import dev.bftpaxos.core.msg.Read;
import dev.bftpaxos.core.msg.Request;
import dev.bftpaxos.faulty.BehaviourParams;
import java.util.ArrayList;
import java.util.List;

/**
 * Floods every replica (or those in {@code to}) with distinct, properly signed requests of its own ({@code rate} per tick,
 * each with a fresh seq, never waiting for a reply), and optionally reads outside the log. A
 * replica that queued them first come, first served would let it crowd correct clients out.
 */
public final class FloodingClient implements ClientBehaviour {
  public static final String NAME = "flooding-client";

  private final int rate;
  private final boolean reads;
  /** The replicas it floods; null: all. */
  private final java.util.Set<Integer> to;
  private long seq;
  private long readId;

  public FloodingClient(int rate, boolean reads, java.util.Set<Integer> to) {
    this.rate = rate;
    this.reads = reads;
    this.to = to == null ? null : java.util.Set.copyOf(to);
  }

  public static FloodingClient fromParams(BehaviourParams p) {
    return new FloodingClient(p.integer("rate", 16, 1, 10_000),
        p.choice("reads", "false", "true", "false").equals("true"), p.replicas("to"));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<ClientFrame> onTick(FaultyClientContext ctx) {
    if (!ctx.act("flood " + rate + (reads ? " requests and reads" : " requests") + " from #" + (seq + 1))) {
      return List.of();
    }
    List<ClientFrame> out = new ArrayList<>(rate * ctx.replicas() * (reads ? 2 : 1));
    for (int i = 0; i < rate; i++) {
      seq++;
      Request r = ctx.signed(ctx.clientId(), seq, new KvCommand.Put("flood-" + (seq % 64), "v" + seq).encode());
      out.addAll(ClientFrame.toAll(ctx.replicas(), r));
      if (reads) {
        Read.Kind kind = Read.Kind.values()[ctx.random().nextInt(Read.Kind.values().length)];
        out.addAll(ClientFrame.toAll(ctx.replicas(), new Read(ctx.clientId(), ++readId, kind,
            new KvCommand.Get("flood-" + (seq % 64)).encode())));
      }
    }
    return to == null ? out : out.stream().filter(f -> to.contains(f.to())).toList();
  }
}
