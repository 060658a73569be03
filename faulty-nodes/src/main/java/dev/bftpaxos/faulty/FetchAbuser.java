package dev.bftpaxos.faulty;

import dev.bftpaxos.core.Input;
import dev.bftpaxos.core.Output;
import dev.bftpaxos.core.Replica;
import dev.bftpaxos.core.msg.LogMessage.FetchSlots;
import dev.bftpaxos.core.msg.LogMessage.FetchState;
import dev.bftpaxos.core.msg.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Abuses catch-up, every {@code every} ticks, to every peer: FETCH-SLOTS for huge and backwards
 * ranges ({@code huge}: 0 to {@code Long.MAX_VALUE}, MIN to MAX, and a range that runs backwards),
 * FETCH-STATE again and again for the current checkpoint and far beyond it ({@code repeat}), and
 * both in another replica's name ({@code others}: an authenticated channel must drop them). A
 * replica must answer at most a bounded amount per peer and per tick, and keep serving the others.
 */
public final class FetchAbuser implements Behaviour {
  public static final String NAME = "fetch-abuser";
  static final List<String> KINDS = List.of("huge", "repeat", "others");

  private final Set<String> kinds;
  private final Cadence cadence;
  private final Observed seen = new Observed();

  public FetchAbuser(Set<String> kinds, int every) {
    this.kinds = Set.copyOf(kinds);
    this.cadence = new Cadence(every);
  }

  static FetchAbuser fromParams(BehaviourParams p) {
    Set<String> kinds = p.words("kinds", Set.copyOf(KINDS));
    return new FetchAbuser(kinds == null ? Set.copyOf(KINDS) : kinds, p.integer("every", 1, 1, 1_000_000));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Output step(Input input, FaultyContext ctx, Replica core) {
    Output out = core.step(input);
    seen.note(out);
    if (!(input instanceof Input.Tick) || !cadence.tick()) {
      return out;
    }
    List<Output.Send> send = new ArrayList<>();
    for (int to = 0; to < ctx.replicas(); to++) {
      if (to == ctx.id()) {
        continue;
      }
      for (String kind : KINDS) {
        if (!kinds.contains(kind)) {
          continue;
        }
        List<Message> fetches = fetches(kind, ctx, to);
        if (ctx.act(kind + " fetches (" + fetches.size() + ") to r" + to)) {
          for (Message m : fetches) {
            send.add(new Output.Send(to, m));
          }
        }
      }
    }
    return Outputs.plus(out, send);
  }

  private List<Message> fetches(String kind, FaultyContext ctx, int to) {
    int id = ctx.id();
    return switch (kind) {
      case "huge" -> List.of(new FetchSlots(id, 0, Long.MAX_VALUE), new FetchSlots(id, Long.MIN_VALUE, Long.MAX_VALUE),
          new FetchSlots(id, Math.max(1, seen.slot), 1), new FetchSlots(id, 1, Math.max(1, seen.slot)));
      case "repeat" -> List.of(new FetchState(id, seen.checkpoint), new FetchState(id, seen.checkpoint),
          new FetchState(id, 0), new FetchState(id, Long.MAX_VALUE));
      case "others" -> {
        int other = (to + 1) % ctx.replicas() == id ? (to + 2) % ctx.replicas() : (to + 1) % ctx.replicas();
        yield List.of(new FetchSlots(other, 0, Long.MAX_VALUE), new FetchState(other, seen.checkpoint));
      }
      default -> throw new IllegalStateException("unknown fetch " + kind);
    };
  }
}
