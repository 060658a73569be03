package dev.bftpaxos.core.msg;

import java.util.List;

/** A replica that missed chosen slots fetches them from one that knows them. */
public sealed interface CatchupMessage extends Message {

  record CatchupRequest(int from, long fromSlot, long toSlot) implements CatchupMessage {
    @Override
    public long ballot() {
      return -1;
    }
  }

  record CatchupReply(int from, List<ChosenEntry> entries, long chosenThrough) implements CatchupMessage {
    public CatchupReply {
      entries = List.copyOf(entries);
    }

    @Override
    public long ballot() {
      return -1;
    }
  }

  record ChosenEntry(long slot, Batch batch) {}

  /**
   * Crash mode: "my state after executing through {@code slot} has digest {@code stateDigest}".
   * A majority of matching votes makes a stable checkpoint, below which the log is dropped.
   */
  record CheckpointVote(int from, long slot, dev.bftpaxos.crypto.Digest32 stateDigest) implements CatchupMessage {
    @Override
    public long ballot() {
      return -1;
    }
  }

  /**
   * Crash mode: the whole application state at a stable checkpoint, for a replica that asked for
   * slots this one has already dropped. The receiver checks the snapshot against the digest.
   */
  record SnapshotReply(int from, long slot, dev.bftpaxos.crypto.Digest32 stateDigest, byte[] snapshot)
      implements CatchupMessage {
    @Override
    public long ballot() {
      return -1;
    }
  }
}
