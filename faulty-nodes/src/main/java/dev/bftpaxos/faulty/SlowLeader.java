package dev.bftpaxos.faulty;

import dev.bftpaxos.core.CoreConfig;
import dev.bftpaxos.core.Input;
import dev.bftpaxos.core.Output;
import dev.bftpaxos.core.Replica;
import dev.bftpaxos.core.msg.ByzantineMessage.NewBallot;
import dev.bftpaxos.core.msg.ByzantineMessage.Propose;
import dev.bftpaxos.core.msg.Message;
import dev.bftpaxos.core.msg.ReplicationMessage.Accept;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A leader that is never quite slow enough to be deposed: it holds every proposal it makes (crash
 * mode: ACCEPT; Byzantine mode: PROPOSE and, by default, NEW-BALLOT) for {@code delay} ticks of its
 * own clock and only then sends it. Everything else - heartbeats, votes, commits, replies - leaves
 * on time, so it looks alive and the cluster keeps following it while every request crawls.
 *
 * <p>Which timeout it must stay under, per mode (read from the cores):
 * <ul>
 *   <li>Byzantine mode ({@code bft.ByzantinePaxos}): a replica suspects the leader when a client request
 *   it knows of has not executed within {@code electionTimeoutTicks} (doubled per consecutive
 *   failed ballot), checked every {@code retransmitTicks}. The tightest such timer is the leader's
 *   own core: it starts when the request reaches the leader, while followers usually learn of it
 *   only when the client retransmits to everyone. So the default delay is
 *   {@code electionTimeoutTicks} minus a margin for the three message hops from PROPOSE to a commit
 *   certificate, a tick of rounding and some reordering. A ballot change that is under way waits
 *   at least twice {@code electionTimeoutTicks} for NEW-BALLOT, so the same delay fits there too.
 *   <li>Crash mode ({@code crash.MultiPaxos}): followers depose a leader only after hearing nothing from
 *   it (heartbeat, ACCEPT or COMMIT) for a randomized election timeout of at least
 *   {@code electionTimeoutTicks}; there is no request timer. Heartbeats go out on time, so no
 *   delay of ACCEPTs deposes it; the default is the same bound, so both modes crawl alike.
 * </ul>
 *
 * <p>Retransmissions the core makes while a message is held are held too (each from the moment
 * the core sent it). Each held message is one act; when the act is denied it leaves at once.
 */
public final class SlowLeader implements Behaviour {
  public static final String NAME = "slow-leader";
  /** Words of the {@code what} parameter. */
  public static final Set<String> WHAT = Set.of("proposals", "new-ballot");

  private record Held(long releaseTick, Output.Send send) {}

  private final int delayParam;
  private final boolean delayNewBallot;
  /** Held messages in release order: the delay is constant, so arrival order is release order. */
  private final ArrayDeque<Held> held = new ArrayDeque<>();
  private long ticks;
  private int delay = -1;

  /** {@code delay} in ticks, or -1 for the default derived from the configuration. */
  public SlowLeader(int delay, boolean delayNewBallot) {
    if (delay == 0 || delay < -1) {
      throw new IllegalArgumentException(NAME + ": delay must be >= 1 tick, got " + delay);
    }
    this.delayParam = delay;
    this.delayNewBallot = delayNewBallot;
  }

  static SlowLeader fromParams(BehaviourParams p) {
    int delay = p.has("delay") ? p.integer("delay", 0, 1, 1_000_000) : -1;
    Set<String> what = p.words("what", WHAT);
    if (what != null && !what.contains("proposals")) {
      // Delaying only NEW-BALLOT would be a slow candidate, not a slow leader.
      throw new IllegalArgumentException(NAME + ": parameter what=" + p.values().get("what")
          + " must include 'proposals'");
    }
    return new SlowLeader(delay, what == null || what.contains("new-ballot"));
  }

  /**
   * The default delay: just under the timeout that would depose the leader (see the class
   * comment). The margin covers PROPOSE, ACCEPT and COMMIT hops (under a tick each on a LAN),
   * rounding to whole ticks and a reordered message.
   */
  public static int defaultDelay(CoreConfig config) {
    int timeout = config.electionTimeoutTicks();
    return Math.max(1, timeout - Math.max(3, timeout / 20));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Output step(Input input, FaultyContext ctx, Replica core) {
    if (delay < 0) {
      delay = delayParam > 0 ? delayParam : defaultDelay(ctx.config());
    }
    Output out = core.step(input);
    boolean tick = input instanceof Input.Tick;
    if (tick) {
      ticks++;
    }
    if (out.send().isEmpty() && (!tick || held.isEmpty())) {
      return out;
    }
    List<Output.Send> send = new ArrayList<>(out.send().size());
    // Older held messages first: they were sent by the core before anything of this step.
    while (tick && !held.isEmpty() && held.peekFirst().releaseTick() <= ticks) {
      send.add(held.pollFirst().send());
    }
    for (Output.Send s : out.send()) {
      if (isProposal(s.message()) && ctx.act("delay " + describe(s.message()) + " to r" + s.to() + " by " + delay + " ticks")) {
        held.addLast(new Held(ticks + delay, s));
      } else {
        send.add(s);
      }
    }
    return Outputs.withSends(out, send);
  }

  private boolean isProposal(Message m) {
    return m instanceof Accept || m instanceof Propose || (delayNewBallot && m instanceof NewBallot);
  }

  private static String describe(Message m) {
    if (m instanceof Accept a) {
      return "ACCEPT ballot " + a.ballot() + " slot " + a.slot();
    }
    if (m instanceof Propose p) {
      return "PROPOSE ballot " + p.ballot() + " slot " + p.slot();
    }
    return "NEW-BALLOT " + m.ballot();
  }
}
