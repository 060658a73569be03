package dev.bftpaxos.core.msg;

import dev.bftpaxos.crypto.Digest32;
import java.util.List;

/**
 * The replicated log's own messages, the same in both modes: checkpoint votes, catch-up of chosen
 * slots, state transfer and forwarded client requests. What differs by mode is only whether the
 * signatures and proofs they carry are checked (Byzantine mode) or empty (crash mode).
 */
public sealed interface LogMessage extends Message
    permits LogMessage.Checkpoint, LogMessage.FetchSlots, LogMessage.ChosenSlots, LogMessage.FetchState,
        LogMessage.StateSnapshot, ForwardedRequest {

  @Override
  default long ballot() {
    return -1;
  }

  /** Calls the handler method of this message's type. */
  void dispatch(Handler h);

  /** One method per log message type. */
  interface Handler {
    void onCheckpoint(Checkpoint m);

    void onFetchSlots(FetchSlots m);

    void onChosenSlots(ChosenSlots m);

    void onFetchState(FetchState m);

    void onStateSnapshot(StateSnapshot m);

    void onForwardedRequest(ForwardedRequest m);
  }

  /**
   * "My state after executing through {@code slot} has digest {@code stateDigest}", signed in
   * Byzantine mode (empty signature in crash mode). A quorum of matching ones is a stable checkpoint.
   */
  record Checkpoint(int from, long slot, Digest32 stateDigest, byte[] signature) implements LogMessage {
    @Override
    public void dispatch(Handler h) {
      h.onCheckpoint(this);
    }
  }

  /** Asks for the chosen slots {@code [fromSlot, toSlot]} (a replica that lags). */
  record FetchSlots(int from, long fromSlot, long toSlot) implements LogMessage {
    @Override
    public void dispatch(Handler h) {
      h.onFetchSlots(this);
    }
  }

  /**
   * Chosen slots with their batches and proofs, and the highest slot the sender knows chosen
   * through (a hint the requester may use to ask for more, in crash mode).
   */
  record ChosenSlots(int from, List<CommitProof> slots, long chosenThrough) implements LogMessage {
    public ChosenSlots {
      slots = List.copyOf(slots);
    }

    @Override
    public void dispatch(Handler h) {
      h.onChosenSlots(this);
    }
  }

  /** Asks for the state at the stable checkpoint {@code slot} (or a later one). */
  record FetchState(int from, long slot) implements LogMessage {
    @Override
    public void dispatch(Handler h) {
      h.onFetchState(this);
    }
  }

  /** The whole application state after {@code proof.slot()}; checked against the proof's digest. */
  record StateSnapshot(int from, CheckpointProof proof, byte[] snapshot) implements LogMessage {
    @Override
    public void dispatch(Handler h) {
      h.onStateSnapshot(this);
    }
  }
}
