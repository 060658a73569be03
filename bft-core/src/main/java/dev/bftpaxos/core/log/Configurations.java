package dev.bftpaxos.core.log;

import dev.bftpaxos.core.CoreConfig;
import dev.bftpaxos.core.Invariants;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.BiFunction;

/**
 * Which configuration governs which slot. A change executed at slot {@code s} (so decided by a
 * quorum of the configuration of {@code s}, the old one) governs every slot from {@code s + alpha}
 * on; alpha is {@link CoreConfig#reconfigurationAlphaSlots()}, at least the pipelining window, so
 * a slot a leader may already have in flight when the change is decided keeps the configuration it
 * was proposed under (Lamport's alpha rule; docs/PROTOCOL.md "Reconfiguration"). Every replica
 * executes the same slots in the same order, so every replica computes the same activation slot.
 *
 * <p>One change at a time: a change executed while another is decided but not yet active is
 * refused (with a counted reason, and the refusal is the client's result). Two changes in flight
 * at once would let the second be validated against a configuration that is not yet the one it
 * changes (BFT-SMaRt's "two reconfigurations interfering", bft-smart/library#58).
 *
 * <p>The history held is bounded: the configuration in force and at most one pending one; older
 * ones are dropped once their last slot is under the stable checkpoint ({@link #prune}).
 */
public final class Configurations {
  /** One configuration with the first slot it governs. */
  public record Entry(long fromSlot, Configuration configuration) {}

  private final int universe;
  private final int alpha;
  private final BiFunction<Configuration, ConfigChange, String> modeCheck;
  private final Consumer<String> reject;
  private final Configuration initial;
  private final java.util.function.LongUnaryOperator activation;
  private final ArrayList<Entry> entries = new ArrayList<>(2);

  /**
   * @param universe replica ids 0..universe-1 exist (CoreConfig.replicaCount: the processes the
   *     driver runs); a change naming another id is refused
   * @param modeCheck the mode's rule for a configuration's size and keys: null if allowed, else why not
   */
  public Configurations(Configuration initial, int universe, int alpha, BiFunction<Configuration, ConfigChange, String> modeCheck,
      Consumer<String> reject) {
    this(initial, universe, alpha, modeCheck, reject, slot -> slot + alpha);
  }

  /** With {@code activation} mapping the slot a change executed at to the first slot it governs. */
  public Configurations(Configuration initial, int universe, int alpha, BiFunction<Configuration, ConfigChange, String> modeCheck,
      Consumer<String> reject, java.util.function.LongUnaryOperator activation) {
    this.activation = activation;
    Invariants.check(alpha >= 1, "alpha %d below 1", alpha);
    this.initial = initial;
    this.universe = universe;
    this.alpha = alpha;
    this.modeCheck = modeCheck;
    this.reject = reject;
    entries.add(new Entry(1, initial));
  }

  /** The refusal of a change decided while another is not active yet: a client may submit it again later. */
  public static final String PENDING = "configuration change while another is pending";

  /** The first configuration, as the core was started with it. */
  public Configuration first() {
    return initial;
  }

  /** The configuration that governs {@code slot}. */
  public Configuration at(long slot) {
    for (int i = entries.size() - 1; i > 0; i--) {
      if (entries.get(i).fromSlot() <= slot) {
        return entries.get(i).configuration();
      }
    }
    return entries.get(0).configuration();
  }

  /** The last configuration known: the pending one if a change is pending, else the one in force. */
  public Configuration latest() {
    return entries.get(entries.size() - 1).configuration();
  }

  /** The first slot {@link #latest()} governs. */
  public long latestFrom() {
    return entries.get(entries.size() - 1).fromSlot();
  }

  /** Whether a change decided by slot {@code executed} is not yet active at slot {@code executed + 1}. */
  public boolean pendingAfter(long executed) {
    return latestFrom() > executed + 1;
  }

  /** Whether {@code replica} is a member of any configuration held (in force or pending). */
  public boolean anyContains(int replica) {
    for (Entry e : entries) {
      if (e.configuration().contains(replica)) {
        return true;
      }
    }
    return false;
  }

  /** The union of the members of every configuration held. */
  public long allMembers() {
    long m = 0;
    for (Entry e : entries) {
      m |= e.configuration().members();
    }
    return m;
  }

  public int alpha() {
    return alpha;
  }

  /**
   * Executes the change carried by {@code op} at {@code slot} and returns the client's result:
   * {@code ok C<id> from <slot>} or {@code refused: <reason>} (the reason is also counted).
   */
  public byte[] execute(long slot, byte[] op) {
    ConfigChange change = ConfigChange.decode(op);
    String refused = change == null ? "malformed configuration change" : check(slot, change);
    if (refused != null) {
      reject.accept(refused);
      return ("refused: " + refused).getBytes(StandardCharsets.UTF_8);
    }
    Configuration next = at(slot).apply(change);
    long from = Math.max(slot + 1, activation.applyAsLong(slot));
    entries.add(new Entry(from, next));
    return new ChangeAccepted(next.id(), from).bytes();
  }

  private String check(long slot, ConfigChange change) {
    if (pendingAfter(slot - 1)) {
      return PENDING;
    }
    Configuration current = at(slot);
    int r = change.replica();
    if (r >= universe) {
      return "configuration change naming a replica outside 0..replicaCount-1";
    }
    switch (change.kind()) {
      case ADD -> {
        if (current.contains(r)) {
          return "configuration change adding a member";
        }
        if (current.n() + 1 > CoreConfig.REPLICAS_MAX) {
          return "configuration change above REPLICAS_MAX";
        }
      }
      case REMOVE -> {
        if (!current.contains(r)) {
          return "configuration change removing a non-member";
        }
        if (current.n() - 1 < 1) {
          return "configuration change leaving no replica";
        }
      }
      case REPLACE -> {
        if (!current.contains(r)) {
          return "configuration change replacing a non-member";
        }
      }
    }
    return modeCheck.apply(current.apply(change), change);
  }

  /** Drops every configuration whose slots are all at or below {@code stable}. */
  public void prune(long stable) {
    while (entries.size() > 1 && entries.get(1).fromSlot() <= stable + 1) {
      entries.remove(0);
    }
  }

  /** Always-on: at most the one in force and one pending, ids one apart, activations increasing. */
  public void checkInvariants() {
    Invariants.check(entries.size() <= 2 || entries.get(1).fromSlot() > 0, "configuration history %s", entries);
    for (int i = 1; i < entries.size(); i++) {
      Entry a = entries.get(i - 1);
      Entry b = entries.get(i);
      Invariants.check(b.configuration().id() == a.configuration().id() + 1 && b.fromSlot() > a.fromSlot(),
          "configurations out of order: %s then %s", a, b);
    }
  }

  // ---------------------------------------------------------------- durable form (in snapshots)

  /**
   * The history as of the snapshot after {@code slot}: the configuration governing {@code slot + 1}
   * and any pending one after it. It is a function of the slots executed only, not of when this
   * replica pruned (checkpoint digests must agree). Null while that is just the first
   * configuration (snapshots then keep their old form).
   */
  public byte[] encode(long slot) {
    List<Entry> held = new ArrayList<>(2);
    for (Entry e : entries) {
      if (e.fromSlot() > slot + 1 || e.configuration() == at(slot + 1)) {
        held.add(e);
      }
    }
    if (held.size() == 1 && held.get(0).configuration().equals(initial) && held.get(0).fromSlot() == 1) {
      return null;
    }
    int size = 4;
    for (Entry e : held) {
      size += 8 + 8 + 8 + 4;
      for (int r = 0; r < CoreConfig.REPLICAS_MAX; r++) {
        if (e.configuration().contains(r)) {
          size += 2 + e.configuration().key(r).length;
        }
      }
    }
    ByteBuffer b = ByteBuffer.allocate(size);
    b.putInt(held.size());
    for (Entry e : held) {
      Configuration c = e.configuration();
      b.putLong(e.fromSlot()).putLong(c.id()).putLong(c.members()).putInt(c.n());
      for (int r = 0; r < CoreConfig.REPLICAS_MAX; r++) {
        if (c.contains(r)) {
          byte[] k = c.key(r);
          b.putShort((short) k.length).put(k);
        }
      }
    }
    return b.array();
  }

  /** Replaces the history with {@code bytes} from {@link #encode} (null: the initial configuration). */
  public void restore(byte[] bytes) {
    List<Entry> decoded = new ArrayList<>(2);
    if (bytes == null) {
      decoded.add(new Entry(1, initial));
    } else {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      try {
        int count = b.getInt();
        if (count < 1 || count > 2) {
          throw new IllegalArgumentException("configuration history of " + count);
        }
        for (int i = 0; i < count; i++) {
          long from = b.getLong();
          long id = b.getLong();
          long members = b.getLong();
          int n = b.getInt();
          if (from < 1 || id < 0 || members == 0 || n != Long.bitCount(members)) {
            throw new IllegalArgumentException("bad configuration entry");
          }
          byte[][] keys = new byte[CoreConfig.REPLICAS_MAX][];
          for (int r = 0; r < CoreConfig.REPLICAS_MAX; r++) {
            if ((members & (1L << r)) != 0) {
              int length = b.getShort() & 0xFFFF;
              if (length > ConfigChange.KEY_BYTES_MAX) {
                throw new IllegalArgumentException("configuration key too long");
              }
              keys[r] = new byte[length];
              b.get(keys[r]);
            }
          }
          decoded.add(new Entry(from, new Configuration(id, members, keys)));
        }
      } catch (java.nio.BufferUnderflowException e) {
        throw new IllegalArgumentException("configuration history truncated");
      }
      if (b.hasRemaining()) {
        throw new IllegalArgumentException("configuration history with trailing bytes");
      }
    }
    entries.clear();
    entries.addAll(decoded);
  }

  /** The configurations held, oldest first (observation). */
  public List<Entry> entries() {
    return List.copyOf(entries);
  }
}
