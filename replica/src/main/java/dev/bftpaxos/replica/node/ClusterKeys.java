package dev.bftpaxos.replica.node;

import dev.bftpaxos.crypto.Ed25519Scheme;
import dev.bftpaxos.crypto.FastSimScheme;
import dev.bftpaxos.crypto.KeyFileException;
import dev.bftpaxos.crypto.KeyFiles;
import dev.bftpaxos.crypto.MemberKey;
import dev.bftpaxos.crypto.PublicConfiguration;
import dev.bftpaxos.crypto.PublicKeyRing;
import dev.bftpaxos.crypto.Role;
import dev.bftpaxos.crypto.SignatureScheme;
import dev.bftpaxos.replica.config.ClusterConfig;
import java.nio.file.Path;

/** The public keys of a cluster, read from the keygen's public configuration file. */
public record ClusterKeys(SignatureScheme scheme, PublicConfiguration publicConfiguration, PublicKeyRing replicas,
    PublicKeyRing clients) {

  public static SignatureScheme scheme(String name) {
    if (name.equals(Ed25519Scheme.NAME)) {
      return Ed25519Scheme.INSTANCE;
    }
    if (name.equals(FastSimScheme.NAME) || name.equals("fastsim")) {
      return new FastSimScheme();
    }
    throw new IllegalArgumentException("unknown signature scheme \"" + name + "\" (known: ed25519, fastsim)");
  }

  public static ClusterKeys read(ClusterConfig c) throws KeyFileException {
    SignatureScheme s = scheme(c.scheme());
    PublicConfiguration pub = KeyFiles.readPublicConfiguration(c.publicConfigurationFile(), s);
    return new ClusterKeys(s, pub, new PublicKeyRing(pub, Role.REPLICA, s), new PublicKeyRing(pub, Role.CLIENT, s));
  }

  /** A member's own key, checked to be the member the caller expects. */
  public MemberKey own(Path file, Role role, int id) throws KeyFileException {
    MemberKey k = KeyFiles.readPrivateKey(file, scheme);
    if (k.role() != role || k.id() != id) {
      throw new KeyFileException(file, "holds the key of " + k.role().fileName() + " " + k.id() + ", expected "
          + role.fileName() + " " + id);
    }
    return k;
  }
}
