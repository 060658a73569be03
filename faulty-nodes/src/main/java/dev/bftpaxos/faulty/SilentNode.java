package dev.bftpaxos.faulty;

import dev.bftpaxos.core.Output;
import java.util.List;

/**
 * Omits messages: all of them, or only to chosen peers. Its core keeps running and persisting, so
 * it is the omission fault that looks alive to itself. Name {@code silent-node} omits everything;
 * construct it with peers to cut only some links.
 */
public final class SilentNode implements Behaviour {
  private final java.util.Set<Integer> silentTo;

  /** Silent towards everyone, clients included. */
  public SilentNode() {
    this.silentTo = null;
  }

  /** Silent towards these replicas only; clients still get replies. */
  public SilentNode(java.util.Set<Integer> peers) {
    this.silentTo = java.util.Set.copyOf(peers);
  }

  @Override
  public String name() {
    return "silent-node";
  }

  @Override
  public Output outgoing(Output output, FaultyContext ctx) {
    if (output.send().isEmpty() && (silentTo != null || output.replies().isEmpty())) {
      return output;
    }
    if (!ctx.act("omit " + (output.send().size() + (silentTo == null ? output.replies().size() : 0)) + " messages")) {
      return output;
    }
    if (silentTo == null) {
      return new Output(output.persist(), List.of(), output.executed(), List.of());
    }
    List<Output.Send> kept = output.send().stream().filter(s -> !silentTo.contains(s.to())).toList();
    return new Output(output.persist(), kept, output.executed(), output.replies(), output.readReplies());
  }
}
