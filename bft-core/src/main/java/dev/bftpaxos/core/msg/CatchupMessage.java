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
}
