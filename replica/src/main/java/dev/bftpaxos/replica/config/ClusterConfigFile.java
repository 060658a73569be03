package dev.bftpaxos.replica.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.bftpaxos.replica.wal.WalSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads and writes the cluster configuration file, YAML:
 *
 * <pre>
 * format: bftpaxos-cluster/v1
 * mode: crash                      # crash | byzantine
 * scheme: ed25519                  # the keys' signature scheme
 * publicConfiguration: keys/config.json
 * frameBytesMax: 16777216          # optional
 * members: [0, 1, 2]               # optional: the first configuration; the other replicas are spares
 * reconfigureClients: [1000]       # optional: the clients whose configuration changes are executed (absent: any)
 * replicas:
 *   - id: 0
 *     host: 127.0.0.1
 *     port: 7000
 *     privateKey: keys/replica-0.json
 *     dataDir: data/0
 * timing:                          # optional, and so is each field in it
 *   tickMillis: 1                  # 1..1000: a replica's tick; the *Ticks fields count these
 *   heartbeatTicks: 10             # 1..1000000
 *   electionTimeoutTicks: 100      # 2..1000000, above heartbeatTicks
 *   retransmitTicks: 20            # 1..1000000
 *   clockDriftMaxPermille: 0       # 0..100: crash-mode lease reads assume clocks within this (0: no leases)
 * batching:                        # optional, and so is each field in it
 *   windowSlots: 32                # 1..4096
 *   batchCountMax: 64              # 1..the wire's bound
 *   batchBytesMax: 65536           # 1..frameBytesMax
 *   batchDelayTicks: 0             # 0..1000000, below electionTimeoutTicks
 *   pipelineSlots: 32              # 1..windowSlots (absent: windowSlots)
 * crypto:                          # optional
 *   precheckThreads: 1             # 0..64: Byzantine mode's signature checks before the driver
 *   clientAuth: signatures         # signatures | macs | hybrid: Byzantine mode's request and reply authentication
 * wal:                             # optional, and so is each field in it
 *   segmentBytes: 16777216         # 4096..1073741824: each write-ahead log segment file, preallocated
 *   sparesMax: 2                   # 1..64: segment files kept for reuse when a log generation is dropped
 * </pre>
 *
 * <p>A missing section, or a missing field in one, takes {@link ClusterTuning#CORE_DEFAULTS} (the
 * core's defaults, a 1 ms tick).
 *
 * Relative paths are resolved against the file's directory. Every problem is reported with the file
 * and the field that caused it; unknown fields are errors (a misspelt optional field would otherwise
 * be silently ignored). Key files are not read here: the replica reads its own with
 * {@link dev.bftpaxos.crypto.KeyFiles}.
 */
public final class ClusterConfigFile {
  public static final String FORMAT = "bftpaxos-cluster/v1";

  /** Larger files are refused before parsing: a configuration is a few hundred bytes per replica. */
  public static final long FILE_BYTES_MAX = 1L << 20;

  /** Most replicas in one cluster; beyond this the all-to-all connections stop making sense. */
  public static final int REPLICAS_MAX = 64;

  /** Smallest frame limit allowed: below this not even one full batch of small requests fits. */
  public static final int FRAME_BYTES_MIN = 64 * 1024;

  private static final Set<String> TOP_FIELDS =
      Set.of("format", "mode", "scheme", "publicConfiguration", "frameBytesMax", "replicas", "timing", "batching",
          "crypto", "wal", "network", "members",
          "reconfigureClients");
  private static final Set<String> TIMING_FIELDS =
      Set.of("tickMillis", "heartbeatTicks", "electionTimeoutTicks", "retransmitTicks", "clockDriftMaxPermille");
  private static final Set<String> BATCHING_FIELDS =
      Set.of("windowSlots", "batchCountMax", "batchBytesMax", "batchDelayTicks", "pipelineSlots");
  private static final Set<String> CRYPTO_FIELDS = Set.of("precheckThreads", "clientAuth");
  private static final Set<String> WAL_FIELDS = Set.of("segmentBytes", "sparesMax");
  private static final Set<String> REPLICA_FIELDS = Set.of("id", "host", "port", "privateKey", "dataDir");

  private ClusterConfigFile() {}

  public static ClusterConfig read(Path file) throws ClusterConfigException {
    return new Reader(file).config(parse(file));
  }

  private static JsonNode parse(Path file) throws ClusterConfigException {
    try {
      if (!Files.isRegularFile(file)) {
        throw new ClusterConfigException(file, "", "no such file");
      }
      if (Files.size(file) > FILE_BYTES_MAX) {
        throw new ClusterConfigException(file, "", "larger than " + FILE_BYTES_MAX + " bytes");
      }
      return new ObjectMapper(new YAMLFactory()).readTree(Files.readAllBytes(file));
    } catch (JsonProcessingException e) {
      throw new ClusterConfigException(file, "", "not valid YAML: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ClusterConfigException(file, "cannot read: " + e, e);
    }
  }

  /** The YAML text of {@code c}, with paths relative to {@code dir} where they lie under it. */
  public static String format(ClusterConfig c, Path dir) {
    StringBuilder b = new StringBuilder();
    b.append("format: ").append(FORMAT).append('\n');
    b.append("mode: ").append(c.mode().fileName()).append('\n');
    b.append("scheme: ").append(c.scheme()).append('\n');
    b.append("publicConfiguration: ").append(quote(rel(dir, c.publicConfigurationFile()))).append('\n');
    b.append("frameBytesMax: ").append(c.frameBytesMax()).append('\n');
    if (c.hasSpares()) {
      b.append("members: ").append(c.members())
          .append("   # the first configuration; the other replicas are spares until reconfigure adds them\n");
    }
    if (!c.reconfigureClients().isEmpty()) {
      b.append("reconfigureClients: ").append(c.reconfigureClients())
          .append("   # only these clients' configuration changes are executed\n");
    }
    b.append("replicas:\n");
    for (ReplicaEntry e : c.replicas()) {
      b.append("  - id: ").append(e.id()).append('\n');
      b.append("    host: ").append(quote(e.host())).append('\n');
      b.append("    port: ").append(e.port()).append('\n');
      b.append("    privateKey: ").append(quote(rel(dir, e.privateKeyFile()))).append('\n');
      b.append("    dataDir: ").append(quote(rel(dir, e.dataDir()))).append('\n');
    }
    ClusterTuning t = c.tuning();
    b.append("timing:                      # a tick is tickMillis ms; the *Ticks fields count ticks\n");
    b.append("  tickMillis: ").append(t.tickMillis()).append('\n');
    b.append("  heartbeatTicks: ").append(t.heartbeatTicks()).append('\n');
    b.append("  electionTimeoutTicks: ").append(t.electionTimeoutTicks())
        .append("   # a follower suspects the leader after this long; clients resend after it too\n");
    b.append("  retransmitTicks: ").append(t.retransmitTicks()).append('\n');
    b.append("  clockDriftMaxPermille: ").append(t.clockDriftMaxPermille())
        .append("   # crash-mode lease reads assume every clock within this many thousandths (0: no lease reads)\n");
    b.append("batching:\n");
    b.append("  windowSlots: ").append(t.windowSlots()).append('\n');
    b.append("  batchCountMax: ").append(t.batchCountMax()).append('\n');
    b.append("  batchBytesMax: ").append(t.batchBytesMax()).append('\n');
    b.append("  batchDelayTicks: ").append(t.batchDelayTicks()).append('\n');
    b.append("  pipelineSlots: ").append(t.pipelineSlots())
        .append("   # slots in flight at the leader; requests wait for the next batch beyond this\n");
    b.append("crypto:\n");
    b.append("  precheckThreads: ").append(t.precheckThreads())
        .append("   # Byzantine: threads checking signatures before the core steps (0: the core's thread)\n");
    b.append("  clientAuth: ").append(t.clientAuthKind().fileName())
        .append("   # Byzantine: signatures (Ed25519), macs (HMAC tags), hybrid (signed requests, tagged replies)\n");
    b.append("wal:\n");
    b.append("  segmentBytes: ").append(t.walSegmentBytes())
        .append("   # each log segment file, preallocated with zeros before use\n");
    b.append("  sparesMax: ").append(t.walSparesMax())
        .append("   # segment files kept for reuse when a log generation is dropped\n");
    b.append(NetworkSection.format(c.network()));
    return b.toString();
  }

  private static String rel(Path dir, Path p) {
    Path abs = p.toAbsolutePath().normalize();
    Path d = dir.toAbsolutePath().normalize();
    return abs.startsWith(d) ? d.relativize(abs).toString() : abs.toString();
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** The checks, field by field; each failure names the field by its path (replicas[2].port). */
  private static final class Reader {
    private final Path file;
    private final Path dir;

    Reader(Path file) {
      this.file = file;
      this.dir = file.toAbsolutePath().getParent();
    }

    ClusterConfig config(JsonNode root) throws ClusterConfigException {
      if (root == null || !root.isObject()) {
        throw new ClusterConfigException(file, "", "expected a mapping at the top level");
      }
      rejectUnknown(root, TOP_FIELDS, "");
      String format = text(root, "format", "");
      if (!format.equals(FORMAT)) {
        throw new ClusterConfigException(file, "format", "is \"" + format + "\", expected \"" + FORMAT + "\"");
      }
      ClusterMode mode = mode(text(root, "mode", ""));
      String scheme = text(root, "scheme", "");
      Path pub = path(root, "publicConfiguration", "");
      int frameMax = root.has("frameBytesMax")
          ? intIn(root, "frameBytesMax", "", FRAME_BYTES_MIN, dev.bftpaxos.core.wire.WireCodec.FRAME_BYTES_MAX)
          : dev.bftpaxos.core.wire.WireCodec.FRAME_BYTES_MAX;
      List<ReplicaEntry> replicas = replicas(root, mode);
      return new ClusterConfig(file, mode, scheme, pub, frameMax, replicas, tuning(root, frameMax),
          new NetworkSection(file).read(root.get("network"), replicas.size()), members(root, mode, replicas.size()),
          reconfigureClients(root));
    }

    /** Client ids, distinct, at most {@code Limits.RECONFIGURE_CLIENTS_MAX}; absent: empty (any client). */
    private List<Long> reconfigureClients(JsonNode root) throws ClusterConfigException {
      JsonNode list = root.get("reconfigureClients");
      if (list == null || list.isNull()) {
        return List.of();
      }
      if (!list.isArray() || list.isEmpty()) {
        throw new ClusterConfigException(file, "reconfigureClients", "expected a non-empty list of client ids, got "
            + list + " (leave the field out to let any client reconfigure)");
      }
      int max = dev.bftpaxos.core.CoreConfig.Limits.RECONFIGURE_CLIENTS_MAX;
      if (list.size() > max) {
        throw new ClusterConfigException(file, "reconfigureClients", "names " + list.size() + " clients, at most " + max);
      }
      java.util.TreeSet<Long> ids = new java.util.TreeSet<>();
      for (int i = 0; i < list.size(); i++) {
        JsonNode v = list.get(i);
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
          throw new ClusterConfigException(file, "reconfigureClients[" + i + "]", "is " + v
              + ", expected a client id (a non-negative integer)");
        }
        if (!ids.add(v.asLong())) {
          throw new ClusterConfigException(file, "reconfigureClients[" + i + "]", v.asLong() + " is listed twice");
        }
      }
      return List.copyOf(ids);
    }

    /** The first configuration: distinct listed ids, at least the mode's minimum. */
    private List<Integer> members(JsonNode root, ClusterMode mode, int n) throws ClusterConfigException {
      JsonNode list = root.get("members");
      if (list == null || list.isNull()) {
        return ClusterConfig.allOf(n);
      }
      if (!list.isArray()) {
        throw new ClusterConfigException(file, "members", "expected a list of replica ids, got " + list);
      }
      java.util.TreeSet<Integer> ids = new java.util.TreeSet<>();
      for (int i = 0; i < list.size(); i++) {
        JsonNode v = list.get(i);
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0 || v.asInt() >= n) {
          throw new ClusterConfigException(file, "members[" + i + "]", "is " + v + ", expected a listed replica id from 0 to "
              + (n - 1));
        }
        if (!ids.add(v.asInt())) {
          throw new ClusterConfigException(file, "members[" + i + "]", v.asInt() + " is listed twice");
        }
      }
      if (ids.size() < mode.replicasMin()) {
        throw new ClusterConfigException(file, "members", "names " + ids.size() + " replicas; " + mode.fileName()
            + " mode needs at least " + mode.replicasMin());
      }
      return List.copyOf(ids);
    }

    /** The optional sections; each absent field keeps its {@link ClusterTuning#CORE_DEFAULTS} value. */
    private ClusterTuning tuning(JsonNode root, int frameMax) throws ClusterConfigException {
      ClusterTuning d = ClusterTuning.CORE_DEFAULTS;
      JsonNode timing = section(root, "timing", TIMING_FIELDS);
      JsonNode batching = section(root, "batching", BATCHING_FIELDS);
      JsonNode crypto = section(root, "crypto", CRYPTO_FIELDS);
      int tick = optIntIn(timing, "tickMillis", "timing.", 1, ClusterTuning.TICK_MILLIS_MAX, d.tickMillis());
      int heartbeat = optIntIn(timing, "heartbeatTicks", "timing.", 1, ClusterTuning.TICKS_MAX, d.heartbeatTicks());
      int election = optIntIn(timing, "electionTimeoutTicks", "timing.", 2, ClusterTuning.TICKS_MAX,
          d.electionTimeoutTicks());
      if (election <= heartbeat) {
        throw new ClusterConfigException(file, "timing.electionTimeoutTicks", "is " + election
            + ", expected more than timing.heartbeatTicks (" + heartbeat + ")");
      }
      int retransmit = optIntIn(timing, "retransmitTicks", "timing.", 1, ClusterTuning.TICKS_MAX,
          d.retransmitTicks());
      int drift = optIntIn(timing, "clockDriftMaxPermille", "timing.", 0, ClusterTuning.CLOCK_DRIFT_PERMILLE_MAX,
          d.clockDriftMaxPermille());
      int window = optIntIn(batching, "windowSlots", "batching.", 1, ClusterTuning.WINDOW_SLOTS_MAX, d.windowSlots());
      int count = optIntIn(batching, "batchCountMax", "batching.", 1, dev.bftpaxos.core.CoreConfig.BATCH_COUNT_LIMIT,
          d.batchCountMax());
      int bytes = optIntIn(batching, "batchBytesMax", "batching.", 1, frameMax, d.batchBytesMax());
      int delay = optIntIn(batching, "batchDelayTicks", "batching.", 0, ClusterTuning.TICKS_MAX, d.batchDelayTicks());
      if (delay >= election) {
        throw new ClusterConfigException(file, "batching.batchDelayTicks", "is " + delay
            + ", expected less than timing.electionTimeoutTicks (" + election + ")");
      }
      int pipeline = optIntIn(batching, "pipelineSlots", "batching.", 1, window, window);
      int precheck = optIntIn(crypto, "precheckThreads", "crypto.", 0, ClusterTuning.PRECHECK_THREADS_MAX,
          d.precheckThreads());
      ClientAuth auth = d.clientAuthKind();
      if (crypto != null && crypto.has("clientAuth")) {
        String name = text(crypto, "clientAuth", "crypto.");
        auth = ClientAuth.fromFileName(name);
        if (auth == null) {
          throw new ClusterConfigException(file, "crypto.clientAuth", "is \"" + name + "\", expected signatures, macs or hybrid");
        }
      }
      JsonNode wal = section(root, "wal", WAL_FIELDS);
      int segmentBytes = optIntIn(wal, "segmentBytes", "wal.", WalSettings.SEGMENT_BYTES_MIN,
          WalSettings.SEGMENT_BYTES_MAX, d.walSegmentBytes());
      int sparesMax = optIntIn(wal, "sparesMax", "wal.", 1, WalSettings.SPARES_MAX_LIMIT, d.walSparesMax());
      return new ClusterTuning(tick, heartbeat, election, retransmit, window, count, bytes, delay, pipeline,
          precheck, auth.ordinal(), segmentBytes, sparesMax, drift);
    }

    /** The mapping under {@code name}, checked for unknown fields; null if absent. */
    private JsonNode section(JsonNode root, String name, Set<String> known) throws ClusterConfigException {
      JsonNode v = root.get(name);
      if (v == null || v.isNull()) {
        return null;
      }
      if (!v.isObject()) {
        throw new ClusterConfigException(file, name, "expected a mapping, got " + v);
      }
      rejectUnknown(v, known, name + ".");
      return v;
    }

    private int optIntIn(JsonNode obj, String name, String at, int min, int max, int absent)
        throws ClusterConfigException {
      return obj == null || !obj.has(name) ? absent : intIn(obj, name, at, min, max);
    }

    private ClusterMode mode(String s) throws ClusterConfigException {
      for (ClusterMode m : ClusterMode.values()) {
        if (m.fileName().equals(s)) {
          return m;
        }
      }
      throw new ClusterConfigException(file, "mode", "is \"" + s + "\", expected crash or byzantine");
    }

    private List<ReplicaEntry> replicas(JsonNode root, ClusterMode mode) throws ClusterConfigException {
      JsonNode list = root.get("replicas");
      if (list == null || !list.isArray()) {
        throw new ClusterConfigException(file, "replicas", "missing, or not a list");
      }
      if (list.size() < mode.replicasMin() || list.size() > REPLICAS_MAX) {
        throw new ClusterConfigException(file, "replicas", "lists " + list.size() + " replicas; " + mode.fileName()
            + " mode needs " + mode.replicasMin() + " to " + REPLICAS_MAX);
      }
      List<ReplicaEntry> out = new ArrayList<>();
      Set<String> endpoints = new HashSet<>();
      Set<Path> dataDirs = new HashSet<>();
      for (int i = 0; i < list.size(); i++) {
        String at = "replicas[" + i + "].";
        JsonNode r = list.get(i);
        if (!r.isObject()) {
          throw new ClusterConfigException(file, "replicas[" + i + "]", "expected a mapping");
        }
        rejectUnknown(r, REPLICA_FIELDS, at);
        int id = intIn(r, "id", at, 0, REPLICAS_MAX - 1);
        if (id != i) {
          // Ids are positions: the core numbers replicas 0..n-1 and the leader of ballot b is b mod n.
          throw new ClusterConfigException(file, at + "id", "is " + id + ", expected " + i
              + " (replicas are listed in id order, from 0)");
        }
        String host = text(r, "host", at);
        int port = intIn(r, "port", at, 1, 65535);
        if (!endpoints.add(host.toLowerCase(Locale.ROOT) + ":" + port)) {
          throw new ClusterConfigException(file, at + "port", host + ":" + port + " is used by an earlier replica");
        }
        Path key = path(r, "privateKey", at);
        Path data = path(r, "dataDir", at);
        if (!dataDirs.add(data.normalize())) {
          throw new ClusterConfigException(file, at + "dataDir", data + " is used by an earlier replica");
        }
        out.add(new ReplicaEntry(id, host, port, key, data));
      }
      return out;
    }

    private void rejectUnknown(JsonNode obj, Set<String> known, String at) throws ClusterConfigException {
      for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        if (!known.contains(name)) {
          throw new ClusterConfigException(file, at + name, "unknown field (known: " + new java.util.TreeSet<>(known) + ")");
        }
      }
    }

    private String text(JsonNode obj, String name, String at) throws ClusterConfigException {
      JsonNode v = obj.get(name);
      if (v == null || v.isNull()) {
        throw new ClusterConfigException(file, at + name, "missing");
      }
      if (!v.isTextual() || v.asText().isBlank()) {
        throw new ClusterConfigException(file, at + name, "expected a non-empty string, got " + v);
      }
      return v.asText();
    }

    private int intIn(JsonNode obj, String name, String at, int min, int max) throws ClusterConfigException {
      JsonNode v = obj.get(name);
      if (v == null || v.isNull()) {
        throw new ClusterConfigException(file, at + name, "missing");
      }
      if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min || v.asInt() > max) {
        throw new ClusterConfigException(file, at + name, "is " + v + ", expected an integer from " + min + " to " + max);
      }
      return v.asInt();
    }

    private Path path(JsonNode obj, String name, String at) throws ClusterConfigException {
      String s = text(obj, name, at);
      try {
        return dir.resolve(s).normalize();
      } catch (java.nio.file.InvalidPathException e) {
        throw new ClusterConfigException(file, at + name, "not a valid path: " + e.getMessage());
      }
    }
  }
}
