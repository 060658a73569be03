package dev.bftpaxos.faulty;

import dev.bftpaxos.core.Input;
import dev.bftpaxos.core.Output;
import dev.bftpaxos.core.Replica;
import dev.bftpaxos.core.msg.ElectionMessage;
import dev.bftpaxos.core.msg.ReplicationMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A replica whose clock runs at {@code rate} thousandths of real time, beyond any drift bound the
 * cluster assumes: its otherwise correct core sees fewer ticks than pass (rate below 1000) or more
 * (above). It breaks no rule of the protocol, only the timing assumption leases rest on (crash
 * mode's lease reads assume every clock within {@code clockDriftMaxPermille}): a slow leader
 * believes its lease for longer than its followers promised, which a lease read then shows. The
 * skew is one misbehaving act, asked for at the first tick, so the shrinker can take it away whole.
 *
 * <p>With {@code while=leading} the clock is skewed only while the replica leads (as far as its
 * own messages show: it sends heartbeats or proposals; it stops leading once it answers another's
 * ballot or acknowledges another leader). That is the adversary's clock: with slow clocks drawn at
 * random, the slow replicas rarely lead, since their election timers expire last.
 */
public final class SkewedClock implements Behaviour {
  public static final String NAME = "skewed-clock";
  /** Slowest and fastest rates, in thousandths: a clock that stops, or runs a hundred times fast, is another fault. */
  static final int RATE_MIN = 100;
  static final int RATE_MAX = 100_000;

  private final int ratePermille;
  private final boolean onlyWhileLeading;
  /** Whether this replica's last messages were a leader's. */
  private boolean leading;
  /** Thousandths of a tick owed to the core: the fraction carried from one real tick to the next. */
  private long owed;
  private Boolean skewed;

  public SkewedClock(int ratePermille) {
    this(ratePermille, false);
  }

  public SkewedClock(int ratePermille, boolean onlyWhileLeading) {
    this.onlyWhileLeading = onlyWhileLeading;
    if (ratePermille < RATE_MIN || ratePermille > RATE_MAX) {
      throw new IllegalArgumentException(NAME + ": rate must be in " + RATE_MIN + ".." + RATE_MAX
          + " thousandths of real time, got " + ratePermille);
    }
    this.ratePermille = ratePermille;
  }

  static SkewedClock fromParams(BehaviourParams p) {
    String when = p.text("while", "always");
    if (!when.equals("always") && !when.equals("leading")) {
      throw new IllegalArgumentException(NAME + ": while must be always or leading, got \"" + when + "\"");
    }
    return new SkewedClock(p.integer("rate", 500, RATE_MIN, RATE_MAX), when.equals("leading"));
  }

  @Override
  public Output step(Input input, FaultyContext ctx, Replica core) {
    List<Input> inputs = incoming(input, ctx);
    List<Output> outs = new ArrayList<>(inputs.size());
    for (Input i : inputs) {
      Output o = core.step(i);
      outs.add(o);
      for (Output.Send send : o.send()) {
        if (send.message() instanceof ReplicationMessage.Heartbeat || send.message() instanceof ReplicationMessage.Accept) {
          leading = true;
        } else if (send.message() instanceof ElectionMessage.Promise
            || send.message() instanceof ReplicationMessage.HeartbeatAck
            || send.message() instanceof ReplicationMessage.Accepted) {
          leading = false;
        }
      }
    }
    return outs.size() == 1 ? outs.get(0) : Outputs.merge(outs);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Input> incoming(Input input, FaultyContext ctx) {
    if (!(input instanceof Input.Tick) || onlyWhileLeading && !leading) {
      return List.of(input);
    }
    if (skewed == null) {
      skewed = ctx.act("run its clock at " + ratePermille + " thousandths of real time");
    }
    if (!skewed) {
      return List.of(input);
    }
    owed += ratePermille;
    int ticks = (int) (owed / 1000);
    owed %= 1000;
    return Collections.nCopies(ticks, input);
  }
}
