package dev.bftpaxos.bench;

import dev.bftpaxos.core.msg.BatchDigest;
import dev.bftpaxos.core.bft.Quorums;
import dev.bftpaxos.core.kv.KvCommand;
import dev.bftpaxos.core.msg.Batch;
import dev.bftpaxos.core.msg.Request;
import dev.bftpaxos.crypto.Digest32;
import dev.bftpaxos.crypto.Ed25519Scheme;
import dev.bftpaxos.crypto.FastSimScheme;
import dev.bftpaxos.crypto.KeyPair;
import dev.bftpaxos.crypto.PublicConfiguration;
import dev.bftpaxos.crypto.PublicKeyRing;
import dev.bftpaxos.crypto.Role;
import dev.bftpaxos.crypto.SignatureScheme;
import dev.bftpaxos.crypto.Signer;
import dev.bftpaxos.crypto.Statements;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The signing and verification one committed Byzantine-mode slot costs, replayed outside the
 * replica core so it can be timed on its own ({@link SlotCryptoBench}).
 *
 * <p>It exists to put a measured CPU figure on what the Byzantine core does per slot in the
 * fault-free normal case, with the same statement bytes ({@link Statements}), the same batch
 * digest ({@link BatchDigest} over a {@link Batch} of client-signed {@link Request}s) and the
 * same key rings ({@link PublicKeyRing}) the replica uses. Everything that arrives over the
 * network (the leader's PROPOSE, the other replicas' ACCEPT and COMMIT signatures, the clients'
 * request signatures) is made once, up front, for {@link #SLOTS} different slots, so each timed
 * call only does the receiving replica's own work:
 *
 * <ul>
 *   <li>{@link #acceptorSlot(int)}, a replica that is not the leader: digest the batch, verify
 *       the PROPOSE signature, verify the {@code b} client signatures, sign one ACCEPT, verify
 *       the {@code n-1} other ACCEPTs, sign one COMMIT, verify the {@code n-1} other COMMITs.
 *       the Byzantine core verifies every ACCEPT and COMMIT that arrives, not only the first
 *       {@code q-1}, so in a fault-free run with all replicas up that is {@code n-1} of each.
 *   <li>{@link #leaderSlot(int)}: verify the {@code b} client signatures as the requests arrive,
 *       digest the batch, sign the PROPOSE, then sign and verify as an acceptor does (minus the
 *       PROPOSE verification).
 *   <li>{@link #clientsSlot(int)}: the clients' share of the slot, one request signature each
 *       for the {@code b} requests.
 * </ul>
 *
 * Each call returns how many verifications succeeded, which the tests compare with
 * {@link #acceptorVerifications()} and {@link #leaderVerifications()}: a benchmark that
 * timed failing verifications (which can return early) would measure the wrong thing.
 * Replies are not counted: the replica core does not sign them (a client takes {@code f+1}
 * matching replies over authenticated channels). Not thread-safe; one per benchmark thread.
 */
public final class SlotFixture {
  /** Distinct slots prepared up front; calls cycle through them. */
  public static final int SLOTS = 16;
  /** Ballot of every prepared slot; its leader is replica {@code BALLOT mod n} = 0. */
  static final long BALLOT = 0;
  static final int LEADER = 0;
  /** The replica whose work {@link #acceptorSlot(int)} does. */
  static final int ACCEPTOR = 1;

  /** One slot as the network delivers it to a replica. */
  private record Slot(long slot, Batch batch, Digest32 digest, byte[] proposeSignature, byte[][] acceptSignatures,
      byte[][] commitSignatures) {}

  private final int n;
  private final int batchSize;
  private final Digest32 configId;
  private final PublicKeyRing replicas;
  private final PublicKeyRing clients;
  private final Signer leaderSigner;
  private final Signer acceptorSigner;
  private final Map<Integer, Signer> clientSigners;
  private final Slot[] slots;
  /** Written with every signature made, so no signing can be optimised away. */
  private int sink;

  /**
   * Keys for {@code n} replicas and {@code batchSize} clients under {@code schemeName}
   * ({@code ed25519} or {@code fastsim}), and {@link #SLOTS} slots of {@code batchSize} requests
   * each, every request from a different client, with a put of a 16-byte value as its operation.
   */
  public SlotFixture(String schemeName, int n, int batchSize) {
    if (n < 4 || batchSize < 1) {
      throw new IllegalArgumentException("need n >= 4 (Byzantine mode) and a batch of at least 1, got n=" + n
          + " b=" + batchSize);
    }
    this.n = n;
    this.batchSize = batchSize;
    SignatureScheme scheme = scheme(schemeName);
    long seed = 20261123L;
    Map<Integer, KeyPair> replicaKeys = new HashMap<>();
    Map<Integer, byte[]> replicaPublic = new HashMap<>();
    for (int r = 0; r < n; r++) {
      KeyPair k = scheme.generate(seed, Role.REPLICA, r);
      replicaKeys.put(r, k);
      replicaPublic.put(r, k.publicKey());
    }
    Map<Integer, KeyPair> clientKeys = new HashMap<>();
    Map<Integer, byte[]> clientPublic = new HashMap<>();
    for (int c = 0; c < batchSize; c++) {
      KeyPair k = scheme.generate(seed, Role.CLIENT, c);
      clientKeys.put(c, k);
      clientPublic.put(c, k.publicKey());
    }
    PublicConfiguration configuration = PublicConfiguration.of(scheme.name(), replicaPublic, clientPublic);
    this.configId = configuration.configId();
    this.replicas = PublicKeyRing.replicas(configuration, scheme);
    this.clients = PublicKeyRing.clients(configuration, scheme);
    Signer[] replicaSigners = new Signer[n];
    for (int r = 0; r < n; r++) {
      replicaSigners[r] = scheme.signer(r, replicaKeys.get(r));
    }
    this.leaderSigner = replicaSigners[LEADER];
    this.acceptorSigner = replicaSigners[ACCEPTOR];
    this.clientSigners = new HashMap<>();
    for (int c = 0; c < batchSize; c++) {
      clientSigners.put(c, scheme.signer(c, clientKeys.get(c)));
    }

    this.slots = new Slot[SLOTS];
    for (int i = 0; i < SLOTS; i++) {
      long slot = 1 + i;
      List<Request> requests = new ArrayList<>(batchSize);
      for (int c = 0; c < batchSize; c++) {
        long seq = slot;
        byte[] op = new KvCommand.Put(String.format(Locale.ROOT, "key-%05d", (c * 7919 + i) % 100_000),
            String.format(Locale.ROOT, "value-%010d", seq * 1_000 + c)).encode();
        byte[] sig = clientSigners.get(c).sign(Statements.request(configId, c, seq, op));
        requests.add(new Request(c, seq, op, sig));
      }
      Batch batch = new Batch(requests);
      Digest32 d = BatchDigest.of(batch);
      byte[] propose = leaderSigner.sign(Statements.propose(configId, BALLOT, slot, d));
      byte[][] accepts = new byte[n][];
      byte[][] commits = new byte[n][];
      for (int r = 0; r < n; r++) {
        accepts[r] = replicaSigners[r].sign(Statements.accept(configId, BALLOT, slot, d));
        commits[r] = replicaSigners[r].sign(Statements.commit(configId, BALLOT, slot, d));
      }
      slots[i] = new Slot(slot, batch, d, propose, accepts, commits);
    }
  }

  static SignatureScheme scheme(String name) {
    return switch (name) {
      case "ed25519" -> new Ed25519Scheme();
      case "fastsim" -> new FastSimScheme();
      default -> throw new IllegalArgumentException("unknown scheme '" + name + "' (known: ed25519, fastsim)");
    };
  }

  public int n() {
    return n;
  }

  public int batchSize() {
    return batchSize;
  }

  /** The Byzantine quorum {@code ceil((n+f+1)/2)}. */
  public int quorum() {
    return Quorums.quorum(n);
  }

  /** Verifications an acceptor makes per slot: {@code 1 + b + 2(n-1)}. */
  public int acceptorVerifications() {
    return 1 + batchSize + 2 * (n - 1);
  }

  /** Verifications the leader makes per slot: {@code b + 2(n-1)}. */
  public int leaderVerifications() {
    return batchSize + 2 * (n - 1);
  }

  /** A non-leader replica's crypto for prepared slot {@code i mod SLOTS}; returns the verifications that passed. */
  public int acceptorSlot(int i) {
    Slot s = slots[Math.floorMod(i, SLOTS)];
    // onPropose: digest the batch, check the leader's signature, then every client's.
    Digest32 d = BatchDigest.of(s.batch);
    int ok = replicas.verify(LEADER, Statements.propose(configId, BALLOT, s.slot, d), s.proposeSignature) ? 1 : 0;
    ok += verifyRequests(s.batch);
    // vote: sign ACCEPT; onAccept for each other replica.
    byte[] accept = acceptorSigner.sign(Statements.accept(configId, BALLOT, s.slot, d));
    ok += verifyVotes(s, s.acceptSignatures, ACCEPTOR, true);
    // checkPrepared: sign COMMIT; onCommit for each other replica.
    byte[] commit = acceptorSigner.sign(Statements.commit(configId, BALLOT, s.slot, d));
    ok += verifyVotes(s, s.commitSignatures, ACCEPTOR, false);
    sink += accept[0] + commit[0];
    return ok;
  }

  /** The leader's crypto for prepared slot {@code i mod SLOTS}; returns the verifications that passed. */
  public int leaderSlot(int i) {
    Slot s = slots[Math.floorMod(i, SLOTS)];
    // onClientRequest: each request's signature as it arrives.
    int ok = verifyRequests(s.batch);
    // proposeQueued: digest, sign PROPOSE, vote (sign ACCEPT).
    Digest32 d = BatchDigest.of(s.batch);
    byte[] propose = leaderSigner.sign(Statements.propose(configId, BALLOT, s.slot, d));
    byte[] accept = leaderSigner.sign(Statements.accept(configId, BALLOT, s.slot, d));
    ok += verifyVotes(s, s.acceptSignatures, LEADER, true);
    byte[] commit = leaderSigner.sign(Statements.commit(configId, BALLOT, s.slot, d));
    ok += verifyVotes(s, s.commitSignatures, LEADER, false);
    sink += propose[0] + accept[0] + commit[0];
    return ok;
  }

  /** The clients' signatures on the {@code b} requests of prepared slot {@code i mod SLOTS}; returns {@code b}. */
  public int clientsSlot(int i) {
    Slot s = slots[Math.floorMod(i, SLOTS)];
    int signed = 0;
    for (Request r : s.batch.requests()) {
      byte[] sig = clientSigners.get((int) r.clientId()).sign(Statements.request(configId, r.clientId(), r.seq(), r.op()));
      sink += sig[0];
      signed++;
    }
    return signed;
  }

  /** Keeps the signatures made so far observable. */
  public int sink() {
    return sink;
  }

  private int verifyRequests(Batch batch) {
    int ok = 0;
    for (Request r : batch.requests()) {
      if (clients.verify((int) r.clientId(), Statements.request(configId, r.clientId(), r.seq(), r.op()),
          r.signature())) {
        ok++;
      }
    }
    return ok;
  }

  /** onAccept / onCommit: the statement is rebuilt from the message's fields, digest included. */
  private int verifyVotes(Slot s, byte[][] signatures, int self, boolean accept) {
    int ok = 0;
    for (int r = 0; r < n; r++) {
      if (r == self) {
        continue;
      }
      byte[] statement = accept
          ? Statements.accept(configId, BALLOT, s.slot, s.digest)
          : Statements.commit(configId, BALLOT, s.slot, s.digest);
      if (replicas.verify(r, statement, signatures[r])) {
        ok++;
      }
    }
    return ok;
  }
}
