package dev.bftpaxos.cli;

import dev.bftpaxos.core.client.ReplyCertificate;
import dev.bftpaxos.core.log.ChangeAccepted;
import dev.bftpaxos.core.log.ConfigChange;
import dev.bftpaxos.core.log.Configurations;
import dev.bftpaxos.core.msg.Read;
import dev.bftpaxos.crypto.MemberKey;
import dev.bftpaxos.learner.ReplyCertificateFile;
import dev.bftpaxos.replica.client.KvClient;
import dev.bftpaxos.replica.config.ClusterConfig;
import dev.bftpaxos.replica.config.ClusterMode;
import dev.bftpaxos.replica.node.ClusterKeys;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "reconfigure",
    header = "Add, remove or replace a replica of a running cluster, or rotate a replica's key, through the log.",
    description = {
        "Submits a configuration change as a client request: it is ordered like any request, decided by a "
            + "quorum of the old configuration, and governs every slot from a later slot that every replica "
            + "computes alike (docs/PROTOCOL.md, \"Reconfiguration through the log\"). The replica ids are those "
            + "of the cluster file, which lists every process that may ever be a member; its members: field is "
            + "the first configuration, the others are spares (cluster --spares K starts them). An added replica "
            + "catches up by state transfer before its votes count; a removed one is outside every quorum and "
            + "can be stopped once the change is active.",
        "",
        "--replace OLD --with NEW adds NEW first and removes OLD once the first change is active, so the "
            + "cluster never has fewer members than it started with. One change is pending at a time: a change "
            + "refused because another is pending is submitted again until --timeout-ms runs out. After the last "
            + "change the command waits until the leader has executed the slot it governs from.",
        "",
        "Both modes. In Byzantine mode an added replica comes with its public key from the cluster's config.json "
            + "(the key its process holds), and --chain-dir DIR saves each change's reply certificate, the link "
            + "verify-certificate --chain takes.",
        "",
        "--rotate-key ID (Byzantine mode) gives member ID a fresh key pair of the cluster's scheme: the private key "
            + "is written, owner-only and never over an existing file, as replica-ID.rotated-<first 16 hex digits of "
            + "the public key>.key into --key-dir (default: the directory of replica ID's key file in the cluster "
            + "file, keys/ for a cluster made by `cluster`), where the running replica finds it within a second; then "
            + "REPLACE(ID, new public key) is submitted. From the slot the new configuration governs, ID's "
            + "statements are checked with the new key only. Keep the old key file: it is still the replica's first "
            + "key (a restart reads it). A replica that cannot find the new key counts as crashed for the new "
            + "configuration's slots until the file is in its key directory (docs/OPERATIONS.md).",
        ""},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every change is active", "2:bad input, or the cluster refused a change (the reason is printed)",
        "3:no answer, or not active, within --timeout-ms", "4:internal error (an exception in the tool)"},
    footerHeading = "%nExamples:%n",
    footer = {
        "  bft-paxos cluster --mode crash --n 3 --spares 1 --dir cl",
        "  bft-paxos reconfigure --config cl/cluster.yaml --client-key cl/keys/client-1000.key --add 3",
        "  bft-paxos reconfigure --config cl/cluster.yaml --client-key cl/keys/client-1000.key --replace 2 --with 3",
        "  bft-paxos cluster --mode byzantine --n 4 --dir bz",
        "  bft-paxos reconfigure --config bz/cluster.yaml --client-key bz/keys/client-1000.key --rotate-key 1 "
            + "--chain-dir bz/chain"})
final class ReconfigureCommand extends CliCommand {
  /** First wait before a change refused as "another is pending" is sent again; doubles up to the cap. */
  static final long RETRY_FIRST_MILLIS = 50;
  static final long RETRY_MAX_MILLIS = 1_000;

  @Option(names = "--config", paramLabel = "FILE", required = true, description = "The cluster file (YAML).")
  Path config;

  @Option(names = "--client-key", paramLabel = "FILE", required = true,
      description = "A client's private key file from keygen (client-ID.key); the client id is read from it.")
  Path clientKey;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Change change;

  static final class Change {
    @Option(names = "--add", paramLabel = "ID", description = "Make spare replica ID a member.")
    Integer add;

    @Option(names = "--remove", paramLabel = "ID", description = "Take replica ID out of the configuration.")
    Integer remove;

    @ArgGroup(exclusive = false)
    Replace replace;

    @Option(names = "--rotate-key", paramLabel = "ID", description = "Byzantine mode: give member ID a new key pair "
        + "(private key into --key-dir, then REPLACE(ID, new public key)).")
    Integer rotateKey;
  }

  static final class Replace {
    @Option(names = "--replace", paramLabel = "OLD", required = true, description = "Replace member OLD ...")
    int old;

    @Option(names = "--with", paramLabel = "NEW", required = true, description = "... by spare NEW (added first).")
    int with;
  }

  @Option(names = "--chain-dir", paramLabel = "DIR",
      description = "Byzantine mode: write each accepted change's reply certificate to DIR/C<j>.json, the links "
          + "verify-certificate --chain takes (docs/CERTIFICATES.md, section 10). Default: chain/ next to the cluster "
          + "file, where get, put and load look for the configurations to count replies in. Needs crypto.clientAuth: "
          + "signatures.")
  Path chainDir;

  @Option(names = "--key-dir", paramLabel = "DIR",
      description = "With --rotate-key: the directory replica ID reads its keys from, where the new private key file "
          + "is written (default: the directory of its key file in the cluster file).")
  Path keyDir;

  /** How long --rotate-key asks the replicas whether ID is a member before submitting (no answer: submit anyway). */
  static final long MEMBER_CHECK_MILLIS = 2_000;

  @Option(names = "--wait-checkpoint", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Byzantine mode, after a removal or a key rotation: wait until a checkpoint at or after the new "
          + "configuration's first slot is stable at its members (ordering reads through the log to get there), "
          + "so the removed replica can be stopped and the old key retired; --no-wait-checkpoint only prints which "
          + "checkpoint to wait for. Default: wait.")
  boolean waitCheckpoint;

  @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "60000",
      description = "Give up (exit 3) if a change is not answered, or not active, in this long (each change).")
  long timeoutMillis;

  @Override
  int execute() throws Exception {
    if (timeoutMillis < 1) {
      throw new BadInputException("--timeout-ms must be at least 1, got " + timeoutMillis);
    }
    ClientIdentity me = ClientIdentity.read(config, clientKey);
    ClusterConfig c = me.config();
    ClusterKeys keys = me.keys();
    if (keyDir != null && change.rotateKey == null) {
      throw new BadInputException("--key-dir goes with --rotate-key only");
    }
    if (change.rotateKey != null && c.mode() != ClusterMode.BYZANTINE) {
      throw new BadInputException("--rotate-key: " + config + " is a crash-mode cluster, and crash mode has no keys "
          + "in its configurations (nothing its replicas decide is signed), so there is no key to rotate");
    }
    List<ConfigChange> changes = changes(c.n(), c.mode() == ClusterMode.BYZANTINE ? keys : null);
    if (chainDir != null) {
      if (c.mode() != ClusterMode.BYZANTINE || !c.tuning().clientAuthKind().signsReplies()) {
        throw new BadInputException("--chain-dir: " + config + "'s replies are not signed (crash mode, or "
            + "crypto.clientAuth macs or hybrid), so a change has no reply certificate");
      }
      if (java.nio.file.Files.exists(chainDir) && !java.nio.file.Files.isDirectory(chainDir)) {
        throw new BadInputException("--chain-dir " + chainDir + " exists and is not a directory");
      }
    }
    if (chainDir == null && c.mode() == ClusterMode.BYZANTINE && c.tuning().clientAuthKind().signsReplies()) {
      chainDir = ChainDirectory.defaultDir(c); // where clients of this cluster look for it (ChainDirectory)
    }
    MemberKey own = me.own();
    Path newKeyFile = null;
    if (change.rotateKey != null) {
      int r = change.rotateKey;
      refuseNonMember(c, keys, own, r);
      Path dir = keyDir != null ? keyDir : c.replica(r).privateKeyFile().toAbsolutePath().getParent();
      MemberKey fresh = new MemberKey(dev.bftpaxos.crypto.Role.REPLICA, r,
          keys.scheme().generate(new java.security.SecureRandom()));
      newKeyFile = RotatedKeyFile.write(dir, fresh);
      changes = List.of(ConfigChange.replace(r, fresh.keyPair().publicKey()));
      out().println("rotate-key " + r + ": new private key written to " + newKeyFile + " (public key "
          + java.util.HexFormat.of().formatHex(fresh.keyPair().publicKey()) + ")");
      out().flush();
    }
    try (KvClient client = new KvClient(c, keys, own.signer(keys.scheme()), me.macs(), own.id(), KvClient.clockSeq())) {
      // The change's reply certificate is counted in the configuration governing its slot: this
      // client must know every configuration before it, or the link would not verify.
      ChainDirectory chain = chainDir == null ? null : new ChainDirectory(chainDir, c, keys, err());
      if (chain != null) {
        client.follow(chain);
      }
      long activeFrom = -1;
      long lastConfiguration = -1;
      for (ConfigChange ch : changes) {
        Answer reply = submitUntilNotPending(client, ch);
        String answer = reply.text();
        CompletableFuture<ReplyCertificate> certificate = reply.certificate();
        ChangeAccepted accepted = ChangeAccepted.parse(answer);
        if (accepted == null) {
          out().println(describe(ch) + ": " + answer);
          if (newKeyFile != null) {
            out().println("  no configuration holds the key in " + newKeyFile + "; it can be deleted");
          }
          return ExitCodes.BAD_INPUT;
        }
        activeFrom = accepted.fromSlot();
        lastConfiguration = accepted.configuration();
        out().println(describe(ch) + ": decided; configuration C" + accepted.configuration() + " governs from slot "
            + activeFrom);
        if (newKeyFile != null) {
          out().println("  configuration C" + accepted.configuration() + " holds replica " + ch.replica()
              + "'s new key, " + newKeyFile + ", from slot " + activeFrom + " on; keep its old key file (its first "
              + "key, read at restart)");
        }
        if (certificate != null) {
          Path link = ChainDirectory.link(chainDir, accepted.configuration());
          java.nio.file.Files.createDirectories(chainDir);
          ReplyCertificateFile.write(link, certificate.get(timeoutMillis, TimeUnit.MILLISECONDS),
              keys.publicConfiguration(), accepted.configuration() - 1); // executed in the configuration before
          out().println("  chain link " + link + " (verify-certificate --chain; clients follow it from there)");
          client.follow(chain); // the next change executes in this configuration
        }
        out().flush();
      }
      long executed = awaitExecuted(client, activeFrom - 1);
      out().println("active: the leader has executed through slot " + executed + ", so the new configuration governs "
          + "every slot it proposes");
      Integer removedReplica = changes.stream().filter(ch -> ch.kind() == ConfigChange.Kind.REMOVE)
          .map(ConfigChange::replica).findFirst().orElse(null);
      if (c.mode() == ClusterMode.BYZANTINE && (removedReplica != null || newKeyFile != null)) {
        // Until a checkpoint at or after the activation is stable, a ballot change still needs the
        // old configuration's quorum too (docs/OPERATIONS.md, "Reconfiguring a real cluster").
        long interval = c.coreConfig().checkpointSlots();
        long checkpoint = CheckpointWait.checkpointAtOrAfter(activeFrom, interval);
        String what = removedReplica != null ? "replica " + removedReplica + " can be stopped"
            : "replica " + change.rotateKey + "'s old key no longer counts for anything";
        if (!waitCheckpoint) {
          out().println("once status shows checkpoint=" + checkpoint + " or later at the members, " + what
              + " (the old configuration still counts for ballot changes until then; checkpoints come every "
              + interval + " slots of traffic)");
        } else {
          out().println("waiting for a stable checkpoint at or after slot " + activeFrom + " (checkpoint=" + checkpoint
              + ") at the new configuration's members, ordering reads to reach it");
          out().flush();
          java.util.Map<Integer, Long> at = CheckpointWait.await(c, keys, own, client, lastConfiguration,
              checkpoint, timeoutMillis);
          out().println("checkpoint stable at replicas " + at + ": " + what);
        }
      }
      return ExitCodes.OK;
    } catch (TimeoutException e) {
      err().println("reconfigure: " + e.getMessage() + " (are the replicas running?)");
      if (newKeyFile != null) {
        // The REPLACE may still be decided later: the key file must stay where the replica finds it.
        err().println("reconfigure: keep " + newKeyFile + ": the change may still be decided (status shows each "
            + "replica's configuration)");
      }
      return ExitCodes.LIVENESS;
    }
  }

  /**
   * The changes to submit, in order; ids checked against the cluster file's replicas. In Byzantine
   * mode ({@code keys} not null) an added replica comes with its public key from config.json, the
   * key its process holds.
   */
  private List<ConfigChange> changes(int n, ClusterKeys keys) {
    List<ConfigChange> out = new ArrayList<>();
    if (change.add != null) {
      int id = id("--add", change.add, n);
      out.add(ConfigChange.add(id, key(keys, id)));
    } else if (change.remove != null) {
      out.add(ConfigChange.remove(id("--remove", change.remove, n)));
    } else if (change.rotateKey != null) {
      id("--rotate-key", change.rotateKey, n); // the REPLACE is made in execute, once its key file is written
    } else {
      int old = id("--replace", change.replace.old, n);
      int with = id("--with", change.replace.with, n);
      if (old == with) {
        throw new BadInputException("--replace " + old + " --with " + with + ": give a different replica (to give "
            + "a member a new key, use --rotate-key " + old + ")");
      }
      out.add(ConfigChange.add(with, key(keys, with)));
      out.add(ConfigChange.remove(old));
    }
    return out;
  }

  private static byte[] key(ClusterKeys keys, int id) {
    return keys == null ? null : keys.publicConfiguration().publicKey(dev.bftpaxos.crypto.Role.REPLICA, id);
  }

  private static int id(String option, int id, int n) {
    if (id < 0 || id >= n) {
      throw new BadInputException(option + " " + id + ": the cluster file lists replicas 0.." + (n - 1));
    }
    return id;
  }

  private static String describe(ConfigChange ch) {
    return ch.kind().name().toLowerCase(java.util.Locale.ROOT) + " " + ch.replica();
  }

  /**
   * Refuses early to rotate the key of {@code r} when every replica that answers (at least f+1 of
   * them) says its last configuration does not hold {@code r}; the cluster would refuse the REPLACE
   * too. Fewer answers, or one that lists {@code r}, and the change is submitted: the status lines are
   * unsigned, so they may only save a round trip, never stop a change the cluster would take.
   */
  private void refuseNonMember(ClusterConfig c, ClusterKeys keys, MemberKey own, int r) throws InterruptedException {
    java.util.Map<Integer, String> lines = StatusCommand.ask(c, keys, own, Math.min(MEMBER_CHECK_MILLIS, timeoutMillis));
    java.util.SortedMap<Integer, String> without = new java.util.TreeMap<>();
    for (var e : lines.entrySet()) {
      StatusLine line = StatusLine.parse(e.getValue());
      if (line == null) {
        continue; // a line that names no configuration says nothing either way
      }
      if (line.members().contains(r)) {
        return;
      }
      without.put(e.getKey(), line.configurationText());
    }
    if (without.size() >= c.f() + 1) {
      throw new BadInputException("--rotate-key " + r + ": replica " + r + " is not a member: every replica that "
          + "answered says so (" + without + "); add it first (--add " + r + ")");
    }
    err().println("reconfigure: could not tell whether replica " + r + " is a member (" + lines.size() + " status "
        + "answers, " + without.size() + " naming a configuration; " + (c.f() + 1) + " needed): submitting");
    err().flush();
  }

  /** The log's answer to a change, and its reply certificate when --chain-dir asks for one. */
  private record Answer(String text, CompletableFuture<ReplyCertificate> certificate) {}

  /** Submits {@code ch}; resubmits, backing off, while the log answers that another change is pending. */
  private Answer submitUntilNotPending(KvClient client, ConfigChange ch) throws Exception {
    Backoff b = new Backoff();
    while (true) {
      long left = b.leftMillis();
      if (left <= 0) {
        throw new TimeoutException(describe(ch) + ": still refused as pending after " + timeoutMillis + " ms");
      }
      String answer;
      // A fresh certificate each time: a refused submission's certificate proves the refusal.
      CompletableFuture<ReplyCertificate> certificate = chainDir != null ? new CompletableFuture<>() : null;
      try {
        answer = client.reconfigure(ch, certificate).get(left, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        throw new TimeoutException(describe(ch) + ": no answer in " + timeoutMillis + " ms");
      }
      if (!answer.equals("refused: " + Configurations.PENDING)) {
        return new Answer(answer, certificate);
      }
      b.pause();
    }
  }

  /**
   * Waits until the leader has executed slot {@code slot}, the one before the activation slot (from
   * then on no slot the leader proposes is governed by the old configuration): a read-index read
   * answers with the slot the leader's state reflects, and a crash-mode leader proposes no-ops while
   * a change is pending, so an idle cluster gets there too.
   */
  private long awaitExecuted(KvClient client, long slot) throws Exception {
    Backoff b = new Backoff();
    KvClient.ReadResult lastSeen = null;
    while (true) {
      long left = b.leftMillis();
      if (left <= 0) {
        throw new TimeoutException("the change is decided but slot " + slot + " was not executed in " + timeoutMillis
            + " ms (the last read-index answer: " + lastSeen + ")");
      }
      KvClient.ReadResult r = client.get("reconfigure", Read.Kind.LINEARIZABLE).get(left, TimeUnit.MILLISECONDS);
      if (r.slot() >= slot) {
        return r.slot();
      }
      lastSeen = r;
      b.pause();
    }
  }

  /** The --timeout-ms deadline of one wait, and its pause between tries: 50 ms doubling up to 1 s. */
  private final class Backoff {
    private final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    private long wait = RETRY_FIRST_MILLIS;

    long leftMillis() {
      return TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    }

    void pause() throws InterruptedException {
      Thread.sleep(Math.min(wait, Math.max(1, leftMillis())));
      wait = Math.min(RETRY_MAX_MILLIS, wait * 2);
    }
  }
}
