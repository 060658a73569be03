package dev.bftpaxos.core.msg;

import java.util.Arrays;

/**
 * A replica's answer to a client: the result of {@code (clientId, seq)} executed at {@code slot},
 * and who the replica believes leads now, so the client can aim its next request. In Byzantine
 * mode {@code signature} is the replica's signature over {@code Statements.reply}, so f+1 matching
 * replies form a reply certificate a client can show a third party; in crash mode it is empty.
 */
public record Reply(int replica, long clientId, long seq, long slot, byte[] result, int leaderHint, byte[] signature) {
  private static final byte[] UNSIGNED = new byte[0];

  public Reply {
    if (signature == null) {
      throw new IllegalArgumentException("signature must not be null (empty when unsigned)");
    }
  }

  /** An unsigned reply, as crash mode sends them. */
  public Reply(int replica, long clientId, long seq, long slot, byte[] result, int leaderHint) {
    this(replica, clientId, seq, slot, result, leaderHint, UNSIGNED);
  }

  public Reply withSignature(byte[] sig) {
    return new Reply(replica, clientId, seq, slot, result, leaderHint, sig);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Reply r && r.replica == replica && r.clientId == clientId && r.seq == seq
        && r.slot == slot && Arrays.equals(r.result, result) && r.leaderHint == leaderHint
        && Arrays.equals(r.signature, signature);
  }

  @Override
  public int hashCode() {
    return (int) (clientId * 31 + seq) ^ Arrays.hashCode(result);
  }

  @Override
  public String toString() {
    return "Reply(r" + replica + " c" + clientId + "#" + seq + " slot " + slot + ")";
  }
}
