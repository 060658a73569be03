package dev.bftpaxos.faulty;

import dev.bftpaxos.core.Input;
import dev.bftpaxos.core.Output;
import dev.bftpaxos.core.PersistOp;
import dev.bftpaxos.core.Replica;
import java.util.ArrayList;
import java.util.List;
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
    List<Input> inputs = behaviour.incoming(input, context);
    Output merged;
    if (inputs.size() == 1) {
      merged = core.step(inputs.get(0));
    } else {
      List<PersistOp> persist = new ArrayList<>();
      List<Output.Send> send = new ArrayList<>();
      List<dev.bftpaxos.core.Executed> executed = new ArrayList<>();
      List<dev.bftpaxos.core.msg.Reply> replies = new ArrayList<>();
      for (Input i : inputs) {
        Output o = core.step(i);
        persist.addAll(o.persist());
        send.addAll(o.send());
        executed.addAll(o.executed());
        replies.addAll(o.replies());
      }
      merged = new Output(persist, send, executed, replies);
    }
    return behaviour.outgoing(merged, context);
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

  public Behaviour behaviour() {
    return behaviour;
  }
}
