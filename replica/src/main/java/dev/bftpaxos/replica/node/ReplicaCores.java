package dev.bftpaxos.replica.node;

import dev.bftpaxos.core.CoreConfig;
import dev.bftpaxos.core.Cores;
import dev.bftpaxos.core.DurableState;
import dev.bftpaxos.core.Replica;
import dev.bftpaxos.core.bft.ByzantineKeys;
import dev.bftpaxos.core.bft.ReplyAuthenticator;
import dev.bftpaxos.core.bft.RotatedKeys;
import dev.bftpaxos.core.kv.KvStateMachine;
import dev.bftpaxos.crypto.CachingCertificateVerifier;
import dev.bftpaxos.crypto.CertificateVerifier;
import dev.bftpaxos.crypto.Role;
import dev.bftpaxos.crypto.Signer;
import dev.bftpaxos.replica.config.ClusterMode;
import java.security.SecureRandom;
import java.util.Random;

/** Builds the correct core of a mode the one way the simulator does ({@link Cores}), for a real process. */
public final class ReplicaCores {
  /** Certificates a replica remembers as verified, so it does not verify one twice. */
  public static final int CERTIFICATE_CACHE_ENTRIES = 4096;

  private ReplicaCores() {}

  public static Replica build(ClusterMode mode, int id, CoreConfig config, ClusterKeys keys, Signer signer,
      KvStateMachine machine, DurableState durable) {
    return build(mode, id, config, keys, keys.replicas(), keys.clients(), ReplyAuthenticator.SIGNING, signer,
        machine, durable, null, firstKeyOnly(id, keys, signer));
  }

  /** A replica's keys when it holds only its first one: a rotation of its key leaves it unable to sign. */
  public static RotatedKeys firstKeyOnly(int id, ClusterKeys keys, Signer signer) {
    return new OwnKeyRing(keys.scheme(), id, keys.publicConfiguration().publicKey(Role.REPLICA, id), signer, null,
        System.err);
  }

  /**
   * Replica {@code id}'s keys: its first one ({@code signer}, for the key config.json lists) and
   * each private key file of its own in {@code keyDirectory} (the directory of its key file, where
   * {@code reconfigure --rotate-key} writes a new key), read again while a key it is asked for is
   * missing; unusable files claiming to be its keys are reported on {@code err}.
   */
  public static RotatedKeys keyRing(int id, ClusterKeys keys, Signer signer, java.nio.file.Path keyDirectory,
      java.io.PrintStream err) {
    return new OwnKeyRing(keys.scheme(), id, keys.publicConfiguration().publicKey(Role.REPLICA, id), signer,
        keyDirectory, err);
  }

  /**
   * As above, verifying through {@code replicas} and {@code clients} (a {@link Prechecker}'s, so the
   * core takes the answers worked out before the step; or MAC authenticators, {@link ClientAuthKeys})
   * instead of the plain key rings, and authenticating replies with {@code replies}. {@code members}
   * is the first configuration (the cluster file's {@code members:}); null: every replica. {@code own}
   * are the keys this replica signs with as configuration changes rotate them ({@link #keyRing}).
   */
  public static Replica build(ClusterMode mode, int id, CoreConfig config, ClusterKeys keys,
      dev.bftpaxos.crypto.Verifier replicas, dev.bftpaxos.crypto.Verifier clients, ReplyAuthenticator replies,
      Signer signer, KvStateMachine machine, DurableState durable, java.util.List<Integer> members, RotatedKeys own) {
    // Randomness only spreads election timeouts; a real process has no seed to replay.
    Random random = new Random(new SecureRandom().nextLong());
    dev.bftpaxos.core.log.Configuration first = null;
    if (members != null && members.size() < config.replicaCount()) {
      first = dev.bftpaxos.core.log.Configuration.ofMemberIds(0, members);
    }
    if (mode == ClusterMode.CRASH) {
      return first == null ? Cores.crash(id, config, machine, random::nextInt, durable)
          : Cores.crash(id, config, machine, random::nextInt, durable, first);
    }
    ByzantineKeys bk = new ByzantineKeys(keys.publicConfiguration().configId(), signer, replicas, clients,
        new CachingCertificateVerifier(CertificateVerifier.direct(), CERTIFICATE_CACHE_ENTRIES), replies, own);
    return first == null ? Cores.byzantine(id, config, bk, machine, random::nextInt, durable)
        : Cores.byzantine(id, config, bk, machine, random::nextInt, durable, first);
  }
}
