package dev.bftpaxos.core.bft;

/** Byzantine-mode sizes for {@code n} replicas: tolerated faults and quorum (protocol.md). */
public final class Quorums {
  private Quorums() {}

  /** Faulty replicas tolerated: {@code floor((n-1)/3)}. */
  public static int f(int n) {
    return (n - 1) / 3;
  }

  /** {@code ceil((n+f+1)/2)}: two quorums share at least f+1 replicas, so at least one correct. */
  public static int quorum(int n) {
    int f = f(n);
    return (n + f + 2) / 2;
  }
}
