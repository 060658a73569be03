package dev.bftpaxos.core.log;

import dev.bftpaxos.core.CoreConfig;
import java.util.Arrays;

/**
 * One configuration of the replica group: its number ({@code id}, 0 for the first, one more per
 * change), its members as a bit mask over replica ids 0..{@link CoreConfig#REPLICAS_MAX}-1, and
 * in Byzantine mode each member's public key (encoded; empty in crash mode), indexed by replica
 * id. Every size that depends on n (f, the quorums) is computed from here, never from the number
 * of replicas the core was started with: a replica that kept the old n after a change (BFT-SMaRt's
 * "f not updated on reconfiguration", bft-smart/library#118) cannot be written with this class.
 */
public record Configuration(long id, long members, byte[][] keys) {
  private static final byte[] NO_KEY = new byte[0];

  public Configuration {
    if (id < 0) {
      throw new IllegalArgumentException("configuration id must be >= 0, got " + id);
    }
    if (members == 0) {
      throw new IllegalArgumentException("a configuration needs a member");
    }
    if (keys == null || keys.length != CoreConfig.REPLICAS_MAX) {
      throw new IllegalArgumentException("keys must have one entry per possible replica id");
    }
    keys = keys.clone();
    for (int r = 0; r < keys.length; r++) {
      boolean member = (members & (1L << r)) != 0;
      if (!member || keys[r] == null) {
        keys[r] = NO_KEY;
      }
    }
  }

  /** The first configuration of {@code n} replicas 0..n-1 without keys (crash mode, or keys kept elsewhere). */
  public static Configuration initial(int n) {
    if (n < 1 || n > CoreConfig.REPLICAS_MAX) {
      throw new IllegalArgumentException("n must be in 1.." + CoreConfig.REPLICAS_MAX + ", got " + n);
    }
    return new Configuration(0, n == 64 ? -1L : (1L << n) - 1, new byte[CoreConfig.REPLICAS_MAX][]);
  }

  /** The first configuration with the given members and no keys. */
  public static Configuration ofMembers(long id, long members) {
    return new Configuration(id, members, new byte[CoreConfig.REPLICAS_MAX][]);
  }

  /** The first configuration with the given member ids and no keys. */
  public static Configuration ofMemberIds(long id, Iterable<Integer> members) {
    long mask = 0;
    for (int r : members) {
      if (r < 0 || r >= CoreConfig.REPLICAS_MAX) {
        throw new IllegalArgumentException("replica id must be in 0.." + (CoreConfig.REPLICAS_MAX - 1) + ", got " + r);
      }
      mask |= 1L << r;
    }
    return ofMembers(id, mask);
  }

  /** How many replicas are members. */
  public int n() {
    return Long.bitCount(members);
  }

  public boolean contains(int replica) {
    return replica >= 0 && replica < CoreConfig.REPLICAS_MAX && (members & (1L << replica)) != 0;
  }

  /** The public key of {@code replica} (empty if none or not a member). */
  public byte[] key(int replica) {
    return contains(replica) ? keys[replica].clone() : NO_KEY;
  }

  /** Crash mode: a majority of the members. */
  public int crashQuorum() {
    return n() / 2 + 1;
  }

  /** Byzantine mode: faults tolerated, {@code floor((n-1)/3)}. */
  public int byzantineF() {
    return (n() - 1) / 3;
  }

  /** Byzantine mode: {@code ceil((n+f+1)/2)}. */
  public int byzantineQuorum() {
    return (n() + byzantineF() + 2) / 2;
  }

  /** How many of the replicas in {@code voters} (a bit mask) are members: votes of others never count. */
  public int countMembers(long voters) {
    return Long.bitCount(voters & members);
  }

  /** This configuration after {@code change}, numbered one higher (the caller has validated it). */
  public Configuration apply(ConfigChange change) {
    long m = members;
    byte[][] k = keys.clone();
    int r = change.replica();
    switch (change.kind()) {
      case ADD, REPLACE -> {
        m |= 1L << r;
        k[r] = change.publicKey();
      }
      case REMOVE -> {
        m &= ~(1L << r);
        k[r] = null;
      }
    }
    return new Configuration(id + 1, m, k);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Configuration c && c.id == id && c.members == members && Arrays.deepEquals(c.keys, keys);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(id) * 31 + Long.hashCode(members);
  }

  @Override
  public String toString() {
    return "C" + id + Long.toBinaryString(members);
  }
}
