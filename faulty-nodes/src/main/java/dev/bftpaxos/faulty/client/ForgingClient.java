package dev.bftpaxos.faulty.client;

import dev.bftpaxos.core.kv.KvCommand;
import dev.bftpaxos.core.msg.Request;
import dev.bftpaxos.faulty.BehaviourParams;
import dev.bftpaxos.faulty.Cadence;
import java.util.List;
import java.util.Set;

/**
 * Byzantine mode: sends requests that no replica may accept, to every replica, every few ticks: a
 * signature with one byte flipped ({@code bad}), none at all ({@code missing}), another (correct)
 * client's id signed with its own key ({@code other}), and its own id plus a multiple of 2^32 signed
 * for that wide id ({@code wide}: a replica that narrowed ids to int before verifying would take
 * it). None of these is issued by its client, so executing one is a validity violation.
 */
public final class ForgingClient implements ClientBehaviour {
  public static final String NAME = "forging-client";
  private static final List<String> KINDS = List.of("bad", "missing", "other", "wide");

  private final List<String> kinds;
  private final Cadence cadence;
  private long seq;

  public ForgingClient(Set<String> kinds, int every) {
    this.kinds = KINDS.stream().filter(kinds::contains).toList();
    this.cadence = new Cadence(every);
  }

  public static ForgingClient fromParams(BehaviourParams p) {
    Set<String> kinds = p.words("forge", Set.copyOf(KINDS));
    return new ForgingClient(kinds == null ? Set.copyOf(KINDS) : kinds, p.integer("every", 2, 1, 1_000_000));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean appliesTo(boolean byzantine) {
    return byzantine; // crash mode authenticates nothing in the request itself
  }

  @Override
  public List<ClientFrame> onTick(FaultyClientContext ctx) {
    if (!cadence.tick() || kinds.isEmpty()) {
      return List.of();
    }
    String kind = kinds.get(ctx.random().nextInt(kinds.size()));
    seq++;
    byte[] op = new KvCommand.Put("forged-" + kind, "v" + seq).encode();
    Request r = switch (kind) {
      case "bad" -> {
        Request signed = ctx.signed(ctx.clientId(), seq, op);
        byte[] sig = signed.signature().clone();
        if (sig.length > 0) {
          sig[ctx.random().nextInt(sig.length)] ^= 0x5a;
        }
        yield signed.withSignature(sig);
      }
      case "missing" -> new Request(ctx.clientId(), seq, op);
      case "other" -> {
        List<Long> others = ctx.correctClients();
        long victim = others.isEmpty() ? ctx.clientId() + 1 : others.get(ctx.random().nextInt(others.size()));
        yield ctx.signed(victim, 1 + ctx.random().nextInt(4096), op);
      }
      case "wide" -> ctx.signed(ctx.clientId() + ((long) (1 + ctx.random().nextInt(7)) << 32), seq, op);
      default -> throw new IllegalStateException("unknown forgery " + kind);
    };
    if (!ctx.act("forge " + kind + " request " + r)) {
      return List.of();
    }
    return ClientFrame.toAll(ctx.replicas(), r);
  }
}
