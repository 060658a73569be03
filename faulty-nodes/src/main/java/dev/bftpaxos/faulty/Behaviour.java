package dev.bftpaxos.faulty;

import dev.bftpaxos.core.Input;
import dev.bftpaxos.core.Output;
import dev.bftpaxos.core.Replica;
import java.util.ArrayList;
import java.util.List;

/**
 * A misbehaviour, written as one class: it sits between the driver and a correct core and may
 * rewrite, drop or add what the replica receives and what it sends, per peer. It can sign only
 * with its own key ({@link FaultyContext#signer()}), so it can lie but cannot forge others.
 *
 * <p>Most behaviours override {@link #incoming} and/or {@link #outgoing}; one that needs the whole
 * step (running cores of its own, say) overrides {@link #step}. Every misbehaving act goes through
 * {@link FaultyContext#act} first.
 */
public interface Behaviour {
  /** The name scenarios and flags use, e.g. {@code equivocating-proposer}. */
  String name();

  /** Whether the behaviour does anything in this mode (crash mode has no signatures or certificates). */
  default boolean appliesTo(boolean byzantine) {
    return true;
  }

  /** What the wrapped core sees for {@code input}: by default exactly it. */
  default List<Input> incoming(Input input, FaultyContext ctx) {
    return List.of(input);
  }

  /** What actually leaves the replica for the core's {@code output}: by default all of it. */
  default Output outgoing(Output output, FaultyContext ctx) {
    return output;
  }

  /** One step of the faulty replica around its correct {@code core}. */
  default Output step(Input input, FaultyContext ctx, Replica core) {
    List<Input> inputs = incoming(input, ctx);
    if (inputs.size() == 1) {
      return outgoing(core.step(inputs.get(0)), ctx);
    }
    List<Output> outs = new ArrayList<>(inputs.size());
    for (Input i : inputs) {
      outs.add(core.step(i));
    }
    return outgoing(Outputs.merge(outs), ctx);
  }
}
