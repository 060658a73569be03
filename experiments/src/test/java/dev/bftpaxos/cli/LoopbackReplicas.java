package dev.bftpaxos.cli;

import dev.bftpaxos.crypto.Ed25519Scheme;
import dev.bftpaxos.crypto.KeyFiles;
import dev.bftpaxos.crypto.KeyPair;
import dev.bftpaxos.crypto.MemberKey;
import dev.bftpaxos.crypto.PublicConfiguration;
import dev.bftpaxos.crypto.Role;
import dev.bftpaxos.replica.config.ReplicaEntry;
import dev.bftpaxos.replica.node.ReplicaProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the real-process tests of this package share: Ed25519 keys for replicas and clients written
 * into one folder, replica entries on free 127.0.0.1 ports, and replica processes started from the
 * test's own classpath with their output in {@code DIR/replica-I.out}.
 */
final class LoopbackReplicas {
  private LoopbackReplicas() {}

  /** Keys in {@code dir}: the entries of replicas 0..replicas-1 and the public configuration file. */
  record Keys(List<ReplicaEntry> entries, Path publicConfiguration) {}

  /**
   * Writes {@code dir/replica-I.key} for I in 0..replicas-1, {@code dir/client-C.key} for C in
   * firstClient..firstClient+clients-1, and {@code dir/config.json}; keys derived from {@code seed}.
   */
  static Keys write(Path dir, long seed, int replicas, int firstClient, int clients) throws IOException {
    Ed25519Scheme scheme = Ed25519Scheme.INSTANCE;
    Map<Integer, byte[]> replicaKeys = new HashMap<>();
    List<ReplicaEntry> entries = new ArrayList<>();
    for (int r = 0; r < replicas; r++) {
      KeyPair kp = scheme.generate(seed, Role.REPLICA, r);
      replicaKeys.put(r, kp.publicKey());
      Path key = dir.resolve("replica-" + r + ".key");
      KeyFiles.writePrivateKey(key, new MemberKey(Role.REPLICA, r, kp));
      entries.add(new ReplicaEntry(r, "127.0.0.1", freePort(), key, dir.resolve("data-" + r)));
    }
    Map<Integer, byte[]> clientKeys = new HashMap<>();
    for (int c = firstClient; c < firstClient + clients; c++) {
      KeyPair client = scheme.generate(seed, Role.CLIENT, c);
      KeyFiles.writePrivateKey(dir.resolve("client-" + c + ".key"), new MemberKey(Role.CLIENT, c, client));
      clientKeys.put(c, client.publicKey());
    }
    Path pub = dir.resolve("config.json");
    KeyFiles.writePublicConfiguration(pub, PublicConfiguration.of(scheme.name(), replicaKeys, clientKeys));
    return new Keys(entries, pub);
  }

  /** Starts replica {@code id} of cluster file {@code cfg}; its stdout and stderr go to {@code dir/replica-ID.out}. */
  static Process launch(Path dir, Path cfg, int id) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        ReplicaProcess.class.getName(), cfg.toString(), Integer.toString(id));
    pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("replica-" + id + ".out")
        .toFile()));
    return pb.start();
  }

  /**
   * Starts {@code bft-paxos ARGS} (the command-line entry point, so options such as
   * {@code replica --export-certificates} are there) as replica {@code id}'s process; its output goes
   * to {@code dir/replica-ID.out}.
   */
  static Process launchCommand(Path dir, int id, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        Main.class.getName()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("replica-" + id + ".out")
        .toFile()));
    return pb.start();
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
