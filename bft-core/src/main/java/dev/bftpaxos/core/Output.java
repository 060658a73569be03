package dev.bftpaxos.core;

import dev.bftpaxos.core.msg.Message;
import dev.bftpaxos.core.msg.ReadReply;
import dev.bftpaxos.core.msg.Reply;
import java.util.ArrayList;
import java.util.List;

/**
 * What one step produced, in the order the driver must honour: make {@code persist} durable, then
 * send {@code send}, then report {@code executed} and deliver {@code replies} and {@code readReplies}.
 */
public record Output(List<PersistOp> persist, List<Send> send, List<Executed> executed, List<Reply> replies,
    List<ReadReply> readReplies) {

  /** One message to one replica. */
  public record Send(int to, Message message) {}

  public static final Output EMPTY = new Output(List.of(), List.of(), List.of(), List.of(), List.of());

  /** An output without answers to reads. */
  public Output(List<PersistOp> persist, List<Send> send, List<Executed> executed, List<Reply> replies) {
    this(persist, send, executed, replies, List.of());
  }

  public boolean isEmpty() {
    return persist.isEmpty() && send.isEmpty() && executed.isEmpty() && replies.isEmpty() && readReplies.isEmpty();
  }

  /** Collects one step's output; lists are created lazily because most steps produce little. */
  public static final class Builder {
    private List<PersistOp> persist;
    private List<Send> send;
    private List<Executed> executed;
    private List<Reply> replies;
    private List<ReadReply> readReplies;

    public void persist(PersistOp op) {
      if (persist == null) {
        persist = new ArrayList<>(4);
      }
      persist.add(op);
    }

    public void send(int to, Message m) {
      if (send == null) {
        send = new ArrayList<>(8);
      }
      send.add(new Send(to, m));
    }

    public void executed(Executed e) {
      if (executed == null) {
        executed = new ArrayList<>(4);
      }
      executed.add(e);
    }

    public void reply(Reply r) {
      if (replies == null) {
        replies = new ArrayList<>(8);
      }
      replies.add(r);
    }

    public void readReply(ReadReply r) {
      if (readReplies == null) {
        readReplies = new ArrayList<>(4);
      }
      readReplies.add(r);
    }

    public boolean hasSendTo(int to) {
      if (send == null) {
        return false;
      }
      for (Send s : send) {
        if (s.to() == to) {
          return true;
        }
      }
      return false;
    }

    public Output build() {
      if (persist == null && send == null && executed == null && replies == null && readReplies == null) {
        return EMPTY;
      }
      return new Output(
          persist == null ? List.of() : persist,
          send == null ? List.of() : send,
          executed == null ? List.of() : executed,
          replies == null ? List.of() : replies,
          readReplies == null ? List.of() : readReplies);
    }
  }
}
