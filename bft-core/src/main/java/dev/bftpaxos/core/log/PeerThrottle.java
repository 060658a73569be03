package dev.bftpaxos.core.log;

import java.util.Arrays;

/**
 * At most {@code answersMax} answers per peer per interval, for requests that cost this replica
 * more than they cost the asker (a FETCH-SLOTS or FETCH-STATE is a few bytes, its answer up to
 * megabytes): a peer asking in a loop gets what a correct peer catching up gets (a short burst,
 * then one retry per retransmission period), and no more.
 */
final class PeerThrottle {
  private final long[] windowStart;
  private final int[] answered;
  private final int intervalTicks;
  private final int answersMax;

  PeerThrottle(int peers, int intervalTicks, int answersMax) {
    this.windowStart = new long[peers];
    this.answered = new int[peers];
    this.intervalTicks = intervalTicks;
    this.answersMax = answersMax;
    Arrays.fill(windowStart, Long.MIN_VALUE / 2);
  }

  /** Whether {@code peer} may be answered at {@code now}; if so, the answer is counted. */
  boolean allow(int peer, long now) {
    if (now - windowStart[peer] >= intervalTicks) {
      windowStart[peer] = now;
      answered[peer] = 0;
    }
    if (answered[peer] >= answersMax) {
      return false;
    }
    answered[peer]++;
    return true;
  }
}
