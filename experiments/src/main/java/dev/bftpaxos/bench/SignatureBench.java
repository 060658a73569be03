package dev.bftpaxos.bench;

import dev.bftpaxos.crypto.Digest32;
import dev.bftpaxos.crypto.KeyPair;
import dev.bftpaxos.crypto.PublicConfiguration;
import dev.bftpaxos.crypto.PublicKeyRing;
import dev.bftpaxos.crypto.Role;
import dev.bftpaxos.crypto.Sha256;
import dev.bftpaxos.crypto.SignatureScheme;
import dev.bftpaxos.crypto.Signer;
import dev.bftpaxos.crypto.StatementBytes;
import dev.bftpaxos.crypto.Statements;
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
 * One signature and one verification over an ACCEPT statement (102 bytes), through the same
 * {@link Signer} and {@link PublicKeyRing} the replica uses: the unit costs {@link SlotCryptoBench}'s
 * per-slot figures are made of, measured under the same conditions so the two can be compared.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SignatureBench {
  @Param({"ed25519", "fastsim"})
  public String scheme;

  private Signer signer;
  private PublicKeyRing ring;
  private byte[] statement;
  private byte[] signature;

  @Setup(Level.Trial)
  public void setUp() {
    SignatureScheme s = SlotFixture.scheme(scheme);
    KeyPair k = s.generate(20261123L, Role.REPLICA, 0);
    PublicConfiguration config = PublicConfiguration.of(s.name(), Map.of(0, k.publicKey()), Map.of());
    signer = s.signer(0, k);
    ring = PublicKeyRing.replicas(config, s);
    Digest32 batch = Sha256.hash(StatementBytes.builder("bench/batch").build());
    statement = Statements.accept(config.configId(), 7, 42, batch);
    signature = signer.sign(statement);
    if (!ring.verify(0, statement, signature)) {
      throw new IllegalStateException("signature does not verify");
    }
  }

  @Benchmark
  public byte[] sign() {
    return signer.sign(statement);
  }

  @Benchmark
  public boolean verify() {
    return ring.verify(0, statement, signature);
  }
}
