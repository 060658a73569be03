package dev.bftpaxos.learner;

import dev.bftpaxos.core.msg.BatchDigest;
import dev.bftpaxos.core.bft.CommitCertificate;
import dev.bftpaxos.core.msg.Batch;
import dev.bftpaxos.core.msg.Request;
import dev.bftpaxos.crypto.Digest32;
import dev.bftpaxos.crypto.KeyPair;
import dev.bftpaxos.crypto.PublicConfiguration;
import dev.bftpaxos.crypto.Role;
import dev.bftpaxos.crypto.SignatureScheme;
import dev.bftpaxos.crypto.Signer;
import dev.bftpaxos.crypto.SignerSignature;
import dev.bftpaxos.crypto.Statements;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Replicas 0..n-1 and clients 1000.. with keys derived from a seed, their configuration, and
 * builders of signed requests, batches and commit certificates.
 */
final class TestCluster {
  static final int FIRST_CLIENT = 1000;

  final SignatureScheme scheme;
  final long seed;
  final int n;
  final int clientCount;
  final PublicConfiguration config;
  final OfflineVerifier verifier;
  final Map<Integer, Signer> replicas = new TreeMap<>();
  final Map<Integer, Signer> clients = new TreeMap<>();

  TestCluster(SignatureScheme scheme, long seed, int n, int clientCount) {
    this.scheme = scheme;
    this.seed = seed;
    this.n = n;
    this.clientCount = clientCount;
    Map<Integer, byte[]> rk = new TreeMap<>();
    Map<Integer, byte[]> ck = new TreeMap<>();
    for (int id = 0; id < n; id++) {
      KeyPair kp = scheme.generate(seed, Role.REPLICA, id);
      rk.put(id, kp.publicKey());
      replicas.put(id, scheme.signer(id, kp));
    }
    for (int i = 0; i < clientCount; i++) {
      int id = FIRST_CLIENT + i;
      KeyPair kp = scheme.generate(seed, Role.CLIENT, id);
      ck.put(id, kp.publicKey());
      clients.put(id, scheme.signer(id, kp));
    }
    config = PublicConfiguration.of(scheme.name(), rk, ck);
    verifier = new OfflineVerifier(config, scheme);
  }

  int quorum() {
    return OfflineVerifier.quorum(n);
  }

  /** A replica-role signer that is not in the configuration, made by the same scheme instance. */
  Signer outsider(int id) {
    return scheme.signer(id, scheme.generate(seed + 1, Role.REPLICA, id));
  }

  Request request(long clientId, long seq, byte[] op) {
    Signer c = clients.get((int) clientId);
    return new Request(clientId, seq, op, c.sign(Statements.request(config.configId(), clientId, seq, op)));
  }

  /** 0..maxRequests requests by random clients, with random operations of 0..40 bytes. */
  Batch randomBatch(Random rnd, int maxRequests) {
    int count = rnd.nextInt(maxRequests + 1);
    List<Request> requests = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] op = new byte[rnd.nextInt(41)];
      rnd.nextBytes(op);
      long clientId = FIRST_CLIENT + rnd.nextInt(clientCount);
      requests.add(request(clientId, rnd.nextInt(1_000_000), op));
    }
    return new Batch(requests);
  }

  /** Signed by {@code signers}, in that order, over COMMIT(ballot, slot, digest of batch). */
  CommitCertificate certificate(long ballot, long slot, Batch batch, List<Integer> signers) {
    Digest32 d = BatchDigest.of(batch);
    byte[] statement = Statements.commit(config.configId(), ballot, slot, d);
    List<SignerSignature> sigs = new ArrayList<>();
    for (int id : signers) {
      sigs.add(SignerSignature.sign(replicas.get(id), statement));
    }
    return new CommitCertificate(config.configId(), ballot, slot, d, batch, sigs);
  }

  /** Random ballot, slot and batch, signed by q..n distinct replicas in random order. */
  CommitCertificate randomCertificate(Random rnd) {
    List<Integer> ids = new ArrayList<>(replicas.keySet());
    Collections.shuffle(ids, rnd);
    int k = quorum() + rnd.nextInt(n - quorum() + 1);
    long ballot = rnd.nextBoolean() ? rnd.nextInt(20) : rnd.nextLong() & Long.MAX_VALUE;
    long slot = rnd.nextBoolean() ? 1 + rnd.nextInt(1000) : Math.max(1, rnd.nextLong() & Long.MAX_VALUE);
    return certificate(ballot, slot, randomBatch(rnd, 6), ids.subList(0, k));
  }

  @Override
  public String toString() {
    return scheme.name() + " n=" + n;
  }
}
