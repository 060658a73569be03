package dev.bftpaxos.bench;

import dev.bftpaxos.core.bft.Quorums;
import dev.bftpaxos.crypto.CachingCertificateVerifier;
import dev.bftpaxos.crypto.Certificate;
import dev.bftpaxos.crypto.CertificateVerifier;
import dev.bftpaxos.crypto.Digest32;
import dev.bftpaxos.crypto.KeyPair;
import dev.bftpaxos.crypto.PublicConfiguration;
import dev.bftpaxos.crypto.PublicKeyRing;
import dev.bftpaxos.crypto.Role;
import dev.bftpaxos.crypto.Sha256;
import dev.bftpaxos.crypto.SignatureScheme;
import dev.bftpaxos.crypto.SignerSignature;
import dev.bftpaxos.crypto.Statements;
import dev.bftpaxos.crypto.StatementBytes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Verifying one commit certificate ({@code q} COMMIT signatures over one statement, as promises,
 * new-ballot messages and state transfer carry them): in full with
 * {@link CertificateVerifier#direct()}, and as a hit in a {@link CachingCertificateVerifier}
 * that has seen it before. A hit costs one SHA-256 over the statement and signatures instead of
 * {@code q} signature verifications.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CertificateVerifyBench {
  private static final int CERTIFICATES = 16;

  @Param({"ed25519", "fastsim"})
  public String scheme;

  @Param({"4", "7"})
  public int n;

  private PublicKeyRing replicas;
  private Certificate[] certificates;
  private int quorum;
  private CachingCertificateVerifier cache;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    SignatureScheme s = SlotFixture.scheme(scheme);
    Map<Integer, KeyPair> keys = new HashMap<>();
    Map<Integer, byte[]> pub = new HashMap<>();
    for (int r = 0; r < n; r++) {
      keys.put(r, s.generate(20261123L, Role.REPLICA, r));
      pub.put(r, keys.get(r).publicKey());
    }
    PublicConfiguration config = PublicConfiguration.of(s.name(), pub, Map.of());
    replicas = PublicKeyRing.replicas(config, s);
    quorum = Quorums.quorum(n);
    certificates = new Certificate[CERTIFICATES];
    for (int i = 0; i < CERTIFICATES; i++) {
      long slot = 1 + i;
      Digest32 batch = Sha256.hash(StatementBytes.builder("bench/batch").putLong(slot).build());
      byte[] statement = Statements.commit(config.configId(), 0, slot, batch);
      List<SignerSignature> sigs = new ArrayList<>();
      for (int r = 0; r < quorum; r++) {
        sigs.add(SignerSignature.sign(s.signer(r, keys.get(r)), statement));
      }
      certificates[i] = new Certificate(statement, sigs);
    }
    cache = new CachingCertificateVerifier();
    for (Certificate c : certificates) {
      if (!CertificateVerifier.direct().verify(c, replicas, quorum).isValid()
          || !cache.verify(c, replicas, quorum).isValid()) {
        throw new IllegalStateException("a prepared certificate does not verify");
      }
    }
  }

  /** All q signatures checked. */
  @Benchmark
  public boolean direct() {
    return CertificateVerifier.direct().verify(certificates[next++ & (CERTIFICATES - 1)], replicas, quorum).isValid();
  }

  /** Answered from the cache: one SHA-256 over the certificate plus a map lookup. */
  @Benchmark
  public boolean cachedHit() {
    return cache.verify(certificates[next++ & (CERTIFICATES - 1)], replicas, quorum).isValid();
  }
}
