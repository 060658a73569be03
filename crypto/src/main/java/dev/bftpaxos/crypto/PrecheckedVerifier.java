package dev.bftpaxos.crypto;

import java.util.Arrays;
import java.util.SortedSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Verifier} whose answers can be worked out ahead, on other threads: {@link #precheck}
 * verifies with the delegate and remembers the answer; a later {@link #verify} of exactly the same
 * signer, statement and signature takes the remembered answer (once) instead of verifying again.
 *
 * <p>So a real replica can check a message's signatures in parallel before its single driver thread
 * steps the core, and the core, which verifies everything it relies on, does not pay twice. The core
 * never depends on a precheck: anything not prechecked (a message kind the prechecker does not know,
 * an answer evicted) is verified by the delegate, as without this class. An answer is matched on
 * the full statement and signature bytes, never on a hash a peer could aim at.
 *
 * <p>Memory is bounded by {@code entriesMax}: past it the oldest answers are dropped (they would
 * only cost a second verification).
 */
public final class PrecheckedVerifier implements Verifier {
  private final Verifier delegate;
  private final int entriesMax;
  private final ConcurrentHashMap<Key, Boolean> answers = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Key> order = new ConcurrentLinkedQueue<>();
  private final java.util.concurrent.atomic.AtomicInteger queued = new java.util.concurrent.atomic.AtomicInteger();
  private final AtomicLong prechecked = new AtomicLong();
  private final AtomicLong taken = new AtomicLong();
  private final AtomicLong verifiedAgain = new AtomicLong();

  /** One precheck: signature bytes hash well (they look random), statements are compared whole. */
  private record Key(int signer, byte[] statement, byte[] signature) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.signer == signer && Arrays.equals(k.signature, signature)
          && Arrays.equals(k.statement, statement);
    }

    @Override
    public int hashCode() {
      return 31 * signer + Arrays.hashCode(signature);
    }
  }

  public PrecheckedVerifier(Verifier delegate, int entriesMax) {
    if (entriesMax < 1) {
      throw new IllegalArgumentException("entriesMax must be >= 1, got " + entriesMax);
    }
    this.delegate = delegate;
    this.entriesMax = entriesMax;
  }

  /** Verifies now, on the caller's thread, and keeps the answer for the next {@link #verify} of it. */
  public boolean precheck(int signerId, byte[] statement, byte[] signature) {
    if (statement == null || signature == null) {
      return false; // nothing to remember: the core refuses such a message itself
    }
    boolean ok = delegate.verify(signerId, statement, signature);
    prechecked.incrementAndGet();
    Key k = new Key(signerId, statement.clone(), signature.clone());
    if (answers.put(k, ok) == null) {
      // The queue holds every answer ever kept, taken or not, so it alone bounds both.
      order.add(k);
      if (queued.incrementAndGet() > entriesMax) {
        Key oldest = order.poll();
        if (oldest != null) {
          queued.decrementAndGet();
          answers.remove(oldest);
        }
      }
    }
    return ok;
  }

  @Override
  public boolean verify(int signerId, byte[] statement, byte[] signature) {
    Boolean known = statement == null || signature == null ? null
        : answers.remove(new Key(signerId, statement, signature));
    if (known != null) {
      taken.incrementAndGet();
      return known;
    }
    verifiedAgain.incrementAndGet();
    return delegate.verify(signerId, statement, signature);
  }

  /** Signatures verified ahead by {@link #precheck}. */
  public long prechecked() {
    return prechecked.get();
  }

  /** Verifications answered from a precheck. */
  public long taken() {
    return taken.get();
  }

  /** Verifications that found no precheck and verified on the caller's thread. */
  public long verifiedAgain() {
    return verifiedAgain.get();
  }

  @Override
  public Digest32 ringId() {
    return delegate.ringId();
  }

  @Override
  public boolean isMember(int signerId) {
    return delegate.isMember(signerId);
  }

  @Override
  public SortedSet<Integer> memberIds() {
    return delegate.memberIds();
  }

  @Override
  public int signatureLength() {
    return delegate.signatureLength();
  }
}
