package dev.bftpaxos.cli;

import dev.bftpaxos.crypto.Role;
import dev.bftpaxos.crypto.SignatureScheme;
import dev.bftpaxos.replica.config.ClusterConfig;
import dev.bftpaxos.replica.config.ClusterConfigException;
import dev.bftpaxos.replica.config.ClusterConfigFile;
import dev.bftpaxos.replica.config.ClusterMode;
import dev.bftpaxos.replica.config.ClusterTuning;
import dev.bftpaxos.replica.config.ReplicaEntry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The replica processes of one cluster on 127.0.0.1 in one directory (DIR/cluster.yaml, keys,
 * DIR/data/I, DIR/replica-I.log and .pid): what {@code cluster} starts and supervises, and what
 * {@code compare --real} starts, kills, pauses and restarts. Every process is a child JVM of the
 * same Java and classpath and is only ever signalled by its own pid; every wait is bounded.
 */
final class LocalCluster {
  static final String HOST = "127.0.0.1";
  static final String LISTENING = "listening on";
  static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC");
  private static final Pattern STATUS = Pattern.compile("^status replica=(\\d+) ballot=(-?\\d+) leader=(-?\\d+) ");

  private final Path dir;
  private final Path cfgFile;
  private final int size;
  /** Replicas 0..members-1 form the first configuration ({@link #firstMembers}). */
  private int members;
  private final List<String> jvmOptions;
  private final SortedMap<Integer, String> faulty;
  private final long startTimeoutMillis;
  private final long stopTimeoutMillis;
  /** By replica id: the process running it now (a restart replaces it), or null. */
  private final Process[] running;
  /** Every process ever started, so a stop reaches also one replaced by a restart that failed. */
  private final List<Process> started = new ArrayList<>();
  private final boolean[] paused;
  /** Set once stopping begins: nothing more is launched, and exits are not reported. */
  private volatile boolean stopping;
  /** Where replica I exports its commit certificates (DIR/replica-I), or null. */
  private Path exportCertificates;

  LocalCluster(Path dir, int size, List<String> jvmOptions, SortedMap<Integer, String> faulty, long startTimeoutMillis,
      long stopTimeoutMillis) {
    this.dir = dir;
    this.cfgFile = dir.resolve("cluster.yaml");
    this.size = size;
    this.jvmOptions = jvmOptions != null ? List.copyOf(jvmOptions) : DEFAULT_JVM_OPTIONS;
    this.faulty = new TreeMap<>(faulty);
    this.startTimeoutMillis = startTimeoutMillis;
    this.stopTimeoutMillis = stopTimeoutMillis;
    this.running = new Process[size];
    this.members = size;
    this.paused = new boolean[size];
  }

  /**
   * Writes the keys ({@code clients} client keys from {@code firstClientId}) and DIR/cluster.yaml
   * with free ports on 127.0.0.1, and reads the file back as every replica will; returns it.
   */
  static ClusterConfig writeFiles(Path dir, ClusterMode m, SignatureScheme s, int size, int clients, int firstClientId,
      ClusterTuning tuning, dev.bftpaxos.replica.transport.LinkShaping network) throws IOException {
    return writeFiles(dir, m, s, size, size, clients, firstClientId, tuning, network);
  }

  /**
   * As above for {@code size} replicas of which the first {@code members} form the first
   * configuration; the rest are spares that {@code reconfigure} can add.
   */
  static ClusterConfig writeFiles(Path dir, ClusterMode m, SignatureScheme s, int size, int members, int clients,
      int firstClientId, ClusterTuning tuning, dev.bftpaxos.replica.transport.LinkShaping network) throws IOException {
    Path cfgFile = dir.resolve("cluster.yaml");
    Path keys = dir.resolve("keys");
    try {
      KeygenCommand.writeKeys(s, size, clients, firstClientId, keys, null);
    } catch (IOException e) {
      throw new BadInputException("--dir " + dir + ": cannot write: " + e);
    }
    List<ReplicaEntry> entries = new ArrayList<>();
    int[] ports = freePorts(size);
    for (int i = 0; i < size; i++) {
      entries.add(new ReplicaEntry(i, HOST, ports[i], keys.resolve(KeygenCommand.fileName(Role.REPLICA, i)),
          dir.resolve("data").resolve(Integer.toString(i))));
    }
    ClusterConfig c = new ClusterConfig(cfgFile, m, s.name(), keys.resolve("config.json"),
        dev.bftpaxos.core.wire.WireCodec.FRAME_BYTES_MAX, entries, tuning, network, ClusterConfig.allOf(members),
        // The first client key is the administrator's: only its configuration changes are executed.
        clients > 0 ? List.of((long) firstClientId) : List.of());
    Files.writeString(cfgFile, ClusterConfigFile.format(c, dir));
    try {
      return ClusterConfigFile.read(cfgFile); // what every replica will read: fail here, once, if it is wrong
    } catch (ClusterConfigException e) {
      throw new IllegalStateException("cluster wrote a cluster file it cannot read: " + e.getMessage(), e);
    }
  }

  /** Distinct ports free now: all held open at once so no two are the same, then released. */
  private static int[] freePorts(int count) throws IOException {
    List<ServerSocket> held = new ArrayList<>();
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST));
        held.add(s);
        ports[i] = s.getLocalPort();
      }
      return ports;
    } finally {
      for (ServerSocket s : held) {
        s.close();
      }
    }
  }

  int size() {
    return size;
  }

  /** Every replica launched from now on runs with {@code --export-certificates DIR/replica-I}. */
  synchronized void exportCertificates(Path dir) {
    this.exportCertificates = dir;
  }

  Path configFile() {
    return cfgFile;
  }

  Path logFile(int id) {
    return dir.resolve("replica-" + id + ".log");
  }

  Path pidFile(int id) {
    return dir.resolve("replica-" + id + ".pid");
  }

  Path dataDir(int id) {
    return dir.resolve("data").resolve(Integer.toString(id));
  }

  boolean stopping() {
    return stopping;
  }

  /** The process running replica {@code id} now, or null. */
  synchronized Process process(int id) {
    return running[id];
  }

  /**
   * Starts replica {@code id} ({@code java -cp <this classpath> dev.bftpaxos.cli.Main replica
   * --config FILE --id I [--faulty B] [--export-certificates DIR/replica-I]}), its output appended to its log; false if stopping began.
   */
  synchronized boolean launch(int id) throws IOException {
    if (stopping) {
      return false;
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "replica", "--config",
        cfgFile.toAbsolutePath().toString(), "--id", Integer.toString(id)));
    if (faulty.containsKey(id)) {
      cmd.addAll(List.of("--faulty", faulty.get(id)));
    }
    if (exportCertificates != null) {
      cmd.addAll(List.of("--export-certificates",
          exportCertificates.resolve("replica-" + id).toAbsolutePath().toString()));
    }
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile(id).toFile()));
    Process p = pb.start();
    running[id] = p;
    paused[id] = false;
    started.add(p);
    Files.writeString(pidFile(id), p.pid() + "\n");
    return true;
  }

  /** How many times replica {@code id}'s log says it started listening (a restart appends one more). */
  int listeningLines(int id) {
    String expected = "replica " + id + " " + LISTENING;
    if (!Files.exists(logFile(id))) {
      return 0;
    }
    try (Stream<String> lines = Files.lines(logFile(id))) {
      return (int) lines.filter(l -> l.startsWith(expected)).count();
    } catch (IOException | java.io.UncheckedIOException malformed) {
      return 0; // a partly written line; read again
    }
  }

  /**
   * Null once replica {@code id}'s log has more than {@code before} "listening" lines; otherwise
   * why not, within the start timeout.
   */
  String awaitListening(int id, int before) throws InterruptedException {
    long deadline = System.nanoTime() + startTimeoutMillis * 1_000_000;
    Process p = process(id);
    while (true) {
      if (listeningLines(id) > before) {
        return null;
      }
      if (p == null || !p.isAlive()) {
        return "it exited with code " + (p == null ? "?" : p.exitValue()) + " (log " + logFile(id) + ")";
      }
      if (System.nanoTime() > deadline) {
        return "it did not listen within " + startTimeoutMillis + " ms (log " + logFile(id) + ")";
      }
      Thread.sleep(50);
    }
  }

  /**
   * Waits, at most the start timeout, until every replica's latest status line (once a second)
   * names the same leader, so the first client does not meet a ballot change; says which, or that
   * there is none yet (not an error: the replicas keep trying, and clients retransmit).
   */
  String awaitLeader() throws InterruptedException {
    long deadline = System.nanoTime() + startTimeoutMillis * 1_000_000;
    while (true) {
      long[] agreed = agreedLeader();
      if (agreed != null) {
        return String.format(Locale.ROOT, "leader     replica %d (ballot %d), as every replica's status says", agreed[1],
            agreed[0]);
      }
      if (System.nanoTime() > deadline) {
        return "leader     none agreed within " + startTimeoutMillis + " ms (see the replicas' status lines)";
      }
      Thread.sleep(100);
    }
  }

  /**
   * Only replicas 0..{@code count}-1 are members of the first configuration: the others are spares
   * that hear no leader until a change adds them, so {@link #awaitLeader} asks the members only.
   */
  void firstMembers(int count) {
    if (count < 1 || count > size) {
      throw new IllegalArgumentException("members must be 1.." + size + ", got " + count);
    }
    members = count;
  }

  /** {ballot, leader} if every member's last status line names the same ones, else null. */
  long[] agreedLeader() {
    long[] agreed = null;
    for (int i = 0; i < members; i++) {
      long[] s = lastStatus(i);
      if (s == null || s[1] < 0 || (agreed != null && (s[0] != agreed[0] || s[1] != agreed[1]))) {
        return null;
      }
      agreed = s;
    }
    return agreed;
  }

  /** {ballot, leader} of the last status line in replica {@code id}'s log, or null. */
  long[] lastStatus(int id) {
    long[] last = null;
    try (Stream<String> lines = Files.lines(logFile(id))) {
      for (String l : (Iterable<String>) lines::iterator) {
        Matcher m = STATUS.matcher(l);
        if (m.find()) {
          last = new long[] {Long.parseLong(m.group(2)), Long.parseLong(m.group(3))};
        }
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      return null;
    }
    return last;
  }

  static List<String> tail(Path log) {
    try {
      List<String> all = Files.readAllLines(log);
      return all.subList(Math.max(0, all.size() - 10), all.size());
    } catch (IOException | java.io.UncheckedIOException e) {
      return List.of("(no log: " + e.getMessage() + ")");
    }
  }

  // ------------------------------------------------------------ perturbations, each by the replica's own pid

  /** kill -9 of replica {@code id}'s process (SIGKILL: no shutdown hook, no flush), awaited. */
  void kill9(int id) throws InterruptedException {
    Process p = process(id);
    if (p == null) {
      return;
    }
    p.destroyForcibly();
    if (!p.waitFor(stopTimeoutMillis, TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("replica " + id + " (pid " + p.pid() + ") still runs after SIGKILL");
    }
    synchronized (this) {
      paused[id] = false;
    }
  }

  /** Starts replica {@code id} again on its data directory; null once it listens, else why not. */
  String restart(int id) throws IOException, InterruptedException {
    int before = listeningLines(id);
    if (!launch(id)) {
      return "not restarted: the cluster is stopping";
    }
    return awaitListening(id, before);
  }

  /** SIGSTOP: the process keeps its sockets but runs nothing until {@link #resume}. */
  void pause(int id) throws IOException, InterruptedException {
    Process p = process(id);
    if (p != null && p.isAlive()) {
      signal(p, "STOP");
      synchronized (this) {
        paused[id] = true;
      }
    }
  }

  void resume(int id) throws IOException, InterruptedException {
    Process p = process(id);
    if (p != null) {
      signal(p, "CONT");
      synchronized (this) {
        paused[id] = false;
      }
    }
  }

  /** Java has no SIGSTOP/SIGCONT; the system's kill(1) sends them to this one pid. */
  private void signal(Process p, String name) throws IOException, InterruptedException {
    Process k = new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).redirectErrorStream(true).start();
    if (!k.waitFor(stopTimeoutMillis, TimeUnit.MILLISECONDS)) {
      k.destroyForcibly();
      throw new IOException("kill -" + name + " " + p.pid() + " did not return");
    }
    if (k.exitValue() != 0 && p.isAlive()) {
      throw new IOException("kill -" + name + " " + p.pid() + " failed: "
          + new String(k.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim());
    }
  }

  /** Every replica's refuse-peers file emptied: whatever partition there was heals. */
  void healPartitions() throws IOException {
    for (int i = 0; i < size; i++) {
      if (Files.isDirectory(dataDir(i))) {
        dev.bftpaxos.replica.transport.PeerRefusals.write(dataDir(i).resolve(
            dev.bftpaxos.replica.transport.PeerRefusals.FILE_NAME), List.of());
      }
    }
  }

  /**
   * Every process started, by its own pid: paused ones continued first (a stopped process does not
   * act on SIGTERM), then destroy, a bounded wait, then destroyForcibly; pid files of the stopped
   * removed. Safe to call twice and from a shutdown hook.
   */
  void stopAll() {
    List<Process> all;
    synchronized (this) {
      stopping = true;
      all = new ArrayList<>(started);
      for (int i = 0; i < size; i++) {
        if (paused[i] && running[i] != null) {
          try {
            signal(running[i], "CONT");
          } catch (IOException | InterruptedException e) {
            // destroyForcibly below reaches a stopped process too
          }
          paused[i] = false;
        }
      }
    }
    for (Process p : all) {
      p.destroy();
    }
    long deadline = System.nanoTime() + stopTimeoutMillis * 1_000_000;
    for (Process p : all) {
      try {
        long left = Math.max(0, deadline - System.nanoTime());
        if (!p.waitFor(left, TimeUnit.NANOSECONDS)) {
          p.destroyForcibly();
          p.waitFor(stopTimeoutMillis, TimeUnit.MILLISECONDS);
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    for (int i = 0; i < size; i++) {
      Process p = process(i);
      if (p != null && !p.isAlive()) {
        try {
          Files.deleteIfExists(pidFile(i));
        } catch (IOException e) {
          // a stale pid file names a process that is gone; nothing to undo
        }
      }
    }
  }

  /** The pids of every process started that still runs (none after {@link #stopAll}, if all went well). */
  synchronized List<Long> alivePids() {
    return started.stream().filter(Process::isAlive).map(Process::pid).toList();
  }

  /** The number of processes started, restarts included. */
  synchronized int startedCount() {
    return started.size();
  }
}
