package dev.bftpaxos.core.bft;

import dev.bftpaxos.crypto.Digest32;

/** Votes only count together when they name the same ballot and the same batch digest. */
record VoteKey(long ballot, Digest32 digest) implements Comparable<VoteKey> {
  @Override
  public int compareTo(VoteKey o) {
    return ballot != o.ballot ? Long.compare(ballot, o.ballot) : digest.compareTo(o.digest);
  }
}
