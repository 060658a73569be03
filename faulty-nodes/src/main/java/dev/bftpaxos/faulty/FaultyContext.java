package dev.bftpaxos.faulty;

import dev.bftpaxos.core.Randomness;
import dev.bftpaxos.crypto.Digest32;
import dev.bftpaxos.crypto.Signer;

/**
 * Everything a misbehaving replica has: its own id and signing key (never anyone else's), the
 * configuration it signs for, and a seeded random source so its attacks replay with the run.
 */
public record FaultyContext(int id, int replicas, Signer signer, Digest32 configId, Randomness random) {}
