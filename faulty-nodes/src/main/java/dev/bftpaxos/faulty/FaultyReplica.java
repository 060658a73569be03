package dev.bftpaxos.faulty;

import dev.bftpaxos.core.Input;
import dev.bftpaxos.core.Output;
import dev.bftpaxos.core.Replica;
import java.util.Map;

/** A correct core wrapped by a {@link Behaviour}: the driver steps it like any replica. */
public final class FaultyReplica implements Replica {
  private final Replica core;
  private final Behaviour behaviour;
  private final FaultyContext context;

  public FaultyReplica(Replica core, Behaviour behaviour, FaultyContext context) {
    this.core = core;
    this.behaviour = behaviour;
    this.context = context;
  }

  @Override
  public Output step(Input input) {
    return behaviour.step(input, context, core);
  }

  @Override
  public int id() {
    return core.id();
  }

  @Override
  public long executedThrough() {
    return core.executedThrough();
  }

  @Override
  public Map<String, Long> rejections() {
    return core.rejections();
  }

  @Override
  public dev.bftpaxos.core.ReplicaStatus status() {
    return core.status();
  }

  public Behaviour behaviour() {
    return behaviour;
  }
}
