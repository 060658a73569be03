package dev.bftpaxos.faulty;

import dev.bftpaxos.core.Executed;
import dev.bftpaxos.core.Output;
import dev.bftpaxos.core.PersistOp;
import dev.bftpaxos.core.msg.Message;
import dev.bftpaxos.core.msg.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Small operations on {@link Output}s that behaviours share. */
public final class Outputs {
  private Outputs() {}

  /** The outputs of several steps, in order, as one. */
  public static Output merge(List<Output> outs) {
    List<PersistOp> persist = new ArrayList<>();
    List<Output.Send> send = new ArrayList<>();
    List<Executed> executed = new ArrayList<>();
    List<Reply> replies = new ArrayList<>();
    List<dev.bftpaxos.core.msg.ReadReply> readReplies = new ArrayList<>();
    for (Output o : outs) {
      persist.addAll(o.persist());
      send.addAll(o.send());
      executed.addAll(o.executed());
      replies.addAll(o.replies());
      readReplies.addAll(o.readReplies());
    }
    return new Output(persist, send, executed, replies, readReplies);
  }

  /** {@code output} with its sends replaced. */
  public static Output withSends(Output output, List<Output.Send> send) {
    return new Output(output.persist(), send, output.executed(), output.replies(), output.readReplies());
  }

  /** {@code output} with {@code more} sent after what it already sends. */
  public static Output plus(Output output, List<Output.Send> more) {
    if (more.isEmpty()) {
      return output;
    }
    List<Output.Send> send = new ArrayList<>(output.send().size() + more.size());
    send.addAll(output.send());
    send.addAll(more);
    return withSends(output, send);
  }

  /** {@code output} with every message rewritten by {@code f} (same recipient). */
  public static Output mapMessages(Output output, Function<Output.Send, Message> f) {
    List<Output.Send> send = new ArrayList<>(output.send().size());
    for (Output.Send s : output.send()) {
      send.add(new Output.Send(s.to(), f.apply(s)));
    }
    return withSends(output, send);
  }
}
