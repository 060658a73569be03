package dev.bftpaxos.learner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.bftpaxos.core.bft.CommitCertificate;
import dev.bftpaxos.core.msg.Batch;
import dev.bftpaxos.core.msg.Request;
import dev.bftpaxos.crypto.Digest32;
import dev.bftpaxos.crypto.Ed25519Scheme;
import dev.bftpaxos.crypto.FastSimScheme;
import dev.bftpaxos.crypto.SignatureScheme;
import dev.bftpaxos.crypto.Signer;
import dev.bftpaxos.crypto.SignerSignature;
import dev.bftpaxos.crypto.Statements;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random valid certificates (n in {4, 7, 10}, random batches of signed requests, q..n signers in
 * random order) verify, survive the file round trip, and every single mutation of one is rejected
 * with the right reason and, where there is one, the right signer.
 *
 * <p>The seed is printed and in every failure message; rerun with
 * {@code -Dlearner.test.seed=<seed>}, more iterations with {@code -Dlearner.test.iterations=<k>}
 * (a multiplier).
 */
class OfflineVerifierPropertyTest {
  static final long SEED = Long.getLong("learner.test.seed", System.nanoTime());
  static final int MULTIPLIER = Integer.getInteger("learner.test.iterations", 1);
  private static final int[] SIZES = {4, 7, 10};

  static Stream<Arguments> schemes() {
    return Stream.of(Arguments.of(FastSimScheme.NAME, 600), Arguments.of(Ed25519Scheme.NAME, 40));
  }

  private static SignatureScheme scheme(String name) {
    return name.equals(Ed25519Scheme.NAME) ? Ed25519Scheme.INSTANCE : new FastSimScheme();
  }

  @ParameterizedTest(name = "{0} x {1}")
  @MethodSource("schemes")
  void validCertificatesVerifyAndEveryMutationIsRejectedWithTheRightReason(String schemeName, int iterations) {
    System.out.println("OfflineVerifierPropertyTest " + schemeName + " seed=" + SEED + " (rerun with -Dlearner.test.seed="
        + SEED + ")");
    SignatureScheme scheme = scheme(schemeName);
    Random rnd = new Random(SEED ^ schemeName.hashCode());
    Map<Integer, TestCluster> clusters = new TreeMap<>();
    Map<Integer, TestCluster> others = new TreeMap<>();
    for (int n : SIZES) {
      clusters.put(n, new TestCluster(scheme, SEED, n, 3));
      others.put(n, new TestCluster(scheme, SEED + 7, n, 3));
    }
    int mutations = 0;
    for (int it = 0; it < iterations * MULTIPLIER; it++) {
      TestCluster c = clusters.get(SIZES[rnd.nextInt(SIZES.length)]);
      String ctx = schemeName + " seed=" + SEED + " iteration=" + it + " " + c;
      CommitCertificate cert = c.randomCertificate(rnd);
      String text = CertificateFile.format(cert, c.config);
      OfflineVerifier.Result r = c.verifier.verify(text);
      if (!(r instanceof OfflineVerifier.Valid v)) {
        fail(ctx + ": a valid certificate was rejected: " + r.render() + "\n" + text);
        return;
      }
      assertEquals(cert, v.certificate(), ctx + ": the file round trip changed the certificate");
      assertEquals(cert.slot(), v.slot(), ctx);
      assertEquals(cert.digest(), v.digest(), ctx);
      assertEquals(c.quorum(), v.quorum(), ctx);
      assertEquals(cert.signatures().stream().map(SignerSignature::signerId).sorted().toList(), v.signers(), ctx);

      mutations += mutateOnce(rnd, c, others.get(c.n), cert, ctx);
    }
    System.out.println("OfflineVerifierPropertyTest " + schemeName + ": " + iterations * MULTIPLIER
        + " certificates, " + mutations + " mutations rejected with the right reason");
  }

  /** Applies every kind of mutation once (with random choices); returns how many were checked. */
  private static int mutateOnce(Random rnd, TestCluster c, TestCluster other, CommitCertificate cert, String ctx) {
    List<SignerSignature> sigs = cert.signatures();
    int k = sigs.size();
    int count = 0;

    // One byte of one signature changed.
    int j = rnd.nextInt(k);
    List<SignerSignature> m = new ArrayList<>(sigs);
    byte[] s = sigs.get(j).signature();
    s[rnd.nextInt(s.length)] ^= (byte) (1 + rnd.nextInt(255));
    m.set(j, new SignerSignature(sigs.get(j).signerId(), s));
    expect(c, withSignatures(cert, m), InvalidReason.BAD_SIGNATURE, sigs.get(j).signerId(), ctx + " flipped signature byte");
    count++;

    // One byte (or field) of the batch changed.
    expect(c, withBatch(cert, mutatedBatch(rnd, c, cert.batch())), InvalidReason.BATCH_DIGEST_MISMATCH, null,
        ctx + " batch changed");
    count++;

    // A signer repeated: its own signature again, or a well-formed but different one.
    m = new ArrayList<>(sigs);
    SignerSignature dup = sigs.get(rnd.nextInt(k));
    if (rnd.nextBoolean()) {
      byte[] other0 = dup.signature();
      other0[0] ^= 1;
      dup = new SignerSignature(dup.signerId(), other0);
    }
    m.add(rnd.nextInt(k + 1), dup);
    expect(c, withSignatures(cert, m), InvalidReason.DUPLICATE_SIGNER, dup.signerId(), ctx + " repeated signer");
    count++;

    // A signer outside the configuration, replacing a member or added.
    int outsiderId = switch (rnd.nextInt(3)) {
      case 0 -> c.n + rnd.nextInt(20);
      case 1 -> -1 - rnd.nextInt(5);
      default -> TestCluster.FIRST_CLIENT + rnd.nextInt(c.clientCount); // a client's id is no replica's
    };
    Signer outsider = c.outsider(Math.abs(outsiderId));
    byte[] statement = Statements.commit(c.config.configId(), cert.ballot(), cert.slot(), cert.digest());
    m = new ArrayList<>(sigs);
    SignerSignature foreign = new SignerSignature(outsiderId, outsider.sign(statement));
    if (rnd.nextBoolean()) {
      m.set(rnd.nextInt(k), foreign);
    } else {
      m.add(rnd.nextInt(k + 1), foreign);
    }
    expect(c, withSignatures(cert, m), InvalidReason.UNKNOWN_SIGNER, outsiderId, ctx + " outsider " + outsiderId);
    count++;

    // A client's key presented under a replica id: a signature, but not that replica's.
    int victim = rnd.nextInt(k);
    Signer client = c.clients.values().iterator().next();
    m = new ArrayList<>(sigs);
    m.set(victim, new SignerSignature(sigs.get(victim).signerId(), client.sign(statement)));
    expect(c, withSignatures(cert, m), InvalidReason.BAD_SIGNATURE, sigs.get(victim).signerId(),
        ctx + " client key under a replica id");
    count++;

    // One signature short of the quorum (and none at all).
    expect(c, withSignatures(cert, sigs.subList(0, c.quorum() - 1)), InvalidReason.TOO_FEW_SIGNERS, null,
        ctx + " q-1 signers");
    expect(c, withSignatures(cert, List.of()), InvalidReason.TOO_FEW_SIGNERS, null, ctx + " no signers");
    count += 2;

    // A signature over a statement with another ballot, slot, digest or configuration mixed in.
    String[] what = {"ballot", "slot", "digest", "configId"};
    int which = rnd.nextInt(what.length);
    long ballot = cert.ballot() + (which == 0 ? 1 + rnd.nextInt(3) : 0);
    long slot = cert.slot() + (which == 1 ? (cert.slot() > 1 && rnd.nextBoolean() ? -1 : 1) : 0);
    Digest32 digest = which == 2 ? randomDigest(rnd) : cert.digest();
    Digest32 configId = which == 3 ? other.config.configId() : c.config.configId();
    j = rnd.nextInt(k);
    int signer = sigs.get(j).signerId();
    m = new ArrayList<>(sigs);
    m.set(j, SignerSignature.sign(c.replicas.get(signer), Statements.commit(configId, ballot, slot, digest)));
    OfflineVerifier.Invalid bad = expect(c, withSignatures(cert, m), InvalidReason.BAD_SIGNATURE, signer,
        ctx + " mixed statement (" + what[which] + ")");
    assertTrue(bad.detail().startsWith("signer " + signer + " (signatures[" + j + "])"), ctx + ": " + bad.detail());
    count++;

    // Ballot or slot of the whole certificate changed: every signature is now over another statement.
    CommitCertificate shifted = rnd.nextBoolean()
        ? new CommitCertificate(cert.configId(), cert.ballot() ^ 1, cert.slot(), cert.digest(), cert.batch(), sigs)
        : new CommitCertificate(cert.configId(), cert.ballot(), cert.slot() == 1 ? 2 : cert.slot() - 1, cert.digest(),
            cert.batch(), sigs);
    expect(c, shifted, InvalidReason.BAD_SIGNATURE, sigs.get(0).signerId(), ctx + " ballot or slot changed");
    count++;

    // The digest changed (the batch no longer matches it).
    expect(c, new CommitCertificate(cert.configId(), cert.ballot(), cert.slot(), randomDigest(rnd), cert.batch(), sigs),
        InvalidReason.BATCH_DIGEST_MISMATCH, null, ctx + " digest changed");
    count++;

    // Another configuration id, or checked against another cluster's configuration.
    CommitCertificate elsewhere =
        new CommitCertificate(randomDigest(rnd), cert.ballot(), cert.slot(), cert.digest(), cert.batch(), sigs);
    String moved = CertificateFile.format(cert, c.config).replace(c.config.configId().hex(), elsewhere.configId().hex());
    assertReason(c.verifier.verify(moved), InvalidReason.CONFIG_MISMATCH, null, ctx + " configId changed");
    assertEquals(c.verifier.verify(moved), c.verifier.verify(elsewhere), ctx + " file and in-memory disagree");
    OfflineVerifier.Result r = other.verifier.verify(CertificateFile.format(cert, c.config));
    assertReason(r, InvalidReason.CONFIG_MISMATCH, null, ctx + " other cluster's configuration");
    count += 2;

    // Another scheme named in the file.
    String text = CertificateFile.format(cert, c.config).replace("\"scheme\": \"" + c.config.schemeName() + "\"",
        "\"scheme\": \"" + (c.config.schemeName().equals(Ed25519Scheme.NAME) ? FastSimScheme.NAME : Ed25519Scheme.NAME)
            + "\"");
    assertReason(c.verifier.verify(text), InvalidReason.SCHEME_MISMATCH, null, ctx + " scheme changed");
    count++;

    // A signature of the wrong length.
    j = rnd.nextInt(k);
    m = new ArrayList<>(sigs);
    byte[] longer = sigs.get(j).signature();
    byte[] resized = java.util.Arrays.copyOf(longer, rnd.nextBoolean() ? longer.length + 1 : rnd.nextInt(longer.length));
    m.set(j, new SignerSignature(sigs.get(j).signerId(), resized));
    expect(c, withSignatures(cert, m), InvalidReason.MALFORMED_SIGNATURE, sigs.get(j).signerId(),
        ctx + " signature length");
    count++;
    return count;
  }

  /** The batch with one change that must alter its digest. */
  private static Batch mutatedBatch(Random rnd, TestCluster c, Batch batch) {
    List<Request> rs = new ArrayList<>(batch.requests());
    if (rs.isEmpty()) {
      rs.add(c.request(TestCluster.FIRST_CLIENT, 1, new byte[] {1}));
      return new Batch(rs);
    }
    int i = rnd.nextInt(rs.size());
    Request r = rs.get(i);
    byte[] op = r.op();
    byte[] sig = r.signature();
    Supplier<Byte> nonZero = () -> (byte) (1 + rnd.nextInt(255));
    switch (rnd.nextInt(7)) {
      case 0 -> {
        byte[] o = op.clone();
        if (o.length == 0) {
          o = new byte[] {nonZero.get()};
        } else {
          o[rnd.nextInt(o.length)] ^= nonZero.get();
        }
        rs.set(i, new Request(r.clientId(), r.seq(), o, sig));
      }
      case 1 -> {
        byte[] g = sig.clone();
        g[rnd.nextInt(g.length)] ^= nonZero.get();
        rs.set(i, new Request(r.clientId(), r.seq(), op, g));
      }
      case 2 -> rs.set(i, new Request(r.clientId() + 1 + rnd.nextInt(3), r.seq(), op, sig));
      case 3 -> rs.set(i, new Request(r.clientId(), r.seq() ^ (1L << rnd.nextInt(63)), op, sig));
      case 4 -> rs.remove(i);
      case 5 -> rs.add(rnd.nextInt(rs.size() + 1), c.request(TestCluster.FIRST_CLIENT, rnd.nextInt(100), new byte[0]));
      default -> {
        // A byte moved from the end of op to the start of the signature: same concatenation
        // without length prefixes, different batch.
        if (op.length > 0) {
          byte[] o = java.util.Arrays.copyOf(op, op.length - 1);
          byte[] g = new byte[sig.length + 1];
          g[0] = op[op.length - 1];
          System.arraycopy(sig, 0, g, 1, sig.length);
          rs.set(i, new Request(r.clientId(), r.seq(), o, g));
        } else {
          rs.set(i, new Request(r.clientId(), r.seq(), new byte[] {0}, sig));
        }
      }
    }
    return new Batch(rs);
  }

  private static CommitCertificate withSignatures(CommitCertificate c, List<SignerSignature> sigs) {
    return new CommitCertificate(c.configId(), c.ballot(), c.slot(), c.digest(), c.batch(), sigs);
  }

  private static CommitCertificate withBatch(CommitCertificate c, Batch b) {
    return new CommitCertificate(c.configId(), c.ballot(), c.slot(), c.digest(), b, c.signatures());
  }

  private static Digest32 randomDigest(Random rnd) {
    byte[] b = new byte[Digest32.LENGTH];
    rnd.nextBytes(b);
    return Digest32.of(b);
  }

  /** Writes the certificate to a file, verifies the file, and checks reason and signer. */
  private static OfflineVerifier.Invalid expect(TestCluster c, CommitCertificate cert, InvalidReason reason,
      Integer signer, String ctx) {
    String text = CertificateFile.format(cert, c.config);
    OfflineVerifier.Result r = c.verifier.verify(text);
    OfflineVerifier.Invalid inv = assertReason(r, reason, signer, ctx);
    // The in-memory path must agree with the file path.
    assertEquals(r, c.verifier.verify(cert), ctx + ": file and in-memory verification disagree");
    return inv;
  }

  static OfflineVerifier.Invalid assertReason(OfflineVerifier.Result r, InvalidReason reason, Integer signer,
      String ctx) {
    if (!(r instanceof OfflineVerifier.Invalid inv)) {
      fail(ctx + ": expected " + reason + ", got " + r.render());
      return null;
    }
    assertEquals(reason, inv.reason(), ctx + ": " + inv.render());
    assertEquals(signer == null ? OptionalInt.empty() : OptionalInt.of(signer), inv.signerId(), ctx + ": " + inv.render());
    assertFalse(inv.render().contains("\n"), ctx + ": detail spans lines: " + inv.render());
    if (signer != null) {
      assertTrue(inv.detail().contains("signer " + signer), ctx + ": detail does not name the signer: " + inv.detail());
    }
    return inv;
  }
}
