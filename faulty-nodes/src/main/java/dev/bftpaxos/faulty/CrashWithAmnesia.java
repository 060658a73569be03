package dev.bftpaxos.faulty;

import dev.bftpaxos.core.CoreConfig;
import dev.bftpaxos.core.DurableState;
import dev.bftpaxos.core.Input;
import dev.bftpaxos.core.Output;
import dev.bftpaxos.core.PersistOp;
import dev.bftpaxos.core.Replica;
import java.util.List;

/**
 * A replica that keeps restarting with its disk wiped: it forgets every promise and vote it made
 * and comes back as a brand-new replica with the same id and key. Crash-mode Paxos assumes the
 * disk survives a crash, so a forgotten promise or vote can let two values be chosen; Byzantine
 * mode must tolerate it while at most f replicas do it (a wiped replica may vote twice, which is
 * within what a faulty replica may do).
 *
 * <p>The driver's core is never stepped (and so persists nothing); the replica runs a private
 * core on a durable state of its own, built by {@link FaultyContext#cores()}. Roughly every
 * {@code every} ticks (uniform jitter of up to a quarter of that either way, from the seeded random
 * source, so restarts do not line up with the protocol's own periods) it asks to restart; when the
 * act is permitted it drops the core and its state, stays down for {@code down} ticks (every input
 * dropped, as a crashed host would), and comes back on a fresh empty state. A denied restart just
 * keeps the current core running until the next one is due.
 */
public final class CrashWithAmnesia implements Behaviour {
  public static final String NAME = "crash-with-amnesia";

  private final int everyParam;
  private final int downParam;
  private int every = -1;
  private int down;
  private Replica core;
  private DurableState durable;
  private long ticks;
  private long nextRestart;
  /** While down: the tick at which the fresh core starts; -1 when up. */
  private long upAt = -1;
  private int restarts;

  /** {@code every} and {@code down} in ticks, or -1 for defaults derived from the configuration. */
  public CrashWithAmnesia(int every, int down) {
    if (every == 0 || every < -1) {
      throw new IllegalArgumentException(NAME + ": every must be >= 1 tick, got " + every);
    }
    if (down < -1) {
      throw new IllegalArgumentException(NAME + ": down must be >= 0 ticks, got " + down);
    }
    this.everyParam = every;
    this.downParam = down;
  }

  static CrashWithAmnesia fromParams(BehaviourParams p) {
    int every = p.has("every") ? p.integer("every", 0, 1, 1_000_000) : -1;
    int down = p.has("down") ? p.integer("down", 0, 0, 1_000_000) : -1;
    return new CrashWithAmnesia(every, down);
  }

  /** Default period: twice the election timeout, so a restart lands in most ballots but not every round trip. */
  public static int defaultEvery(CoreConfig config) {
    return 2 * config.electionTimeoutTicks();
  }

  /** Default downtime: half a heartbeat period - a quick reboot, shorter than any timeout. */
  public static int defaultDown(CoreConfig config) {
    return Math.max(1, config.heartbeatTicks() / 2);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Output step(Input input, FaultyContext ctx, Replica ignored) {
    if (every < 0) {
      every = everyParam > 0 ? everyParam : defaultEvery(ctx.config());
      down = downParam >= 0 ? downParam : defaultDown(ctx.config());
      fresh(ctx);
      nextRestart = nextRestartFrom(0, ctx);
    }
    boolean tick = input instanceof Input.Tick;
    if (tick) {
      ticks++;
    }
    if (upAt >= 0) {
      if (!tick || ticks < upAt) {
        return Output.EMPTY; // down: the host is off, everything sent to it is lost
      }
      upAt = -1;
      fresh(ctx);
    } else if (tick && ticks >= nextRestart) {
      nextRestart = nextRestartFrom(ticks, ctx);
      if (ctx.act("restart with durable state wiped (#" + (restarts + 1) + ", down " + down + " ticks)")) {
        restarts++;
        core = null;
        durable = null;
        if (down > 0) {
          upAt = ticks + down;
          return Output.EMPTY;
        }
        fresh(ctx);
      }
    }
    Output out = core.step(input);
    for (PersistOp op : out.persist()) {
      durable.apply(op); // its own disk, the one the next restart wipes
    }
    // The driver's disk is never written: its core never runs.
    return new Output(List.of(), out.send(), out.executed(), out.replies(), out.readReplies());
  }

  private void fresh(FaultyContext ctx) {
    durable = new DurableState();
    core = ctx.cores().create(durable);
  }

  private long nextRestartFrom(long from, FaultyContext ctx) {
    int quarter = every / 4;
    long jitter = quarter == 0 ? 0 : ctx.random().nextInt(2 * quarter + 1) - quarter;
    return from + Math.max(1, every + jitter);
  }
}
