package dev.bftpaxos.replica.wal;

import dev.bftpaxos.core.DurableState;
import dev.bftpaxos.core.PersistOp;
import dev.bftpaxos.core.msg.Batch;
import dev.bftpaxos.core.msg.ByzantineMessage.AcceptProof;
import dev.bftpaxos.core.msg.CheckpointProof;
import dev.bftpaxos.core.msg.CommitProof;
import dev.bftpaxos.core.msg.Request;
import dev.bftpaxos.crypto.Digest32;
import dev.bftpaxos.crypto.SignerSignature;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Ops of every kind, and a comparison of durable states by their canonical encoding. */
final class WalFixtures {
  private WalFixtures() {}

  static Batch batch(long slot) {
    byte[] op = ("put k" + slot + " v" + slot).getBytes(StandardCharsets.UTF_8);
    return new Batch(List.of(new Request(1000, slot, op, new byte[] {7, 7})));
  }

  static Digest32 digest(long slot) {
    return dev.bftpaxos.crypto.Sha256.hash(("slot " + slot).getBytes(StandardCharsets.UTF_8));
  }

  static List<SignerSignature> sigs() {
    return List.of(new SignerSignature(0, new byte[] {1, 2, 3}), new SignerSignature(1, new byte[] {4, 5, 6}));
  }

  /** A mixed sequence of ops for slots 1..slots, ballot rising every ten slots. */
  static List<PersistOp> ops(int slots) {
    List<PersistOp> out = new ArrayList<>();
    for (int s = 1; s <= slots; s++) {
      long ballot = s / 10;
      if (s % 10 == 1) {
        out.add(new PersistOp.SavePromise(ballot));
      }
      out.add(new PersistOp.SaveAccepted(s, ballot, batch(s)));
      out.add(new PersistOp.SaveVote(ballot, s, batch(s)));
      out.add(new PersistOp.SavePrepared(new AcceptProof(ballot, s, digest(s), batch(s), sigs())));
      out.add(new PersistOp.SaveCommitted(new CommitProof(ballot, s, digest(s), batch(s), sigs())));
    }
    return out;
  }

  static PersistOp checkpoint(long slot) {
    return new PersistOp.SaveCheckpoint(new CheckpointProof(slot, digest(slot), sigs()),
        ("state at " + slot).getBytes(StandardCharsets.UTF_8));
  }

  static DurableState stateOf(List<PersistOp> ops) {
    DurableState s = DurableState.empty();
    ops.forEach(s::apply);
    return s;
  }

  /** Two durable states are the same if the ops that rebuild them encode to the same bytes. */
  static boolean same(DurableState a, DurableState b) {
    List<PersistOp> x = WriteAheadLog.opsOf(a);
    List<PersistOp> y = WriteAheadLog.opsOf(b);
    if (x.size() != y.size()) {
      return false;
    }
    for (int i = 0; i < x.size(); i++) {
      if (!Arrays.equals(PersistOpCodec.encode(x.get(i)), PersistOpCodec.encode(y.get(i)))) {
        return false;
      }
    }
    return true;
  }
}
