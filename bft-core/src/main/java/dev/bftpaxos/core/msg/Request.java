package dev.bftpaxos.core.msg;

import java.util.Arrays;

/**
 * One client operation. {@code (clientId, seq)} identifies it for exactly-once execution; a client
 * has at most one request outstanding, so seq grows by one per completed request. In Byzantine
 * mode {@code signature} is the client's signature over the request statement (so no replica can
 * invent a request); in crash mode it is empty.
 */
public record Request(long clientId, long seq, byte[] op, byte[] signature) {
  private static final byte[] UNSIGNED = new byte[0];

  public Request {
    if (op == null || signature == null) {
      throw new IllegalArgumentException("op and signature must not be null");
    }
  }

  /** An unsigned request, as crash mode sends them. */
  public Request(long clientId, long seq, byte[] op) {
    this(clientId, seq, op, UNSIGNED);
  }

  public Request withSignature(byte[] sig) {
    return new Request(clientId, seq, op, sig);
  }

  /** Bytes this request adds to a batch: the operation, its signature and two identifiers. */
  public int sizeBytes() {
    return op.length + signature.length + 16;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Request r && r.clientId == clientId && r.seq == seq && Arrays.equals(r.op, op)
        && Arrays.equals(r.signature, signature);
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
