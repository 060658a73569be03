package dev.bftpaxos.core.msg;

import java.util.Arrays;

/**
 * One client operation. {@code (clientId, seq)} identifies it for exactly-once execution; a client
 * has at most one request outstanding, so seq grows by one per completed request.
 */
public record Request(long clientId, long seq, byte[] op) {

  public Request {
    if (op == null) {
      throw new IllegalArgumentException("op must not be null");
    }
  }

  /** Bytes this request adds to a batch: the operation plus its two identifiers. */
  public int sizeBytes() {
    return op.length + 16;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Request r && r.clientId == clientId && r.seq == seq && Arrays.equals(r.op, op);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(clientId) * 31 + Long.hashCode(seq) * 17 + Arrays.hashCode(op);
  }

  @Override
  public String toString() {
    return "c" + clientId + "#" + seq;
  }
}
