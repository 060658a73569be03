package dev.bftpaxos.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** What makes the simulator's HMAC scheme safe to hand to faulty nodes. */
class FastSimSchemeTest {
    @Test
    void signatureIsTruncatedHmacOfTheStatement() throws Exception {
        FastSimScheme scheme = new FastSimScheme();
        KeyPair kp = scheme.generate(3, Role.REPLICA, 0);
        byte[] st = StatementBytes.builder("bftpaxos/test/v1").putLong(9).build();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(kp.privateKey(), "HmacSHA256"));
        byte[] expected = Arrays.copyOf(mac.doFinal(st), FastSimScheme.SIGNATURE_LENGTH);
        assertEquals(Arrays.toString(expected), Arrays.toString(scheme.signer(0, kp).sign(st)));
        assertEquals(16, FastSimScheme.SIGNATURE_LENGTH);
    }

    @Test
    void publicKeyIsACommitmentNotTheSecret() {
        FastSimScheme scheme = new FastSimScheme();
        KeyPair kp = scheme.generate(3, Role.REPLICA, 0);
        assertFalse(Arrays.equals(kp.privateKey(), kp.publicKey()));
        assertEquals(Sha256.hash(StatementBytes.builder(FastSimScheme.PUBLIC_KEY_TAG).putBytes(kp.privateKey()).build()),
                Digest32.of(kp.publicKey()));
    }

    @Test
    void onlyTheOracleThatMadeAKeyCanVerifyIt() {
        FastSimScheme a = new FastSimScheme();
        FastSimScheme b = new FastSimScheme();
        KeyPair kp = a.generate(3, Role.REPLICA, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.verifierFor(kp.publicKey()));
        assertTrue(e.getMessage().contains("oracle"), e.getMessage());
        PublicConfiguration config = PublicConfiguration.of(FastSimScheme.NAME, Map.of(0, kp.publicKey()), Map.of());
        e = assertThrows(IllegalArgumentException.class, () -> PublicKeyRing.replicas(config, b));
        assertTrue(e.getMessage().contains("replica 0"), e.getMessage());
        // Rebuilding the key pair from the secret (as reading a key file does) registers it.
        b.keyPairFromPrivateKey(kp.privateKey());
        byte[] st = {1, 2, 3};
        assertTrue(PublicKeyRing.replicas(config, b).verify(0, st, a.signer(0, kp).sign(st)));
    }

    @Test
    void signersHoldOnlyTheirOwnKey() {
        TestCluster fast = TestCluster.of(new FastSimScheme(), 4);
        TestCluster ed = TestCluster.of(Ed25519Scheme.INSTANCE, 4);
        for (Signer s : List.of(fast.replica(0), ed.replica(0))) {
            Class<?> c = s.getClass();
            assertFalse(Modifier.isPublic(c.getModifiers()), c + " must not be public");
            assertEquals(Object.class, c.getSuperclass());
            Set<Class<?>> allowed = new HashSet<>(List.of(int.class, byte[].class, HmacSha256Key.class));
            for (Field f : c.getDeclaredFields()) {
                assertTrue(Modifier.isPrivate(f.getModifiers()) && Modifier.isFinal(f.getModifiers()), f + " private final");
                assertTrue(allowed.contains(f.getType()), f + " may not reach anything but this signer's own key");
            }
            Set<String> methods = new HashSet<>();
            for (Method m : c.getMethods()) {
                if (!isObjectMethod(m)) {
                    methods.add(m.getName());
                }
            }
            assertEquals(Set.of("signerId", "schemeName", "sign"), methods, c + " public methods");
        }
        for (Field f : HmacSha256Key.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            assertTrue(f.getType() == Mac.class || f.getType() == boolean.class, f.toString());
        }
        for (Method m : HmacSha256Key.class.getDeclaredMethods()) {
            assertFalse(Modifier.isPublic(m.getModifiers()) && !m.getName().equals("toString"), m + " must not be public");
        }
    }

    @Test
    void schemeAndRingExposeNoSecrets() {
        for (Class<?> c : List.of(FastSimScheme.class, PublicKeyRing.class)) {
            for (Method m : c.getMethods()) {
                Class<?> r = m.getReturnType();
                assertFalse(r == HmacSha256Key.class || Map.class.isAssignableFrom(r), m + " leaks oracle state");
            }
        }
        assertTrue(new FastSimScheme().toString().contains("oracle"));
    }

    private static boolean isObjectMethod(Method m) {
        try {
            Object.class.getMethod(m.getName(), m.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
