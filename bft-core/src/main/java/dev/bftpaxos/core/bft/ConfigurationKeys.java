package dev.bftpaxos.core.bft;

import dev.bftpaxos.core.Invariants;
import dev.bftpaxos.core.log.Configuration;
import dev.bftpaxos.core.log.LogServices;
import dev.bftpaxos.crypto.Digest32;
import dev.bftpaxos.crypto.KeyVerifier;
import dev.bftpaxos.crypto.Sha256;
import dev.bftpaxos.crypto.Signer;
import dev.bftpaxos.crypto.StatementBuilder;
import dev.bftpaxos.crypto.StatementBytes;
import dev.bftpaxos.crypto.Verifier;
import java.util.Collections;
import java.util.HashMap;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Whose key checks what, once configurations change (docs/PROTOCOL.md, "Reconfiguration in
 * Byzantine mode"):
 *
 * <ul>
 *   <li>A statement about slot {@code s} (PROPOSE, ACCEPT, COMMIT, a checkpoint vote, and every
 *       certificate made of them) by replica {@code r} is checked with {@code r}'s key in the
 *       configuration governing {@code s}, and only if {@code r} is a member of it: a REPLACE
 *       retires the old key exactly at its activation slot.
 *   <li>A statement tied to no slot (a ballot's promise and NEW-BALLOT) is checked with {@code r}'s
 *       key in any configuration this replica holds (the one in force and a pending one). The sender
 *       may not have executed the change yet, or may have executed it first, so either key must do.
 *       That is safe: while the old configuration is held, its slots are in the window and the old
 *       key still signs ACCEPTs and COMMITs that count there, so a holder of the old key gains
 *       nothing it lacks; a promise's contents are verified slot by slot with each slot's own key;
 *       and the old key stops counting for anything once its configuration is dropped (every slot
 *       it governs under the stable checkpoint).
 * </ul>
 *
 * The first configuration's keys are {@link ByzantineKeys#replicas()}; a key a change carried is
 * resolved by {@link ByzantineKeys#rotated()}. Bound to the log's configurations when the agreement
 * is made ({@link #bind}).
 */
public final class ConfigurationKeys {
  /** Configurations held are at most two; a few more rings cached cover a window of change. */
  private static final int RINGS_CACHED_MAX = 8;

  /** What of the log's state the key rules read (the log itself, or a test's stand-in). */
  interface View {
    Configuration at(long slot);

    Configuration latest();

    Configuration first();

    /** The stable checkpoint's slot. */
    long low();

    dev.bftpaxos.core.msg.CheckpointProof stable();

    long executedThrough();

    int alpha();
  }

  private final ByzantineKeys keys;
  private final HashMap<Configuration, Verifier> rings = new HashMap<>();
  private View log;

  public ConfigurationKeys(ByzantineKeys keys) {
    this.keys = keys;
  }

  void bind(LogServices services) {
    bind(new View() {
      @Override
      public Configuration at(long slot) {
        return services.configurationAt(slot);
      }

      @Override
      public Configuration latest() {
        return services.latestConfiguration();
      }

      @Override
      public Configuration first() {
        return services.firstConfiguration();
      }

      @Override
      public long low() {
        return services.low();
      }

      @Override
      public dev.bftpaxos.core.msg.CheckpointProof stable() {
        return services.stableCheckpoint();
      }

      @Override
      public long executedThrough() {
        return services.executedThrough();
      }

      @Override
      public int alpha() {
        return services.config().reconfigurationAlphaSlots();
      }
    });
  }

  void bind(View view) {
    Invariants.check(log == null, "configuration keys bound twice");
    this.log = view;
  }

  private View log() {
    Invariants.check(log != null, "configuration keys used before the agreement was made");
    return log;
  }

  public ByzantineKeys keys() {
    return keys;
  }

  /** The configuration the core started with. */
  public Configuration first() {
    return log().first();
  }

  /** This replica's stable checkpoint (null before the first). */
  public dev.bftpaxos.core.msg.CheckpointProof stable() {
    return log().stable();
  }

  /** The last configuration known (the pending one while a change is pending). */
  public Configuration latest() {
    return log().latest();
  }

  /** The configuration governing {@code slot}. */
  public Configuration at(long slot) {
    return log().at(slot);
  }

  /** Whether this replica knows which configuration governs {@code slot} (protocol.md: executed + alpha). */
  public boolean knowsConfigurationOf(long slot) {
    return slot - log().alpha() <= log().executedThrough();
  }

  /** Whether {@code signature} is {@code from}'s over {@code statement}, {@code from} a member of {@code slot}'s configuration. */
  public boolean verifyAt(long slot, int from, byte[] statement, byte[] signature) {
    return ring(at(slot)).verify(from, statement, signature);
  }

  /** For statements tied to no slot: {@code from}'s key in any configuration held (see the class comment). */
  public boolean verifyAnyHeld(int from, byte[] statement, byte[] signature) {
    Configuration oldest = at(log().low() + 1);
    Configuration latest = log().latest();
    return ring(oldest).verify(from, statement, signature)
        || latest != oldest && ring(latest).verify(from, statement, signature);
  }

  /** This replica's signer for statements about {@code slot}, or null if it is no member there or lacks the key. */
  public Signer signerAt(long slot) {
    return signerIn(at(slot));
  }

  /**
   * This replica's signer for statements tied to no slot: its key in the configuration in force
   * (every replica that has not dropped it yet holds it), else in the latest one, else the first key
   * (a replica in no configuration: nobody counts what it signs).
   */
  public Signer ballotSigner() {
    Signer s = signerIn(at(log().executedThrough() + 1));
    if (s == null) {
      s = signerIn(log().latest());
    }
    return s == null ? keys.signer() : s;
  }

  /** The verifier of {@code c}'s members, each with its key in {@code c}. */
  public Verifier ring(Configuration c) {
    Verifier v = rings.get(c);
    if (v == null) {
      if (rings.size() >= RINGS_CACHED_MAX) {
        rings.clear();
      }
      v = new Ring(c);
      rings.put(c, v);
    }
    return v;
  }

  private Signer signerIn(Configuration c) {
    int id = keys.signer().signerId();
    if (!c.contains(id)) {
      return null;
    }
    byte[] key = c.key(id);
    return key.length == 0 ? keys.signer() : keys.rotated().signer(key);
  }

  /** One configuration's key set: members only; a member without a key of its own keeps its first one. */
  private final class Ring implements Verifier {
    private final Configuration c;
    private final KeyVerifier[] rotated;
    /** Whether the member's key is one a change carried (else its first key). */
    private final boolean[] ownKey;
    private final Digest32 ringId;

    Ring(Configuration c) {
      this.c = c;
      this.rotated = new KeyVerifier[dev.bftpaxos.core.CoreConfig.REPLICAS_MAX];
      this.ownKey = new boolean[rotated.length];
      StatementBuilder b = StatementBytes.builder("bftpaxos/configuration-ring/v1").putDigest(keys.replicas().ringId())
          .putLong(c.id()).putLong(c.members());
      for (int r = 0; r < rotated.length; r++) {
        byte[] k = c.key(r);
        b.putBytes(k);
        if (k.length > 0) {
          ownKey[r] = true;
          rotated[r] = keys.rotated().verifier(k);
        }
      }
      this.ringId = Sha256.hash(b.build());
    }

    @Override
    public Digest32 ringId() {
      return ringId;
    }

    @Override
    public boolean isMember(int signerId) {
      if (!c.contains(signerId)) {
        return false;
      }
      return ownKey[signerId] ? rotated[signerId] != null : keys.replicas().isMember(signerId);
    }

    @Override
    public SortedSet<Integer> memberIds() {
      TreeSet<Integer> ids = new TreeSet<>();
      for (int r = 0; r < rotated.length; r++) {
        if (isMember(r)) {
          ids.add(r);
        }
      }
      return Collections.unmodifiableSortedSet(ids);
    }

    @Override
    public int signatureLength() {
      return keys.replicas().signatureLength();
    }

    @Override
    public boolean verify(int signerId, byte[] statement, byte[] signature) {
      if (!c.contains(signerId)) {
        return false;
      }
      if (!ownKey[signerId]) {
        return keys.replicas().verify(signerId, statement, signature);
      }
      KeyVerifier v = rotated[signerId];
      return v != null && signature != null && signature.length == signatureLength() && v.verify(statement, signature);
    }
  }
}
