package dev.bftpaxos.faulty;

import dev.bftpaxos.core.Executed;
import dev.bftpaxos.core.Input;
import dev.bftpaxos.core.Output;
import dev.bftpaxos.core.Replica;
import dev.bftpaxos.core.kv.KvCommand;
import dev.bftpaxos.core.msg.Batch;
import dev.bftpaxos.core.msg.BatchDigest;
import dev.bftpaxos.core.msg.ByzantineMessage.Propose;
import dev.bftpaxos.core.msg.ReplicationMessage.Accept;
import dev.bftpaxos.core.msg.Request;
import dev.bftpaxos.crypto.Statements;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * As leader, with probability {@code p} per proposal, puts into the batch: a request no client sent
 * ({@code invent}: a known client's id, a fresh seq, and a signature lifted from another request), a
 * client's request with its operation altered and its signature kept ({@code alter}), or a request
 * that already executed, genuinely signed ({@code replay}). In Byzantine mode it re-signs the
 * proposal with its own key, so only the clients' signatures can give it away; every peer gets the
 * same forged batch for a slot (this is forgery, not equivocation). In crash mode, where nothing is
 * signed, invented and altered requests run: crash mode does not tolerate this, and the matrix shows it.
 */
public final class RequestForger implements Behaviour {
  public static final String NAME = "request-forger";
  static final List<String> KINDS = List.of("invent", "alter", "replay");
  private static final int EXECUTED_KEPT = 64;

  private final List<String> kinds;
  private final double p;
  private final ArrayDeque<Request> executed = new ArrayDeque<>();
  /** (ballot, slot) -> the batch it forged for that proposal (null: left alone), so all peers get one. */
  private final Map<List<Long>, Batch> decided = new HashMap<>();
  private long forged;

  public RequestForger(Set<String> kinds, double p) {
    this.kinds = KINDS.stream().filter(kinds::contains).toList();
    this.p = p;
  }

  static RequestForger fromParams(BehaviourParams params) {
    Set<String> kinds = params.words("forge", Set.copyOf(KINDS));
    return new RequestForger(kinds == null ? Set.copyOf(KINDS) : kinds, params.probability("p", 0.2));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Output step(Input input, FaultyContext ctx, Replica core) {
    Output out = core.step(input);
    for (Executed x : out.executed()) {
      for (Request r : x.batch().requests()) {
        executed.addLast(r);
        if (executed.size() > EXECUTED_KEPT) {
          executed.removeFirst();
        }
      }
    }
    boolean changed = false;
    List<Output.Send> send = new ArrayList<>(out.send().size());
    for (Output.Send s : out.send()) {
      if (s.message() instanceof Propose x) {
        Batch b = forgedFor(x.ballot(), x.slot(), x.batch(), ctx);
        if (b != null) {
          send.add(new Output.Send(s.to(), new Propose(x.from(), x.ballot(), x.slot(), b,
              ctx.signer().sign(Statements.propose(ctx.configId(), x.ballot(), x.slot(), BatchDigest.of(b))))));
          changed = true;
          continue;
        }
      } else if (s.message() instanceof Accept x) {
        Batch b = forgedFor(x.ballot(), x.slot(), x.batch(), ctx);
        if (b != null) {
          send.add(new Output.Send(s.to(), new Accept(x.from(), x.ballot(), x.slot(), b, x.commitThrough())));
          changed = true;
          continue;
        }
      }
      send.add(s);
    }
    if (decided.size() > 4096) {
      decided.clear(); // old proposals are not re-sent with the same forgery after this; bounded memory wins
    }
    return changed ? Outputs.withSends(out, send) : out;
  }

  private Batch forgedFor(long ballot, long slot, Batch batch, FaultyContext ctx) {
    List<Long> key = List.of(ballot, slot);
    if (decided.containsKey(key)) {
      return decided.get(key);
    }
    Batch forgedBatch = null;
    // The draws happen whatever the gate says, so a denied act does not shift later choices.
    boolean draw = ctx.random().nextInt(1_000_000) < (int) Math.round(p * 1_000_000);
    String kind = kinds.isEmpty() ? null : kinds.get(ctx.random().nextInt(kinds.size()));
    if (draw && kind != null && !batch.isNoop() && !batch.requests().isEmpty()) {
      List<Request> requests = new ArrayList<>(batch.requests());
      Request first = requests.get(0);
      String what = null;
      switch (kind) {
        case "invent" -> {
          Request r = new Request(first.clientId(), first.seq() + 1_000_000 + forged++,
              new KvCommand.Put("invented", "by-r" + ctx.id()).encode(), first.signature());
          requests.add(r);
          what = "invents " + r;
        }
        case "alter" -> {
          int i = ctx.random().nextInt(requests.size());
          Request r = requests.get(i);
          requests.set(i, new Request(r.clientId(), r.seq(), new KvCommand.Put("altered", "by-r" + ctx.id()).encode(),
              r.signature()));
          what = "alters the operation of " + r;
        }
        case "replay" -> {
          if (!executed.isEmpty()) {
            Request old = new ArrayList<>(executed).get(ctx.random().nextInt(executed.size()));
            if (requests.stream().noneMatch(r -> r.clientId() == old.clientId())) {
              requests.add(old);
              what = "re-proposes executed " + old;
            }
          }
        }
        default -> throw new IllegalStateException("unknown forgery " + kind);
      }
      if (what != null && ctx.act("ballot " + ballot + " slot " + slot + ": " + what)) {
        forgedBatch = new Batch(requests);
      }
    }
    decided.put(key, forgedBatch);
    return forgedBatch;
  }
}
