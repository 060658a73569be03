package dev.bftpaxos.core.msg;

import java.util.Arrays;

/**
 * A replica's answer to a client: the result of {@code (clientId, seq)} executed at {@code slot},
 * and who the replica believes leads now, so the client can aim its next request.
 */
public record Reply(int replica, long clientId, long seq, long slot, byte[] result, int leaderHint) {

  @Override
  public boolean equals(Object o) {
    return o instanceof Reply r && r.replica == replica && r.clientId == clientId && r.seq == seq
        && r.slot == slot && Arrays.equals(r.result, result) && r.leaderHint == leaderHint;
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
