package dev.bftpaxos.faulty;

import dev.bftpaxos.core.DurableState;
import dev.bftpaxos.core.Input;
import dev.bftpaxos.core.Output;
import dev.bftpaxos.core.PersistOp;
import dev.bftpaxos.core.Replica;
import dev.bftpaxos.core.msg.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Two correct instances of this replica, with the same id and key, each fed a different part of
 * the network: messages from the peers of side A (parameter {@code a}, default the lower half of
 * the other replicas) go to twin A, messages from everyone else to twin B. Ticks and client
 * requests go to both (clients are not split: both twins see every request, in the same order, so
 * they diverge only through what their sides tell them). Each twin on its own is a correct replica;
 * together they are one identity that promises, votes and proposes twice.
 *
 * <p>Twin A is the core the driver built: its persist operations go to the driver as usual. Twin B
 * is built lazily on its own durable state, which this behaviour keeps (in the coalition's shared
 * map, so it survives the driver restarting this replica as twin A's disk does).
 *
 * <p>{@code sends=all} (default): both twins' messages go to everyone they address, so every peer
 * hears one identity speak twice, each time consistently with what one side told it.
 * {@code sends=own-side}: each twin talks only to its own side, the classic split brain (two
 * disjoint clusters sharing one member).
 *
 * <p>Acts, in order within a step: routing one message from a side-B peer to twin B (denied: it
 * goes to twin A); twin B's output of one step, its messages and client replies (denied: dropped);
 * with {@code sends=own-side}, withholding twin A's messages to side B in one step (denied: sent).
 * With every act denied the replica is twin A alone, a correct replica. Executions reported are
 * twin A's (faulty replicas are not judged); replies to clients are both twins'.
 */
public final class Twins implements Behaviour {
  public static final String NAME = "twins";

  private final Set<Integer> sideAParam;
  private final boolean sendsToAll;
  private Set<Integer> sideA;
  private DurableState durableB;
  private Replica twinB;

  /** {@code sideA} null for the default; {@code sendsToAll} false for {@code sends=own-side}. */
  public Twins(Set<Integer> sideA, boolean sendsToAll) {
    if (sideA != null && sideA.isEmpty()) {
      throw new IllegalArgumentException(NAME + ": side a must name at least one replica");
    }
    this.sideAParam = sideA == null ? null : Set.copyOf(sideA);
    this.sendsToAll = sendsToAll;
  }

  static Twins fromParams(BehaviourParams p) {
    Set<Integer> a = p.replicas("a");
    boolean all = p.choice("sends", "all", "all", "own-side").equals("all");
    return new Twins(a, all);
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Side A for replica {@code id} of {@code n}: the given set checked against the cluster, or the
   * lower half (rounded down) of the other replicas. Twin B must keep at least one peer.
   */
  static Set<Integer> resolveSideA(Set<Integer> given, int id, int n) {
    List<Integer> others = new ArrayList<>();
    for (int r = 0; r < n; r++) {
      if (r != id) {
        others.add(r);
      }
    }
    if (others.size() < 2) {
      throw new IllegalArgumentException(NAME + ": needs at least two other replicas to split, the cluster has " + n);
    }
    if (given == null) {
      return Set.copyOf(others.subList(0, others.size() / 2));
    }
    for (int r : given) {
      if (r >= n) {
        throw new IllegalArgumentException(NAME + ": parameter a names replica " + r + " but the cluster has 0.." + (n - 1));
      }
      if (r == id) {
        throw new IllegalArgumentException(NAME + ": parameter a names replica " + r + ", the twins themselves; "
            + "it lists the peers whose messages go to twin A");
      }
    }
    if (given.size() >= others.size()) {
      throw new IllegalArgumentException(NAME + ": parameter a=" + new TreeSet<>(given) + " leaves no peer for twin B");
    }
    return Set.copyOf(given);
  }

  @Override
  public Output step(Input input, FaultyContext ctx, Replica twinA) {
    if (twinB == null) {
      sideA = resolveSideA(sideAParam, ctx.id(), ctx.replicas());
      durableB = (DurableState) ctx.coalition().shared()
          .computeIfAbsent("twins/" + ctx.id() + "/durable-b", k -> new DurableState());
      twinB = ctx.cores().create(durableB);
    }
    Output outA = Output.EMPTY;
    Output outB = Output.EMPTY;
    if (input instanceof Input.Receive r) {
      int from = r.message().from();
      if (!sideA.contains(from) && ctx.act("route " + r.message().getClass().getSimpleName() + " from r" + from + " to twin B")) {
        outB = twinB.step(input);
      } else {
        outA = twinA.step(input);
      }
    } else {
      outA = twinA.step(input);
      outB = twinB.step(input);
    }
    for (PersistOp op : outB.persist()) {
      durableB.apply(op); // twin B's disk, before any of its messages leaves
    }
    List<Output.Send> send = new ArrayList<>(outA.send().size() + outB.send().size());
    List<Output.Send> heldBack = new ArrayList<>();
    for (Output.Send s : outA.send()) {
      (sendsToAll || sideA.contains(s.to()) ? send : heldBack).add(s);
    }
    if (!heldBack.isEmpty() && !ctx.act("twin A withholds " + heldBack.size() + " messages from side B")) {
      send.addAll(heldBack);
    }
    List<Reply> replies = new ArrayList<>(outA.replies());
    List<Output.Send> sendB = sendsToAll ? outB.send()
        : outB.send().stream().filter(s -> !sideA.contains(s.to())).toList();
    if ((!sendB.isEmpty() || !outB.replies().isEmpty())
        && ctx.act("twin B sends " + sendB.size() + " messages and " + outB.replies().size() + " replies")) {
      send.addAll(sendB);
      replies.addAll(outB.replies());
    }
    return new Output(outA.persist(), send, outA.executed(), replies, outA.readReplies());
  }
}
