package dev.bftpaxos.core.msg;

/** A client request a non-leader passes on to the replica it believes leads. */
public record ForwardedRequest(int from, Request request) implements Message {
  @Override
  public long ballot() {
    return -1;
  }
}
