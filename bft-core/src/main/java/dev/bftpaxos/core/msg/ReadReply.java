package dev.bftpaxos.core.msg;

import java.util.Arrays;

/**
 * A replica's answer to a {@link Read}: the result of the read on its state after executing
 * through {@code slot}, or a refusal ({@code result == null}: not the leader, no quorum confirmed,
 * no lease) with who it believes leads. Signed in Byzantine mode (over {@code Statements.readReply}).
 */
public record ReadReply(int replica, long clientId, long readId, Read.Kind kind, long slot, byte[] result,
    int leaderHint, byte[] signature) {
  private static final byte[] UNSIGNED = new byte[0];

  public ReadReply {
    if (kind == null || signature == null) {
      throw new IllegalArgumentException("kind and signature must not be null (an empty signature when unsigned)");
    }
  }

  /** An unsigned answer. */
  public ReadReply(int replica, long clientId, long readId, Read.Kind kind, long slot, byte[] result, int leaderHint) {
    this(replica, clientId, readId, kind, slot, result, leaderHint, UNSIGNED);
  }

  public boolean refused() {
    return result == null;
  }

  public ReadReply withSignature(byte[] sig) {
    return new ReadReply(replica, clientId, readId, kind, slot, result, leaderHint, sig);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ReadReply r && r.replica == replica && r.clientId == clientId && r.readId == readId
        && r.kind == kind && r.slot == slot && Arrays.equals(r.result, result) && r.leaderHint == leaderHint
        && Arrays.equals(r.signature, signature);
  }

  @Override
  public int hashCode() {
    return (int) (clientId * 31 + readId) ^ Arrays.hashCode(result);
  }

  @Override
  public String toString() {
    return "ReadReply(r" + replica + " c" + clientId + "/read" + readId + " slot " + slot + (refused() ? " refused" : "")
        + ")";
  }
}
