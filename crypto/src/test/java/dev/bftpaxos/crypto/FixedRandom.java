package dev.bftpaxos.crypto;

import java.security.SecureRandom;
import java.util.Random;

/** A SecureRandom whose output is fixed by a seed, to show key generation uses only the injected source. */
final class FixedRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final Random random;

    FixedRandom(long seed) {
        this.random = new Random(seed);
    }

    @Override
    public void nextBytes(byte[] bytes) {
        random.nextBytes(bytes);
    }
}
