package dev.bftpaxos.core.msg;

import dev.bftpaxos.crypto.Digest32;
import dev.bftpaxos.crypto.Statements;

/** The digest Byzantine-mode statements name a batch by (layout in {@link Statements#batch}). */
public final class BatchDigest {
  private BatchDigest() {}

  public static Digest32 of(Batch batch) {
    Statements.BatchDigestBuilder b = Statements.batch(batch.requests().size());
    for (Request r : batch.requests()) {
      b.add(r.clientId(), r.seq(), r.op(), r.signature());
    }
    return b.digest();
  }
}
