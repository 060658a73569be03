package dev.bftpaxos.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Properties every {@link SignatureScheme} must have, run against both schemes. */
class SignatureSchemeTest {
    static Stream<SignatureScheme> schemes() {
        return Stream.of(Ed25519Scheme.INSTANCE, new FastSimScheme());
    }

    private static byte[] statement(String text) {
        return StatementBytes.builder("bftpaxos/test/v1").putString(text).build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemes")
    void signVerifyRoundTrip(SignatureScheme scheme) {
        TestCluster c = TestCluster.of(scheme, 4);
        for (int i = 0; i < 4; i++) {
            byte[] st = statement("hello " + i);
            byte[] sig = c.replica(i).sign(st);
            assertEquals(scheme.signatureLength(), sig.length);
            assertTrue(c.replicas.verify(i, st, sig));
            assertArrayEquals(sig, c.replica(i).sign(st), "both schemes are deterministic");
            assertEquals(i, c.replica(i).signerId());
            assertEquals(scheme.name(), c.replica(i).schemeName());
        }
        byte[] empty = new byte[0];
        assertTrue(c.replicas.verify(2, empty, c.replica(2).sign(empty)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemes")
    void oneMembersSignatureIsNotAnothers(SignatureScheme scheme) {
        TestCluster c = new TestCluster(scheme, 7, List.of(0, 1, 2, 3, 4), List.of(0, 1));
        byte[] st = statement("commit");
        for (int signer = 0; signer < 5; signer++) {
            byte[] sig = c.replica(signer).sign(st);
            for (int claimed = -1; claimed < 7; claimed++) {
                assertEquals(claimed == signer, c.replicas.verify(claimed, st, sig),
                        "signature of replica " + signer + " checked as replica " + claimed);
            }
            assertFalse(c.clients.verify(signer, st, sig), "a replica's signature never verifies as the client with its id");
        }
        byte[] clientSig = c.clientSigners.get(0).sign(st);
        assertFalse(c.replicas.verify(0, st, clientSig), "a client's signature never verifies as a replica");
        assertTrue(c.clients.verify(0, st, clientSig));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemes")
    void aSignerCannotSignForAnotherId(SignatureScheme scheme) {
        TestCluster c = TestCluster.of(scheme, 4);
        // The only way to get a signer for id 2 with replica 1's keys is to ask for it, and then
        // the signatures are still replica 1's: they do not verify under replica 2's key.
        KeyPair keysOf1 = scheme.generate(42, Role.REPLICA, 1);
        Signer impostor = scheme.signer(2, keysOf1);
        byte[] st = statement("x");
        assertFalse(c.replicas.verify(2, st, impostor.sign(st)));
        assertTrue(c.replicas.verify(1, st, impostor.sign(st)));
        // The Signer interface offers nothing but its id, its scheme name and sign().
        assertEquals(List.of("schemeName", "sign", "signerId"),
                Arrays.stream(Signer.class.getMethods()).map(java.lang.reflect.Method::getName).sorted().toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemes")
    void tamperingIsDetected(SignatureScheme scheme) {
        TestCluster c = TestCluster.of(scheme, 4);
        byte[] st = statement("accept 5 7");
        byte[] sig = c.replica(3).sign(st);
        for (int i = 0; i < st.length; i++) {
            byte[] t = st.clone();
            t[i] ^= 0x01;
            assertFalse(c.replicas.verify(3, t, sig), "statement byte " + i);
        }
        for (int i = 0; i < sig.length; i++) {
            byte[] s = sig.clone();
            s[i] ^= 0x40;
            assertFalse(c.replicas.verify(3, st, s), "signature byte " + i);
        }
        assertFalse(c.replicas.verify(3, st, Arrays.copyOf(sig, sig.length - 1)));
        assertFalse(c.replicas.verify(3, st, Arrays.copyOf(sig, sig.length + 1)));
        assertFalse(c.replicas.verify(3, st, new byte[0]));
        assertFalse(c.replicas.verify(3, st, new byte[sig.length]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemes")
    void keyGeneration(SignatureScheme scheme) {
        KeyPair a = scheme.generate(1, Role.REPLICA, 0);
        assertEquals(a, scheme.generate(1, Role.REPLICA, 0), "same seed, role and id: same keys");
        assertNotEquals(a, scheme.generate(2, Role.REPLICA, 0));
        assertNotEquals(a, scheme.generate(1, Role.REPLICA, 1));
        assertNotEquals(a, scheme.generate(1, Role.CLIENT, 0));
        assertEquals(scheme.privateKeyLength(), a.privateKey().length);
        assertEquals(scheme.publicKeyLength(), a.publicKey().length);
        assertEquals(a, scheme.keyPairFromPrivateKey(a.privateKey()));
        assertFalse(a.toString().contains(java.util.HexFormat.of().formatHex(a.privateKey())), "toString hides the private key");

        SecureRandom r1 = new SecureRandom();
        assertNotEquals(scheme.generate(r1), scheme.generate(r1));
        // An injected random source is the only randomness: a seeded one reproduces keys.
        assertEquals(scheme.generate(new FixedRandom(5)), scheme.generate(new FixedRandom(5)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemes")
    void signerRejectsBadKeys(SignatureScheme scheme) {
        KeyPair a = scheme.generate(1, Role.REPLICA, 0);
        KeyPair b = scheme.generate(1, Role.REPLICA, 1);
        assertThrows(IllegalArgumentException.class,
                () -> scheme.signer(0, new KeyPair(scheme.name(), a.privateKey(), b.publicKey())), "mismatched halves");
        assertThrows(IllegalArgumentException.class,
                () -> scheme.signer(0, new KeyPair("other-scheme", a.privateKey(), a.publicKey())), "other scheme");
        assertThrows(IllegalArgumentException.class,
                () -> scheme.signer(0, new KeyPair(scheme.name(), new byte[5], a.publicKey())), "short private key");
        assertThrows(IllegalArgumentException.class, () -> scheme.keyPairFromPrivateKey(new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> scheme.verifierFor(new byte[3]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemes")
    void ringRejectsAConfigurationOfAnotherScheme(SignatureScheme scheme) {
        KeyPair a = scheme.generate(1, Role.REPLICA, 0);
        PublicConfiguration other = PublicConfiguration.of("not-" + scheme.name(), Map.of(0, a.publicKey()), Map.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PublicKeyRing.replicas(other, scheme));
        assertTrue(e.getMessage().contains("scheme"), e.getMessage());
        PublicConfiguration wrongLength = PublicConfiguration.of(scheme.name(), Map.of(0, a.publicKey(), 3, new byte[7]), Map.of());
        e = assertThrows(IllegalArgumentException.class, () -> PublicKeyRing.replicas(wrongLength, scheme));
        assertTrue(e.getMessage().contains("replica 3"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemes")
    void signersAreThreadSafeEnoughToShare(SignatureScheme scheme) throws Exception {
        // Signers may be used by verification worker threads; results must not interfere.
        TestCluster c = TestCluster.of(scheme, 1);
        Signer s = c.replica(0);
        byte[][] st = new byte[64][];
        byte[][] expected = new byte[64][];
        for (int i = 0; i < st.length; i++) {
            st[i] = statement("m" + i);
            expected[i] = s.sign(st[i]);
        }
        Thread[] ts = new Thread[2];
        boolean[] ok = {true, true};
        for (int t = 0; t < ts.length; t++) {
            int tt = t;
            ts[t] = new Thread(() -> {
                for (int round = 0; round < 20; round++) {
                    for (int i = 0; i < st.length; i++) {
                        if (!Arrays.equals(expected[i], s.sign(st[i])) || !c.replicas.verify(0, st[i], expected[i])) {
                            ok[tt] = false;
                        }
                    }
                }
            });
            ts[t].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        assertTrue(ok[0] && ok[1]);
    }
}
