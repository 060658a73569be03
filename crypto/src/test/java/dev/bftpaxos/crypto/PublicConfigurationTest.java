package dev.bftpaxos.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PublicConfigurationTest {
    private static final Ed25519Scheme ED = Ed25519Scheme.INSTANCE;

    private static Map<Integer, byte[]> keys(Role role, int... ids) {
        Map<Integer, byte[]> m = new LinkedHashMap<>();
        for (int id : ids) {
            m.put(id, ED.generate(1, role, id).publicKey());
        }
        return m;
    }

    @Test
    void configIdIsTheHashOfTheCanonicalEncodingAndIgnoresMapOrder() {
        PublicConfiguration a = PublicConfiguration.of(ED.name(), keys(Role.REPLICA, 0, 1, 2, 3), keys(Role.CLIENT, 10));
        PublicConfiguration b = PublicConfiguration.of(ED.name(), keys(Role.REPLICA, 3, 1, 0, 2), keys(Role.CLIENT, 10));
        assertEquals(a.configId(), b.configId());
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(Sha256.hash(a.canonicalBytes()), a.configId());
        assertEquals(PublicConfiguration.TAG, StatementBytes.tagOf(a.canonicalBytes()));

        // The documented layout, rebuilt by hand.
        StatementBuilder sb = StatementBytes.builder(PublicConfiguration.TAG).putString(ED.name()).putInt(4);
        for (int id = 0; id < 4; id++) {
            sb.putInt(id).putBytes(ED.generate(1, Role.REPLICA, id).publicKey());
        }
        sb.putInt(1).putInt(10).putBytes(ED.generate(1, Role.CLIENT, 10).publicKey());
        assertArrayEquals(sb.build(), a.canonicalBytes());
    }

    @Test
    void configIdChangesWithAnyContent() {
        Map<Integer, byte[]> r = keys(Role.REPLICA, 0, 1, 2, 3);
        PublicConfiguration base = PublicConfiguration.of(ED.name(), r, Map.of());
        Map<Integer, byte[]> moreReplicas = new HashMap<>(r);
        moreReplicas.put(4, ED.generate(1, Role.REPLICA, 4).publicKey());
        Map<Integer, byte[]> otherKey = new HashMap<>(r);
        otherKey.put(2, ED.generate(2, Role.REPLICA, 2).publicKey());
        Map<Integer, byte[]> renumbered = new HashMap<>(r);
        renumbered.put(7, renumbered.remove(3));
        for (PublicConfiguration other : List.of(
                PublicConfiguration.of(ED.name(), moreReplicas, Map.of()),
                PublicConfiguration.of(ED.name(), otherKey, Map.of()),
                PublicConfiguration.of(ED.name(), renumbered, Map.of()),
                PublicConfiguration.of("other", r, Map.of()),
                PublicConfiguration.of(ED.name(), keys(Role.REPLICA, 0, 1, 2), Map.of(3, r.get(3))))) {
            assertNotEquals(base.configId(), other.configId(), other.toString());
        }
    }

    @Test
    void accessorsCopyAndSeparateRoles() {
        PublicConfiguration c = PublicConfiguration.of(ED.name(), keys(Role.REPLICA, 0, 1, 2, 3), keys(Role.CLIENT, 0, 100));
        assertEquals(List.of(0, 1, 2, 3), List.copyOf(c.ids(Role.REPLICA)));
        assertEquals(List.of(0, 100), List.copyOf(c.ids(Role.CLIENT)));
        assertEquals(4, c.size(Role.REPLICA));
        assertTrue(c.contains(Role.CLIENT, 100));
        assertFalse(c.contains(Role.REPLICA, 100));
        assertNotEquals(List.of(c.publicKey(Role.REPLICA, 0)), List.of(c.publicKey(Role.CLIENT, 0)));
        byte[] k = c.publicKey(Role.REPLICA, 1);
        k[0] ^= 1;
        assertFalse(java.util.Arrays.equals(k, c.publicKey(Role.REPLICA, 1)));
        assertThrows(IllegalArgumentException.class, () -> c.publicKey(Role.REPLICA, 100));
        assertThrows(UnsupportedOperationException.class, () -> c.ids(Role.REPLICA).add(9));
        assertTrue(c.toString().contains("4 replicas"), c.toString());
    }

    @Test
    void rejectsMalformedConfigurations() {
        Map<Integer, byte[]> r = keys(Role.REPLICA, 0);
        assertThrows(IllegalArgumentException.class, () -> PublicConfiguration.of("Bad Name", r, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> PublicConfiguration.of(ED.name(), Map.of(), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> PublicConfiguration.of(ED.name(), Map.of(-1, new byte[32]), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> PublicConfiguration.of(ED.name(), Map.of(0, new byte[0]), Map.of()));
    }

    @Test
    void ed25519RingRejectsWeakPublicKeys() {
        byte[] identity = new byte[32];
        identity[0] = 1; // y = 1: the neutral element, small order
        byte[] orderFour = new byte[32]; // y = 0: a point of order 4
        byte[] notOnCurve = new byte[32];
        java.util.Arrays.fill(notOnCurve, (byte) 0xff);
        for (byte[] weak : List.of(identity, orderFour, notOnCurve)) {
            Map<Integer, byte[]> r = new TreeMap<>(keys(Role.REPLICA, 0, 1));
            r.put(2, weak);
            PublicConfiguration c = PublicConfiguration.of(ED.name(), r, Map.of());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PublicKeyRing.replicas(c, ED));
            assertTrue(e.getMessage().contains("replica 2"), e.getMessage());
        }
    }

    @Test
    void ringsOfDifferentRolesOrConfigurationsHaveDifferentIds() {
        PublicConfiguration c = PublicConfiguration.of(ED.name(), keys(Role.REPLICA, 0, 1), keys(Role.CLIENT, 0, 1));
        PublicConfiguration d = PublicConfiguration.of(ED.name(), keys(Role.REPLICA, 0, 1, 2), keys(Role.CLIENT, 0, 1));
        PublicKeyRing cr = PublicKeyRing.replicas(c, ED);
        assertEquals(cr.ringId(), PublicKeyRing.replicas(c, ED).ringId());
        assertNotEquals(cr.ringId(), PublicKeyRing.clients(c, ED).ringId());
        assertNotEquals(cr.ringId(), PublicKeyRing.replicas(d, ED).ringId());
        assertEquals(List.of(0, 1), List.copyOf(cr.memberIds()));
        assertEquals(Role.REPLICA, cr.role());
        assertEquals(c, cr.configuration());
        assertEquals(64, cr.signatureLength());
    }
}
