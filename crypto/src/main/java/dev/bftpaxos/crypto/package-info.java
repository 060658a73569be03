/**
 * Digests, canonical statement bytes, pluggable signatures, cluster key configurations and
 * quorum certificates for the Byzantine mode.
 *
 * <p>The module knows nothing about ballots or slots: protocol code encodes what it signs with
 * {@link dev.bftpaxos.crypto.StatementBytes}, and this package signs and verifies those bytes.
 * How the pieces fit:
 * <pre>
 *   SignatureScheme scheme = Ed25519Scheme.INSTANCE;       // or new FastSimScheme() in the simulator
 *   KeyPair kp = scheme.generate(secureRandom);             // or generate(seed, role, id) for simulations
 *   PublicConfiguration config = PublicConfiguration.of(scheme.name(), replicaPublicKeys, clientPublicKeys);
 *   PublicKeyRing replicas = PublicKeyRing.replicas(config, scheme);
 *   Signer me = scheme.signer(myId, kp);                    // the only thing node code signs with
 *
 *   byte[] commit = StatementBytes.builder("bftpaxos/commit/v1").putLong(b).putLong(s).putDigest(d).build();
 *   SignerSignature mine = SignerSignature.sign(me, commit);
 *   ...
 *   Certificate cert = new Certificate(commit, quorumOfSignatures);
 *   VerificationResult r = new CachingCertificateVerifier().verify(cert, replicas, q);
 * </pre>
 * {@link dev.bftpaxos.crypto.KeyFiles} reads and writes the key files the command line uses;
 * it is the only class that does I/O. Nothing here starts threads or reads clocks, and the only
 * randomness is what callers inject.
 */
package dev.bftpaxos.crypto;
