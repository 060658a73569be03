package dev.bftpaxos.faulty.client;

import dev.bftpaxos.core.kv.KvCommand;
import dev.bftpaxos.core.msg.Request;
import dev.bftpaxos.faulty.BehaviourParams;
import dev.bftpaxos.faulty.Cadence;
import java.util.List;

/**
 * Sends operations at the edge of what a batch may hold, properly signed in its own name: one byte
 * over {@code batchBytesMax} (every replica must refuse it before it takes memory in a queue) and,
 * in turn, exactly {@code batchBytesMax} (legal, but a batch can hold nothing else: fair batching
 * must keep it from taking more than its share of slots).
 */
public final class OversizedClient implements ClientBehaviour {
  public static final String NAME = "oversized-client";

  private final Cadence cadence;
  private long seq;

  public OversizedClient(int every) {
    this.cadence = new Cadence(every);
  }

  public static OversizedClient fromParams(BehaviourParams p) {
    return new OversizedClient(p.integer("every", 1, 1, 1_000_000));
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
    seq++;
    boolean over = seq % 2 == 1;
    Request r = ofSize(ctx, ctx.config().batchBytesMax() + (over ? 1 : 0));
    if (!ctx.act((over ? "oversized" : "batch-filling") + " request " + r + " of " + r.sizeBytes() + " bytes")) {
      return List.of();
    }
    return ClientFrame.toAll(ctx.replicas(), r);
  }

  /** A signed put whose {@link Request#sizeBytes()} is exactly {@code size} (or as close as a put gets). */
  private Request ofSize(FaultyClientContext ctx, int size) {
    Request probe = ctx.signed(ctx.clientId(), seq, new KvCommand.Put("big", "").encode());
    int value = Math.max(0, size - probe.sizeBytes());
    Request r = ctx.signed(ctx.clientId(), seq, new KvCommand.Put("big", "x".repeat(value)).encode());
    // The value's length prefix is a varint: a long value's prefix takes a byte or two more.
    value = Math.max(0, value - (r.sizeBytes() - size));
    return ctx.signed(ctx.clientId(), seq, new KvCommand.Put("big", "x".repeat(value)).encode());
  }
}
