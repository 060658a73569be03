package dev.bftpaxos.sim;

import dev.bftpaxos.crypto.CachingCertificateVerifier;
import dev.bftpaxos.crypto.CertificateVerifier;
import dev.bftpaxos.crypto.Digest32;
import dev.bftpaxos.crypto.Ed25519Scheme;
import dev.bftpaxos.crypto.FastSimScheme;
import dev.bftpaxos.crypto.KeyPair;
import dev.bftpaxos.crypto.PublicConfiguration;
import dev.bftpaxos.crypto.PublicKeyRing;
import dev.bftpaxos.crypto.Role;
import dev.bftpaxos.crypto.SignatureScheme;
import dev.bftpaxos.crypto.Signer;
import dev.bftpaxos.crypto.Verifier;
import dev.bftpaxos.core.bft.ByzantineKeys;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedSet;

/**
 * The keys of one simulated Byzantine-mode cluster, derived from the run's seed. Each replica and
 * client is handed only its own {@link Signer}; signing and verification are counted so reports
 * can give signatures per committed request.
 */
public final class SimKeys {
  /** Signatures made and checked during a run. */
  public static final class Counters {
    public long signed;
    public long verified;
  }

  private final SignatureScheme scheme;
  private final Map<Integer, KeyPair> replicaKeys = new HashMap<>();
  private final Map<Integer, KeyPair> clientKeys = new HashMap<>();
  private final PublicConfiguration configuration;
  private final Verifier replicaRing;
  private final Verifier clientRing;
  /** The same ring, not counted: the simulator's own check of what a faulty client really signed. */
  private final Verifier clientRingUncounted;
  private final Counters counters = new Counters();
  private final long seed;
  /** Keys configuration changes brought (ADD and REPLACE), by public key: whose, and the pair. */
  private final Map<java.nio.ByteBuffer, Integer> changedKeyOwner = new HashMap<>();
  private final Map<java.nio.ByteBuffer, KeyPair> changedKeyPairs = new HashMap<>();
  /** How many keys each replica has had (its first one included). */
  private final Map<Integer, Integer> generations = new HashMap<>();
  /** Each replica's newest public key: what an ADD of it carries. */
  private final Map<Integer, byte[]> newestPublic = new HashMap<>();

  public SimKeys(String schemeName, long seed, int replicas, Iterable<Long> clientIds) {
    this.scheme = switch (schemeName) {
      case "fastsim" -> new FastSimScheme();
      case "ed25519" -> new Ed25519Scheme();
      default -> throw new IllegalArgumentException("unknown signature scheme '" + schemeName + "' (known: fastsim, ed25519)");
    };
    this.seed = seed;
    Map<Integer, byte[]> replicaPublic = new HashMap<>();
    for (int r = 0; r < replicas; r++) {
      KeyPair k = scheme.generate(seed, Role.REPLICA, r);
      replicaKeys.put(r, k);
      replicaPublic.put(r, k.publicKey());
      newestPublic.put(r, k.publicKey());
      generations.put(r, 1);
    }
    Map<Integer, byte[]> clientPublic = new HashMap<>();
    for (long c : clientIds) {
      KeyPair k = scheme.generate(seed, Role.CLIENT, (int) c);
      clientKeys.put((int) c, k);
      clientPublic.put((int) c, k.publicKey());
    }
    this.configuration = PublicConfiguration.of(scheme.name(), replicaPublic, clientPublic);
    this.replicaRing = counting(PublicKeyRing.replicas(configuration, scheme));
    this.clientRingUncounted = PublicKeyRing.clients(configuration, scheme);
    this.clientRing = counting(clientRingUncounted);
  }

  /** The scheme the keys are of (for a learner's verifier, which needs no counting). */
  public SignatureScheme scheme() {
    return scheme;
  }

  public PublicConfiguration configuration() {
    return configuration;
  }

  public Digest32 configId() {
    return configuration.configId();
  }

  /** The replicas' public keys, as every client holds them (to check signed replies). */
  public Verifier replicaVerifier() {
    return replicaRing;
  }

  public Counters counters() {
    return counters;
  }

  /**
   * Replica {@code r}'s keys: its own signer, everyone's public keys, a per-replica certificate
   * cache, and the keys configuration changes bring: anyone's public side, and the private side of
   * its own only.
   */
  public ByzantineKeys forReplica(int r) {
    Signer first = counting(scheme.signer(r, replicaKeys.get(r)));
    return new ByzantineKeys(configId(), first, replicaRing, clientRing,
        new CachingCertificateVerifier(CertificateVerifier.direct(), 4096),
        dev.bftpaxos.core.bft.ReplyAuthenticator.SIGNING, rotatedFor(r));
  }

  /** The public key an ADD of {@code r} carries: its newest. */
  public byte[] publicKeyToAdd(int r) {
    return newestPublic.get(r).clone();
  }

  /**
   * A fresh key pair for {@code r} (a REPLACE's), derived from the seed and r's key generation so a
   * run stays reproducible; its public key is returned, the private one goes to r alone.
   */
  public byte[] rotate(int r) {
    int generation = generations.merge(r, 1, Integer::sum) - 1;
    KeyPair k = scheme.generate(seed, Role.REPLICA, r + dev.bftpaxos.core.CoreConfig.REPLICAS_MAX * generation);
    java.nio.ByteBuffer pk = java.nio.ByteBuffer.wrap(k.publicKey().clone());
    changedKeyOwner.put(pk, r);
    changedKeyPairs.put(pk, k);
    newestPublic.put(r, k.publicKey());
    return k.publicKey().clone();
  }

  /**
   * The verifier of configuration {@code c}'s members, each under its key there (its first key where
   * the configuration names none): the checkers' own, independent of the core's.
   */
  public Verifier ringOf(dev.bftpaxos.core.log.Configuration c) {
    return new Verifier() {
      @Override
      public Digest32 ringId() {
        return dev.bftpaxos.crypto.Sha256.hash(dev.bftpaxos.crypto.StatementBytes.builder("sim/configuration-ring")
            .putDigest(replicaRing.ringId()).putString(c.toString()).putLong(c.hashCode()).build());
      }

      @Override
      public boolean isMember(int signerId) {
        return c.contains(signerId);
      }

      @Override
      public SortedSet<Integer> memberIds() {
        java.util.TreeSet<Integer> ids = new java.util.TreeSet<>();
        for (int r = 0; r < dev.bftpaxos.core.CoreConfig.REPLICAS_MAX; r++) {
          if (c.contains(r)) {
            ids.add(r);
          }
        }
        return ids;
      }

      @Override
      public int signatureLength() {
        return scheme.signatureLength();
      }

      @Override
      public boolean verify(int signerId, byte[] statement, byte[] signature) {
        if (!c.contains(signerId)) {
          return false;
        }
        byte[] key = c.key(signerId);
        if (key.length == 0) {
          return replicaRing.verify(signerId, statement, signature);
        }
        return signature.length == scheme.signatureLength() && scheme.verifierFor(key).verify(statement, signature);
      }
    };
  }

  private dev.bftpaxos.core.bft.RotatedKeys rotatedFor(int r) {
    return new dev.bftpaxos.core.bft.RotatedKeys() {
      @Override
      public dev.bftpaxos.crypto.KeyVerifier verifier(byte[] publicKey) {
        try {
          dev.bftpaxos.crypto.KeyVerifier v = scheme.verifierFor(publicKey);
          return (statement, signature) -> {
            counters.verified++;
            return v.verify(statement, signature);
          };
        } catch (IllegalArgumentException e) {
          return null;
        }
      }

      @Override
      public Signer signer(byte[] publicKey) {
        // Only r's own keys: the others' private halves never reach it. A first key carried by an
        // ADD is r's first signer too.
        java.nio.ByteBuffer pk = java.nio.ByteBuffer.wrap(publicKey);
        if (java.util.Arrays.equals(publicKey, replicaKeys.get(r).publicKey())) {
          return counting(scheme.signer(r, replicaKeys.get(r)));
        }
        Integer owner = changedKeyOwner.get(pk);
        return owner == null || owner != r ? null : counting(scheme.signer(r, changedKeyPairs.get(pk)));
      }
    };
  }

  /**
   * Whether {@code r} carries the signature of the client it names: what a faulty client sends in
   * its own name, properly signed, is issued by it (the checkers must let it run); anything else it
   * sends must never run.
   */
  public boolean genuine(dev.bftpaxos.core.msg.Request r) {
    return r.clientId() >= 0 && r.clientId() <= Integer.MAX_VALUE && clientRingUncounted.isMember((int) r.clientId())
        && clientRingUncounted.verify((int) r.clientId(), dev.bftpaxos.crypto.Statements.request(configId(), r.clientId(),
            r.seq(), r.op()), r.signature());
  }

  public Signer forClient(long clientId) {
    return counting(scheme.signer((int) clientId, clientKeys.get((int) clientId)));
  }

  private Signer counting(Signer s) {
    return new Signer() {
      @Override
      public int signerId() {
        return s.signerId();
      }

      @Override
      public String schemeName() {
        return s.schemeName();
      }

      @Override
      public byte[] sign(byte[] statement) {
        counters.signed++;
        return s.sign(statement);
      }
    };
  }

  private Verifier counting(Verifier v) {
    return new Verifier() {
      @Override
      public Digest32 ringId() {
        return v.ringId();
      }

      @Override
      public boolean isMember(int signerId) {
        return v.isMember(signerId);
      }

      @Override
      public SortedSet<Integer> memberIds() {
        return v.memberIds();
      }

      @Override
      public int signatureLength() {
        return v.signatureLength();
      }

      @Override
      public boolean verify(int signerId, byte[] statement, byte[] signature) {
        counters.verified++;
        return v.verify(signerId, statement, signature);
      }
    };
  }
}
