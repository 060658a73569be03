package dev.bftpaxos.faulty;

import dev.bftpaxos.core.Input;
import dev.bftpaxos.core.Output;
import java.util.ArrayList;
import java.util.List;

/**
 * Re-sends old messages: it keeps a bounded sample of what it sent and, on every tick, sends a few
 * of them again to random peers - messages of earlier ballots and slots, with valid signatures.
 * Correct replicas must treat them as stale, never as new votes.
 */
public final class Replayer implements Behaviour {
  /** Messages kept for replay. */
  static final int KEPT_MAX = 256;
  /** Replays per tick. */
  static final int REPLAYS_PER_TICK = 2;

  private final List<Output.Send> kept = new ArrayList<>();
  private boolean ticking;

  @Override
  public String name() {
    return "replayer";
  }

  @Override
  public List<Input> incoming(Input input, FaultyContext ctx) {
    ticking = input instanceof Input.Tick;
    return List.of(input);
  }

  @Override
  public Output outgoing(Output output, FaultyContext ctx) {
    for (Output.Send s : output.send()) {
      if (kept.size() < KEPT_MAX) {
        kept.add(s);
      } else {
        kept.set(ctx.random().nextInt(KEPT_MAX), s);
      }
    }
    if (!ticking || kept.isEmpty()) {
      return output;
    }
    List<Output.Send> send = new ArrayList<>(output.send());
    for (int i = 0; i < REPLAYS_PER_TICK; i++) {
      Output.Send old = kept.get(ctx.random().nextInt(kept.size()));
      int to = ctx.random().nextInt(ctx.replicas());
      if (to != ctx.id() && ctx.act("replay an old " + old.message().getClass().getSimpleName() + " (ballot "
          + old.message().ballot() + ") to r" + to)) {
        send.add(new Output.Send(to, old.message()));
      }
    }
    return new Output(output.persist(), send, output.executed(), output.replies(), output.readReplies());
  }
}
