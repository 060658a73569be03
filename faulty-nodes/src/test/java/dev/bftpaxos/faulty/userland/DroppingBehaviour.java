package dev.bftpaxos.faulty.userland;

import dev.bftpaxos.core.Output;
import dev.bftpaxos.faulty.Behaviour;
import dev.bftpaxos.faulty.BehaviourParams;
import dev.bftpaxos.faulty.FaultyContext;
import dev.bftpaxos.faulty.Outputs;

/** A behaviour "a user wrote", outside the project's registry: drops every k-th message it sends. */
public final class DroppingBehaviour implements Behaviour {
  public final int every;

  public DroppingBehaviour(BehaviourParams p) {
    this.every = p.integer("every", 2, 1, 1000);
  }

  @Override
  public String name() {
    return "dropping";
  }

  @Override
  public Output outgoing(Output output, FaultyContext ctx) {
    java.util.List<Output.Send> kept = new java.util.ArrayList<>();
    for (int i = 0; i < output.send().size(); i++) {
      if (i % every != 0 || !ctx.act("drop")) {
        kept.add(output.send().get(i));
      }
    }
    return Outputs.withSends(output, kept);
  }
}
