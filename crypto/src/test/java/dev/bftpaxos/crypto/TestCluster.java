package dev.bftpaxos.crypto;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A scheme, deterministic keys for a set of replica and client ids, and the configuration over them. */
final class TestCluster {
    final SignatureScheme scheme;
    final PublicConfiguration config;
    final PublicKeyRing replicas;
    final PublicKeyRing clients;
    final Map<Integer, Signer> replicaSigners = new HashMap<>();
    final Map<Integer, Signer> clientSigners = new HashMap<>();

    TestCluster(SignatureScheme scheme, long seed, Collection<Integer> replicaIds, Collection<Integer> clientIds) {
        this.scheme = scheme;
        Map<Integer, byte[]> rk = new HashMap<>();
        Map<Integer, byte[]> ck = new HashMap<>();
        for (int id : replicaIds) {
            KeyPair kp = scheme.generate(seed, Role.REPLICA, id);
            rk.put(id, kp.publicKey());
            replicaSigners.put(id, scheme.signer(id, kp));
        }
        for (int id : clientIds) {
            KeyPair kp = scheme.generate(seed, Role.CLIENT, id);
            ck.put(id, kp.publicKey());
            clientSigners.put(id, scheme.signer(id, kp));
        }
        this.config = PublicConfiguration.of(scheme.name(), rk, ck);
        this.replicas = PublicKeyRing.replicas(config, scheme);
        this.clients = PublicKeyRing.clients(config, scheme);
    }

    /** Replicas 0..n-1, no clients. */
    static TestCluster of(SignatureScheme scheme, int n) {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(i);
        }
        return new TestCluster(scheme, 42, ids, List.of());
    }

    Signer replica(int id) {
        return replicaSigners.get(id);
    }

    /** A certificate over {@code statement} signed by the given replicas, in that order. */
    Certificate certificate(byte[] statement, int... signerIds) {
        List<SignerSignature> sigs = new ArrayList<>();
        for (int id : signerIds) {
            sigs.add(SignerSignature.sign(replica(id), statement));
        }
        return new Certificate(statement, sigs);
    }
}
