package dev.bftpaxos.core.client;

import dev.bftpaxos.core.msg.Reply;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The configurations a Byzantine client knows, C0 first: for each, the first slot it governs, its
 * members, and how to check a member's reply there (its key in that configuration). The client
 * counts a reply for slot s only from a member of the configuration that governs s, checked with
 * that member's key there, and takes a result once f+1 of them match, f of that configuration
 * (docs/PROTOCOL.md, "What a client believes after a change").
 *
 * <p>The driver adds each configuration once it has verified the link that proves it (the change's
 * reply certificate, as a learner does). A client that does not know a later configuration yet
 * counts that configuration's slots by the last one it knows: still sound while that one keeps its
 * fault bound, only possibly not live (its surviving members with unchanged keys may be too few),
 * which is when the driver should fetch the next link.
 *
 * <p>Copy on write: a driver thread may add while the client's thread reads.
 */
public final class KnownConfigurations {
  /** The most configurations a client keeps: each came from a verified link, so this is generous. */
  public static final int KNOWN_MAX = 10_000;

  /** A configuration's member keys: whether {@code signer} signed {@code statement} with its key there. */
  @FunctionalInterface
  public interface Keys {
    boolean verify(int signer, byte[] statement, byte[] signature);
  }

  /**
   * How a reply is authenticated given its signer's keys in the reply's configuration: a signature
   * over the reply statement ({@link #signed}), or a MAC tag only this client can check, which
   * ignores the keys (a tag's key is shared with the client and no change rotates it).
   */
  @FunctionalInterface
  public interface ReplyCheck {
    boolean valid(Reply reply, Keys keys);
  }

  /** Replies signed over {@code Statements.reply} under the cluster's {@code configId}. */
  public static ReplyCheck signed(dev.bftpaxos.crypto.Digest32 configId) {
    return (r, keys) -> keys.verify(r.replica(), dev.bftpaxos.crypto.Statements.reply(configId, r.clientId(), r.seq(),
        r.slot(), r.result()), r.signature());
  }

  /** One configuration as the client counts replies in it. */
  public record Known(long id, long fromSlot, Set<Integer> members, Keys keys) {
    public Known {
      if (members.isEmpty()) {
        throw new IllegalArgumentException("configuration C" + id + " without members");
      }
      members = Collections.unmodifiableSet(new TreeSet<>(members));
    }

    /** Byzantine faults tolerated: {@code floor((n-1)/3)}. */
    public int f() {
      return (members.size() - 1) / 3;
    }
  }

  private final ReplyCheck replies;
  private volatile List<Known> known;

  /**
   * A client that knows the first configuration only ({@code first.id()} 0, governing from slot 1),
   * authenticating replies by {@code replies}.
   */
  public KnownConfigurations(Known first, ReplyCheck replies) {
    this.replies = replies;
    if (first.id() != 0 || first.fromSlot() != 1) {
      throw new IllegalArgumentException("the first configuration is C0 from slot 1, not C" + first.id()
          + " from slot " + first.fromSlot());
    }
    this.known = List.of(first);
  }

  /**
   * Appends the configuration after {@link #latest()}, proved by a link the caller verified.
   *
   * @throws IllegalArgumentException if it is not the next one, or does not govern later slots
   */
  public synchronized void add(Known next) {
    Known last = latest();
    if (next.id() != last.id() + 1 || next.fromSlot() <= last.fromSlot()) {
      throw new IllegalArgumentException("C" + next.id() + " from slot " + next.fromSlot() + " cannot follow C"
          + last.id() + " from slot " + last.fromSlot());
    }
    if (known.size() >= KNOWN_MAX) {
      throw new IllegalArgumentException("more than " + KNOWN_MAX + " configurations");
    }
    List<Known> grown = new ArrayList<>(known);
    grown.add(next);
    known = List.copyOf(grown);
  }

  /** Whether {@code r} counts in {@code c}: from a member, authenticated with its key there. */
  public boolean counts(Known c, Reply r) {
    return c.members().contains(r.replica()) && replies.valid(r, c.keys());
  }

  /** Whether {@code r} is authentic under {@code keys}, member or not. */
  public boolean authentic(Reply r, Keys keys) {
    return replies.valid(r, keys);
  }

  public Known latest() {
    List<Known> k = known;
    return k.get(k.size() - 1);
  }

  /** The configuration governing {@code slot}, as far as this client knows. */
  public Known governing(long slot) {
    List<Known> k = known;
    for (int i = k.size() - 1; i > 0; i--) {
      if (k.get(i).fromSlot() <= slot) {
        return k.get(i);
      }
    }
    return k.get(0);
  }
}
