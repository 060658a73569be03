package dev.bftpaxos.replica.wal;

import dev.bftpaxos.core.PersistOp;
import dev.bftpaxos.core.msg.ByzantineMessage;
import dev.bftpaxos.core.msg.LogMessage;
import dev.bftpaxos.core.msg.Message;
import dev.bftpaxos.core.msg.ReplicationMessage;
import dev.bftpaxos.core.wire.WireCodec;
import dev.bftpaxos.core.wire.WireFormatException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The bytes of one {@link PersistOp} in the log: a one-byte tag, then either a long (a promise) or
 * the core's own wire encoding of a message that carries the op's fields. Reusing
 * {@link WireCodec} keeps one encoding of batches and proofs, with its bounds on decoding, instead
 * of a second hand-written one; the carrier's unused fields are fixed (from = 0, a one-byte
 * placeholder signature) and ignored on the way back. bft-core is left unchanged.
 */
public final class PersistOpCodec {
  private static final byte PROMISE = 1;
  private static final byte ACCEPTED = 2;
  private static final byte VOTE = 3;
  private static final byte PREPARED = 4;
  private static final byte COMMITTED = 5;
  private static final byte CHECKPOINT = 6;
  private static final byte NEW_BALLOT = 7;

  /** A carrier's signature field must hold 1 byte or more to decode; its value means nothing here. */
  private static final byte[] PLACEHOLDER_SIGNATURE = {0};

  private PersistOpCodec() {}

  public static byte[] encode(PersistOp op) {
    if (op instanceof PersistOp.SavePromise p) {
      return ByteBuffer.allocate(9).put(PROMISE).putLong(p.ballot()).array();
    }
    byte tag;
    Message carrier;
    if (op instanceof PersistOp.SaveAccepted a) {
      tag = ACCEPTED;
      carrier = new ReplicationMessage.Accept(0, a.ballot(), a.slot(), a.batch(), 0);
    } else if (op instanceof PersistOp.SaveVote v) {
      tag = VOTE;
      carrier = new ReplicationMessage.Accept(0, v.ballot(), v.slot(), v.batch(), 0);
    } else if (op instanceof PersistOp.SavePrepared p) {
      tag = PREPARED;
      carrier = new ByzantineMessage.BallotPromise(0, p.proof().ballot(), null, List.of(p.proof()),
          PLACEHOLDER_SIGNATURE);
    } else if (op instanceof PersistOp.SaveCommitted c) {
      tag = COMMITTED;
      carrier = new LogMessage.ChosenSlots(0, List.of(c.proof()), 0);
    } else if (op instanceof PersistOp.SaveCheckpoint c) {
      tag = CHECKPOINT;
      carrier = new LogMessage.StateSnapshot(0, c.proof(), c.snapshot());
    } else if (op instanceof PersistOp.SaveNewBallot b) {
      tag = NEW_BALLOT;
      carrier = b.message();
    } else {
      throw new IllegalArgumentException("unknown persist op " + op);
    }
    byte[] body = WireCodec.encode(carrier);
    return ByteBuffer.allocate(1 + body.length).put(tag).put(body).array();
  }

  /** The op in {@code bytes}; throws {@link WireFormatException} if they are not one. */
  public static PersistOp decode(byte[] bytes) {
    if (bytes.length == 0) {
      throw new WireFormatException("empty log record");
    }
    byte tag = bytes[0];
    if (tag == PROMISE) {
      if (bytes.length != 9) {
        throw new WireFormatException("promise record of " + bytes.length + " bytes, expected 9");
      }
      return new PersistOp.SavePromise(ByteBuffer.wrap(bytes, 1, 8).getLong());
    }
    byte[] body = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
    Message m = WireCodec.decode(body);
    switch (tag) {
      case ACCEPTED:
        if (m instanceof ReplicationMessage.Accept a) {
          return new PersistOp.SaveAccepted(a.slot(), a.ballot(), a.batch());
        }
        break;
      case VOTE:
        if (m instanceof ReplicationMessage.Accept a) {
          return new PersistOp.SaveVote(a.ballot(), a.slot(), a.batch());
        }
        break;
      case PREPARED:
        if (m instanceof ByzantineMessage.BallotPromise p && p.accepted().size() == 1) {
          return new PersistOp.SavePrepared(p.accepted().get(0));
        }
        break;
      case COMMITTED:
        if (m instanceof LogMessage.ChosenSlots c && c.slots().size() == 1) {
          return new PersistOp.SaveCommitted(c.slots().get(0));
        }
        break;
      case CHECKPOINT:
        if (m instanceof LogMessage.StateSnapshot s) {
          return new PersistOp.SaveCheckpoint(s.proof(), s.snapshot());
        }
        break;
      case NEW_BALLOT:
        if (m instanceof ByzantineMessage.NewBallot b) {
          return new PersistOp.SaveNewBallot(b);
        }
        break;
      default:
        throw new WireFormatException("unknown log record tag " + tag);
    }
    throw new WireFormatException("log record tag " + tag + " carries " + m.getClass().getSimpleName());
  }
}
