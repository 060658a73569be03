package dev.bftpaxos.cli;

import dev.bftpaxos.crypto.FastSimScheme;
import dev.bftpaxos.crypto.ClientMacKeys;
import dev.bftpaxos.crypto.KeyFiles;
import dev.bftpaxos.crypto.MacTags;
import dev.bftpaxos.crypto.KeyPair;
import dev.bftpaxos.crypto.MemberKey;
import dev.bftpaxos.crypto.PublicConfiguration;
import dev.bftpaxos.crypto.Role;
import dev.bftpaxos.crypto.SignatureScheme;
import dev.bftpaxos.learner.ConfigurationFiles;
import dev.bftpaxos.learner.OfflineVerifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "keygen",
    sortOptions = false,
    showDefaultValues = true,
    exitCodeOnExecutionException = ExitCodes.INTERNAL,
    headerHeading = "%n",
    header = "Make the key files of a cluster: one private key per replica and client, one public configuration.",
    description = {
        "Writes into DIR:",
        "  replica-<id>.key   for replicas 0..N-1, and client-<id>.key for each client: private key",
        "                     files, owner-only (format bftpaxos-private-key/v1, keys in hex).",
        "  config.json        the public configuration, the same for everyone: scheme, configId",
        "                     (SHA-256 of the canonical key list) and every member's public key",
        "                     (format bftpaxos-public-configuration/v1). Certificates name it by",
        "                     its configId; verify-certificate checks them against it.",
        "",
        "ed25519 keys are real. fastsim keys are for the simulator only: a fastsim signature can be",
        "checked only by whoever holds the private keys (verify-certificate --keys DIR).",
        "With --seed the keys are derived from the seed, so anyone who knows it knows every private",
        "key: for reproducible simulations and tests only.",
        "",
        "Formats in detail: docs/CERTIFICATES.md and the javadoc of crypto's KeyFiles.",
        ""},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:keys written",
        "2:bad input: options, files already there (see --force), a directory that cannot be written",
        "4:internal error (an exception in the tool)"},
    footerHeading = "%nExamples:%n",
    footer = {
        "  bft-paxos keygen --replicas 4 --clients 2 --out keys/",
        "  bft-paxos keygen --replicas 7 --scheme fastsim --seed 42 --out sim-keys/ --force",
        "  bft-paxos keygen --mode byzantine --replicas 4 --clients 16 --hosts h0,h1,h2,h3 --out cluster/"})
final class KeygenCommand extends CliCommand {
  static final int REPLICAS_MAX = 256;
  static final int CLIENTS_MAX = 100_000;

  @Option(names = "--replicas", paramLabel = "N", required = true,
      description = "Number of replicas; ids 0..N-1 (1.." + REPLICAS_MAX + "; 3f+1 tolerates f Byzantine ones).")
  int replicas;

  @Option(names = "--clients", paramLabel = "M", defaultValue = "0",
      description = "Number of clients (0.." + CLIENTS_MAX + ").")
  int clients;

  @Option(names = "--first-client-id", paramLabel = "ID", defaultValue = "1000",
      description = "Id of the first client; clients get ID..ID+M-1 (the simulator numbers its clients from 1000).")
  int firstClientId;

  @Option(names = "--scheme", paramLabel = "NAME", defaultValue = "ed25519",
      description = "Signature scheme: ed25519 (real) or fastsim (the simulator's HMAC-based scheme).")
  String scheme;

  @Option(names = "--out", paramLabel = "DIR", required = true,
      description = "Directory to write the files into; created if missing.")
  Path out;

  @Option(names = "--seed", paramLabel = "S",
      description = "Derive the keys from S (reproducible; simulations and tests only). Default: a secure random source.")
  Long seed;

  @Option(names = "--force", description = "Overwrite key and configuration files already in DIR.")
  boolean force;

  @Option(names = "--mode", paramLabel = "MODE",
      description = "Also write DIR/cluster.yaml for a real cluster in this mode (crash or byzantine): every "
          + "replica's id, host, port, key file and data directory (DIR/data/<id>), and the timing and batching "
          + "sections `cluster` writes (docs/OPERATIONS.md). Edit hosts and ports there, or give --hosts.")
  String mode;

  @Option(names = "--hosts", paramLabel = "HOST,...", split = ",",
      description = "With --mode: the replicas' hosts, one for all or one per replica in id order. Default: 127.0.0.1.")
  List<String> hosts;

  @Option(names = "--base-port", paramLabel = "PORT", defaultValue = "7100",
      description = "With --mode: replica i listens on PORT+i.")
  int basePort;

  @Override
  int execute() throws IOException {
    checkOptions();
    SignatureScheme s = BadInputException.check(() -> ConfigurationFiles.scheme(scheme));
    List<Path> targets = targets();
    refuseOverwrite(targets);
    PublicConfiguration config;
    try {
      config = writeKeys(s, replicas, clients, firstClientId, out, seed);
    } catch (IOException e) {
      throw new BadInputException("cannot write into " + out + ": " + e);
    }
    printSummary(config);
    if (mode != null) {
      Path file = writeClusterFile(s);
      out().printf(Locale.ROOT, "cluster    %s (%s mode; start each replica with: bft-paxos replica --config %s --id I)%n",
          file, mode, file);
    }
    return ExitCodes.OK;
  }

  /** The cluster file of {@code --mode}: written, then read back as every replica will read it. */
  private Path writeClusterFile(SignatureScheme s) throws IOException {
    dev.bftpaxos.replica.config.ClusterMode m = clusterMode();
    List<dev.bftpaxos.replica.config.ReplicaEntry> entries = new ArrayList<>();
    for (int i = 0; i < replicas; i++) {
      String host = hosts == null ? "127.0.0.1" : hosts.size() == 1 ? hosts.get(0) : hosts.get(i);
      entries.add(new dev.bftpaxos.replica.config.ReplicaEntry(i, host, basePort + i,
          out.resolve(fileName(Role.REPLICA, i)), out.resolve("data").resolve(Integer.toString(i))));
    }
    Path file = out.resolve("cluster.yaml");
    dev.bftpaxos.replica.config.ClusterConfig c = new dev.bftpaxos.replica.config.ClusterConfig(file, m, s.name(),
        out.resolve("config.json"), dev.bftpaxos.core.wire.WireCodec.FRAME_BYTES_MAX, entries,
        ClusterCommand.REAL_DEFAULTS);
    Files.writeString(file, dev.bftpaxos.replica.config.ClusterConfigFile.format(c, out));
    try {
      dev.bftpaxos.replica.config.ClusterConfigFile.read(file);
    } catch (dev.bftpaxos.replica.config.ClusterConfigException e) {
      throw new BadInputException(e.getMessage());
    }
    return file;
  }

  private dev.bftpaxos.replica.config.ClusterMode clusterMode() {
    return ClusterCommand.modeNamed(mode);
  }

  private void checkOptions() {
    if (replicas < 1 || replicas > REPLICAS_MAX) {
      throw new BadInputException("--replicas must be in 1.." + REPLICAS_MAX + ", got " + replicas);
    }
    if (clients < 0 || clients > CLIENTS_MAX) {
      throw new BadInputException("--clients must be in 0.." + CLIENTS_MAX + ", got " + clients);
    }
    if (firstClientId < 0 || (long) firstClientId + clients - 1 > Integer.MAX_VALUE) {
      throw new BadInputException("client ids " + firstClientId + ".." + ((long) firstClientId + clients - 1)
          + " must lie in 0.." + Integer.MAX_VALUE);
    }
    if (mode != null) {
      dev.bftpaxos.replica.config.ClusterMode m = clusterMode();
      if (replicas < m.replicasMin()) {
        throw new BadInputException("--replicas " + replicas + ": " + mode + " mode needs at least " + m.replicasMin());
      }
      if (hosts != null && hosts.size() != 1 && hosts.size() != replicas) {
        throw new BadInputException("--hosts lists " + hosts.size() + " hosts: give one for all or one per replica ("
            + replicas + ")");
      }
      if (basePort < 1 || basePort + replicas - 1 > 65535) {
        throw new BadInputException("--base-port " + basePort + ": ports " + basePort + ".." + (basePort + replicas - 1)
            + " must lie in 1..65535");
      }
    } else if (hosts != null) {
      throw new BadInputException("--hosts needs --mode (it goes into cluster.yaml)");
    }
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw new BadInputException("--out " + out + " exists and is not a directory");
    }
  }

  private List<Path> targets() {
    List<Path> t = new ArrayList<>();
    for (int id = 0; id < replicas; id++) {
      t.add(out.resolve(fileName(Role.REPLICA, id)));
    }
    for (int i = 0; i < clients; i++) {
      t.add(out.resolve(fileName(Role.CLIENT, firstClientId + i)));
      t.add(KeyFiles.clientMacKeysBeside(out.resolve(fileName(Role.CLIENT, firstClientId + i))));
    }
    t.add(out.resolve("config.json"));
    if (mode != null) {
      t.add(out.resolve("cluster.yaml"));
    }
    return t;
  }

  /** All or nothing: an existing file stops the command before anything is written. */
  private void refuseOverwrite(List<Path> targets) {
    if (force) {
      return;
    }
    List<Path> existing = targets.stream().filter(Files::exists).toList();
    if (!existing.isEmpty()) {
      throw new BadInputException(existing.get(0) + (existing.size() > 1 ? " and " + (existing.size() - 1)
          + " more of the files to write" : "") + " already exist" + (existing.size() > 1 ? "" : "s")
          + "; nothing written (use --force to overwrite, or another --out)");
    }
  }

  /**
   * Writes {@code replica-I.key} for replicas 0..replicas-1, {@code client-I.key} and
   * {@code client-I.macs.json} (its MAC keys, for {@code crypto.clientAuth: macs}) for clients
   * firstClientId.. and {@code config.json} into {@code out}, overwriting what is there; returns the
   * public configuration. Keys come from a secure random source, or from {@code seed} if not null.
   * {@code cluster} makes its keys through here too.
   */
  static PublicConfiguration writeKeys(SignatureScheme s, int replicas, int clients, int firstClientId, Path out,
      Long seed) throws IOException {
    SecureRandom random = seed == null ? new SecureRandom() : null;
    Map<Integer, byte[]> replicaKeys = new TreeMap<>();
    Map<Integer, byte[]> clientKeys = new TreeMap<>();
    List<MemberKey> keys = new ArrayList<>();
    for (int id = 0; id < replicas; id++) {
      MemberKey k = new MemberKey(Role.REPLICA, id, keyPair(s, random, seed, Role.REPLICA, id));
      replicaKeys.put(id, k.keyPair().publicKey());
      keys.add(k);
    }
    for (int i = 0; i < clients; i++) {
      int id = firstClientId + i;
      MemberKey k = new MemberKey(Role.CLIENT, id, keyPair(s, random, seed, Role.CLIENT, id));
      clientKeys.put(id, k.keyPair().publicKey());
      keys.add(k);
    }
    PublicConfiguration config = PublicConfiguration.of(s.name(), replicaKeys, clientKeys);
    Files.createDirectories(out);
    for (MemberKey k : keys) {
      KeyFiles.writePrivateKey(out.resolve(fileName(k.role(), k.id())), k);
    }
    KeyFiles.writePublicConfiguration(out.resolve("config.json"), config);
    for (MemberKey c : keys) {
      if (c.role() == Role.CLIENT) {
        List<byte[]> shared = new ArrayList<>();
        for (MemberKey r : keys.subList(0, replicas)) {
          shared.add(MacTags.sharedKey(r.keyPair(), config.configId(), c.id()));
        }
        KeyFiles.writeClientMacKeys(KeyFiles.clientMacKeysBeside(out.resolve(fileName(Role.CLIENT, c.id()))),
            new ClientMacKeys(config.configId(), c.id(), shared));
      }
    }
    return config;
  }

  private static KeyPair keyPair(SignatureScheme s, SecureRandom random, Long seed, Role role, int id) {
    return random == null ? s.generate(seed, role, id) : s.generate(random);
  }

  static String fileName(Role role, int id) {
    return role.fileName() + "-" + id + ".key";
  }

  private void printSummary(PublicConfiguration config) {
    PrintWriter o = out();
    int f = OfflineVerifier.faultsTolerated(replicas);
    o.printf(Locale.ROOT, "scheme     %s, keys %s%n", config.schemeName(),
        seed == null ? "from a secure random source" : "derived from seed " + seed + " (simulations and tests only)");
    o.printf(Locale.ROOT, "config     %s%n", out.resolve("config.json"));
    o.printf(Locale.ROOT, "configId   %s%n", config.configId().hex());
    o.printf(Locale.ROOT, "replicas   %d: %s .. %s (f = %d, certificates need %d signers)%n", replicas,
        out.resolve(fileName(Role.REPLICA, 0)), fileName(Role.REPLICA, replicas - 1), f,
        OfflineVerifier.quorum(replicas));
    if (clients > 0) {
      o.printf(Locale.ROOT, "clients    %d: %s .. %s%n", clients, out.resolve(fileName(Role.CLIENT, firstClientId)),
          fileName(Role.CLIENT, firstClientId + clients - 1));
      o.printf(Locale.ROOT, "MAC keys   one client-ID.macs.json per client (used when cluster.yaml has "
          + "crypto.clientAuth: macs)%n");
    } else {
      o.println("clients    none");
    }
    if (config.schemeName().equals(FastSimScheme.NAME)) {
      o.printf(Locale.ROOT, "note       fastsim signatures verify only with these private keys at hand: "
          + "verify-certificate --keys %s%n", out);
    }
  }
}
