package dev.bftpaxos.core.msg;

/** A client request a non-leader passes on to the replica it believes leads. */
public record ForwardedRequest(int from, Request request) implements LogMessage {
  @Override
  public void dispatch(Handler h) {
    h.onForwardedRequest(this);
  }
}
