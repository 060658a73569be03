package dev.bftpaxos.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Randomized: for many random valid certificates (random configuration of n in 4..10 members
 * with random ids, random quorum q in 1..n, random signer subset of size q..n in random order,
 * random statement), every single mutation is rejected with the right reason and signer, and the
 * caching verifier agrees with the direct one on every input.
 *
 * <p>The seed is printed; rerun a failure with {@code -Dcrypto.test.seed=<seed>}.
 */
class CertificatePropertyTest {
    private static final long SEED = Long.getLong("crypto.test.seed", System.nanoTime());
    /** Member ids are drawn from 0..POOL-1; ids outside the configuration are the "unknown signers". */
    private static final int POOL = 24;

    static Stream<Arguments> schemes() {
        return Stream.of(Arguments.of(new FastSimScheme(), 2000), Arguments.of(Ed25519Scheme.INSTANCE, 150));
    }

    @ParameterizedTest(name = "{0} x {1}")
    @MethodSource("schemes")
    void everyMutationIsRejectedWithTheRightReason(SignatureScheme scheme, int iterations) {
        System.out.println("CertificatePropertyTest " + scheme.name() + " seed=" + SEED + " (rerun with -Dcrypto.test.seed=" + SEED + ")");
        Random rnd = new Random(SEED ^ scheme.name().hashCode());
        Map<Integer, KeyPair> pool = new HashMap<>();
        Map<Integer, Signer> signers = new HashMap<>();
        for (int id = 0; id < POOL; id++) {
            KeyPair kp = scheme.generate(SEED, Role.REPLICA, id);
            pool.put(id, kp);
            signers.put(id, scheme.signer(id, kp));
        }
        CertificateVerifier direct = CertificateVerifier.direct();
        CachingCertificateVerifier cached = new CachingCertificateVerifier(direct, 512);
        int sigLen = scheme.signatureLength();

        for (int it = 0; it < iterations; it++) {
            String ctx = scheme.name() + " seed=" + SEED + " iteration=" + it;

            // Random configuration and quorum.
            int n = 4 + rnd.nextInt(7);
            List<Integer> ids = new ArrayList<>(pool.keySet());
            Collections.shuffle(ids, rnd);
            List<Integer> members = ids.subList(0, n);
            List<Integer> outsiders = ids.subList(n, POOL);
            Map<Integer, byte[]> keys = new HashMap<>();
            for (int id : members) {
                keys.put(id, pool.get(id).publicKey());
            }
            PublicKeyRing ring = PublicKeyRing.replicas(PublicConfiguration.of(scheme.name(), keys, Map.of()), scheme);
            int q = 1 + rnd.nextInt(n);

            // Random valid certificate: k in q..n distinct members in random order.
            int k = q + rnd.nextInt(n - q + 1);
            List<Integer> chosen = new ArrayList<>(members);
            Collections.shuffle(chosen, rnd);
            chosen = chosen.subList(0, k);
            byte[] payload = new byte[rnd.nextInt(200)];
            rnd.nextBytes(payload);
            byte[] statement = StatementBytes.builder("bftpaxos/prop" + rnd.nextInt(3) + "/v1")
                    .putLong(rnd.nextLong()).putInt(rnd.nextInt()).putBytes(payload).build();
            List<SignerSignature> sigs = new ArrayList<>();
            for (int id : chosen) {
                sigs.add(SignerSignature.sign(signers.get(id), statement));
            }
            Certificate valid = new Certificate(statement, sigs);

            VerificationResult ok = run(direct, cached, ctx, valid, ring, q);
            assertTrue(ok.isValid(), ctx + ": " + ok);
            long hitsBefore = cached.hits();
            assertTrue(cached.verify(new Certificate(statement, sigs), ring, q).isValid(), ctx);
            assertEquals(hitsBefore + 1, cached.hits(), ctx + ": a re-sent valid certificate is a cache hit");

            // 1. One byte flipped in one signature.
            {
                int j = rnd.nextInt(k);
                byte[] s = sigs.get(j).signature();
                s[rnd.nextInt(sigLen)] ^= (byte) (1 + rnd.nextInt(255));
                List<SignerSignature> m = new ArrayList<>(sigs);
                m.set(j, new SignerSignature(chosen.get(j), s));
                expect(direct, cached, ctx, new Certificate(statement, m), ring, q, Reason.BAD_SIGNATURE, chosen.get(j), "flipped signature byte");
            }
            // 2. A signer repeated: an exact copy, or a second entry with other bytes.
            {
                int j = rnd.nextInt(k);
                List<SignerSignature> m = new ArrayList<>(sigs);
                byte[] other = new byte[sigLen];
                rnd.nextBytes(other);
                SignerSignature again = rnd.nextBoolean() ? sigs.get(j) : new SignerSignature(chosen.get(j), other);
                m.add(rnd.nextInt(m.size() + 1), again);
                expect(direct, cached, ctx, new Certificate(statement, m), ring, q, Reason.DUPLICATE_SIGNER, chosen.get(j), "repeated signer");
            }
            // 3. A signer outside the configuration, with a genuine signature by its own key or junk.
            {
                int outsider = switch (rnd.nextInt(3)) {
                    case 0 -> outsiders.get(rnd.nextInt(outsiders.size()));
                    case 1 -> POOL + rnd.nextInt(1000);
                    default -> -1 - rnd.nextInt(1000);
                };
                byte[] sig;
                if (signers.containsKey(outsider)) {
                    sig = signers.get(outsider).sign(statement);
                } else {
                    sig = new byte[sigLen];
                    rnd.nextBytes(sig);
                }
                List<SignerSignature> m = new ArrayList<>(sigs);
                m.add(rnd.nextInt(m.size() + 1), new SignerSignature(outsider, sig));
                expect(direct, cached, ctx, new Certificate(statement, m), ring, q, Reason.UNKNOWN_SIGNER, outsider, "outsider");
            }
            // 4. One signature short of q.
            {
                List<SignerSignature> m = new ArrayList<>(sigs);
                Collections.shuffle(m, rnd);
                expect(direct, cached, ctx, new Certificate(statement, m.subList(0, q - 1)), ring, q, Reason.TOO_FEW_SIGNERS, null, "q-1 signers");
            }
            // 5. A statement byte changed: the first signature in list order is reported.
            {
                byte[] st = statement.clone();
                st[rnd.nextInt(st.length)] ^= (byte) (1 + rnd.nextInt(255));
                expect(direct, cached, ctx, new Certificate(st, sigs), ring, q, Reason.BAD_SIGNATURE, chosen.get(0), "changed statement");
            }
            // 6. A signature of the wrong length.
            {
                int j = rnd.nextInt(k);
                int len = rnd.nextBoolean() ? rnd.nextInt(sigLen) : sigLen + 1 + rnd.nextInt(8);
                List<SignerSignature> m = new ArrayList<>(sigs);
                m.set(j, new SignerSignature(chosen.get(j), Arrays.copyOf(sigs.get(j).signature(), len)));
                expect(direct, cached, ctx, new Certificate(statement, m), ring, q, Reason.MALFORMED, chosen.get(j), "wrong length");
            }
            // 7. Verified against a quorum larger than its signer count.
            if (k < n) {
                expect(direct, cached, ctx, valid, ring, k + 1, Reason.TOO_FEW_SIGNERS, null, "quorum above signer count");
            }
            // 8. Two faults at once: the check that comes first in the documented order decides.
            {
                // A short certificate with an outsider: UNKNOWN_SIGNER is checked before the count.
                int outsider = outsiders.get(rnd.nextInt(outsiders.size()));
                List<SignerSignature> m = new ArrayList<>(sigs.subList(0, Math.max(0, q - 2)));
                m.add(rnd.nextInt(m.size() + 1), SignerSignature.sign(signers.get(outsider), statement));
                expect(direct, cached, ctx, new Certificate(statement, m), ring, q, Reason.UNKNOWN_SIGNER, outsider,
                        "outsider in a short certificate");
                // A repeated signer and an outsider: DUPLICATE_SIGNER is checked before membership.
                int j = rnd.nextInt(k);
                List<SignerSignature> d = new ArrayList<>(sigs);
                d.add(rnd.nextInt(d.size() + 1), new SignerSignature(outsider, signers.get(outsider).sign(statement)));
                d.add(rnd.nextInt(d.size() + 1), sigs.get(j));
                expect(direct, cached, ctx, new Certificate(statement, d), ring, q, Reason.DUPLICATE_SIGNER, chosen.get(j),
                        "repeated signer and outsider");
                // ... plus a signature of the wrong length: MALFORMED comes first of all.
                int w = rnd.nextInt(d.size());
                SignerSignature victim = d.get(w);
                d.set(w, new SignerSignature(victim.signerId(), Arrays.copyOf(victim.signature(), sigLen - 1)));
                expect(direct, cached, ctx, new Certificate(statement, d), ring, q, Reason.MALFORMED, victim.signerId(),
                        "wrong length, repeated signer and outsider");
                // Too few signers, all with bad signatures: the count is checked before any signature.
                if (q >= 2) {
                    List<SignerSignature> bad = new ArrayList<>();
                    for (SignerSignature x : sigs.subList(0, q - 1)) {
                        byte[] junk = x.signature();
                        junk[0] ^= 1;
                        bad.add(new SignerSignature(x.signerId(), junk));
                    }
                    expect(direct, cached, ctx, new Certificate(statement, bad), ring, q, Reason.TOO_FEW_SIGNERS, null,
                            "too few, all bad");
                }
            }
        }
        assertTrue(cached.hits() >= iterations, "hits=" + cached.hits());
        System.out.println("CertificatePropertyTest " + scheme.name() + ": " + iterations + " certificates, cache " + cached);
    }

    /** Runs the direct and the caching verifier on the same input and requires identical results. */
    private static VerificationResult run(CertificateVerifier direct, CachingCertificateVerifier cached, String ctx,
            Certificate cert, Verifier ring, int q) {
        VerificationResult d = direct.verify(cert, ring, q);
        VerificationResult c = cached.verify(cert, ring, q);
        assertEquals(d, c, ctx + ": cache must agree with the direct verifier");
        return d;
    }

    private static void expect(CertificateVerifier direct, CachingCertificateVerifier cached, String ctx,
            Certificate cert, Verifier ring, int q, Reason reason, Integer signer, String what) {
        VerificationResult r = run(direct, cached, ctx, cert, ring, q);
        String msg = ctx + ", " + what + ", q=" + q + ", " + cert + ": got " + r;
        assertTrue(!r.isValid(), msg);
        assertEquals(reason, r.reason(), msg);
        assertEquals(signer == null ? OptionalInt.empty() : OptionalInt.of(signer), r.signerId(), msg);
    }
}
