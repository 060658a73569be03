package dev.bftpaxos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificates from real processes: a Byzantine n=4 cluster on 127.0.0.1 started with
 * {@code cluster --export-certificates}, a few writes that save reply certificates (and a short
 * {@code load --reply-certificates}), then
 * {@code verify-certificate} accepts the reply certificates and every replica's exported commit
 * certificates against the exported {@code config.json}, and refuses tampered copies of both.
 * Every wait is bounded; the cluster and its replicas are stopped by their own pids. Tagged
 * {@code real-cluster} (four replica JVMs: about 15 s on two cores).
 */
@Tag("real-cluster")
class CertificateRealClusterTest {
  private static final int N = 4;
  private static final long START_MILLIS = 60_000;
  private static final long EXPORT_MILLIS = 10_000;
  private static final long STOP_MILLIS = 20_000;

  @TempDir
  Path tmp;
  private Process cluster;
  private final List<Long> replicaPids = new ArrayList<>();

  @AfterEach
  void stopEverything() throws InterruptedException {
    if (cluster != null) {
      cluster.destroy();
      if (!cluster.waitFor(STOP_MILLIS, TimeUnit.MILLISECONDS)) {
        cluster.destroyForcibly();
      }
    }
    for (long pid : replicaPids) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void exportedAndReplyCertificatesVerifyOfflineAndTamperedCopiesDoNot() throws Exception {
    Path dir = tmp.resolve("cluster");
    Path certs = tmp.resolve("certs");
    start(dir, certs);
    String cfg = dir.resolve("cluster.yaml").toString();
    String key = dir.resolve("keys").resolve("client-1000.key").toString();
    List<Path> replies = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Path reply = tmp.resolve("reply-" + i + ".json");
      CliContractTest.Run put = CliContractTest.run("put", "--config", cfg, "--client-key", key,
          "--reply-certificate", reply.toString(), "k" + i, "v" + i);
      assertEquals(ExitCodes.OK, put.exitCode(), put.all());
      replies.add(reply);
    }
    Path get = tmp.resolve("reply-get.json");
    CliContractTest.Run read = CliContractTest.run("get", "--config", cfg, "--client-key", key,
        "--reply-certificate", get.toString(), "k1");
    assertEquals("v1", read.out().trim(), read.all());
    replies.add(get);
    // load saves the certificates of its first operations only: at most --reply-certificates-max. Four
    // seconds: a new client's first request costs a client retransmission (1 s) when the leader is
    // not the replica it guesses, and one second then completes nothing in the window (exit 3).
    Path loadReplies = tmp.resolve("load-replies");
    CliContractTest.Run load = CliContractTest.run("load", "--config", cfg, "--clients", "2", "--duration", "4s",
        "--warmup", "0s", "--out", tmp.resolve("load").toString(), "-q", "--reply-certificates", loadReplies.toString(),
        "--reply-certificates-max", "3");
    assertEquals(ExitCodes.OK, load.exitCode(), load.all());
    try (Stream<Path> s = Files.list(loadReplies)) {
      List<Path> saved = s.sorted().toList();
      assertEquals(3, saved.size(), saved.toString());
      replies.addAll(saved);
    }

    Path exported = certs.resolve("replica-0");
    Path config = exported.resolve("config.json");
    List<Path> slots = awaitSlotFiles(exported, 4);
    List<String> args = new ArrayList<>(List.of("verify-certificate", "--config", config.toString()));
    replies.forEach(p -> args.add(p.toString()));
    slots.forEach(p -> args.add(p.toString()));
    for (int r = 1; r < N; r++) {
      awaitSlotFiles(certs.resolve("replica-" + r), 1).forEach(p -> args.add(p.toString()));
    }
    CliContractTest.Run ok = CliContractTest.run(args.toArray(String[]::new));
    assertEquals(ExitCodes.OK, ok.exitCode(), ok.all());
    assertTrue(ok.out().contains("VALID reply client=1000"), ok.all());
    assertTrue(ok.out().contains("VALID slot="), ok.all());

    // A reply certificate whose result is changed (the "ok" of a put for a "not found", say) proves nothing.
    String reply = Files.readString(replies.get(0));
    String result = reply.replaceAll("(?s).*\"result\": \"([^\"]*)\".*", "$1");
    Path tamperedReply = tmp.resolve("tampered-reply.json");
    Files.writeString(tamperedReply, reply.replace("\"result\": \"" + result + "\"",
        "\"result\": \"" + (result.equals("AA==") ? "AQ==" : "AA==") + "\""));
    refused(config, tamperedReply, "INVALID: BAD_SIGNATURE");
    // A commit certificate moved to another slot proves nothing either.
    String commit = Files.readString(slots.get(0));
    Path tamperedCommit = tmp.resolve("tampered-commit.json");
    Files.writeString(tamperedCommit, commit.replaceFirst("\"slot\": (\\d+)", "\"slot\": 999999"));
    refused(config, tamperedCommit, "INVALID: BAD_SIGNATURE");
  }

  private static void refused(Path config, Path file, String expected) {
    CliContractTest.Run r = CliContractTest.run("verify-certificate", "--config", config.toString(), file.toString());
    assertEquals(VerifyCertificateCommand.INVALID, r.exitCode(), r.all());
    assertTrue(r.out().startsWith(expected), r.all());
  }

  /** The slot files of one replica's export, once there are at least {@code min}; bounded. */
  private static List<Path> awaitSlotFiles(Path exported, int min) throws Exception {
    long deadline = System.currentTimeMillis() + EXPORT_MILLIS;
    while (true) {
      List<Path> files = List.of();
      if (Files.isDirectory(exported)) {
        try (Stream<Path> s = Files.list(exported)) {
          files = s.filter(p -> p.getFileName().toString().matches("slot-[0-9]+\\.json")).sorted().toList();
        }
      }
      if (files.size() >= min) {
        return files;
      }
      if (System.currentTimeMillis() > deadline) {
        fail(exported + " holds " + files.size() + " slot files after " + EXPORT_MILLIS + " ms, expected " + min);
      }
      Thread.sleep(100);
    }
  }

  private void start(Path dir, Path certs) throws Exception {
    Path out = tmp.resolve("cluster.out");
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "cluster", "--mode",
        "byzantine", "--n", Integer.toString(N), "--dir", dir.toString(), "--clients", "2",
        "--export-certificates", certs.toString());
    pb.redirectErrorStream(true).redirectOutput(out.toFile());
    cluster = pb.start();
    long deadline = System.currentTimeMillis() + START_MILLIS;
    while (true) {
      String text = Files.exists(out) ? Files.readString(out) : "";
      if (text.contains("Ctrl-C stops every replica.")) {
        for (int i = 0; i < N; i++) {
          replicaPids.add(Long.parseLong(Files.readString(dir.resolve("replica-" + i + ".pid")).trim()));
        }
        return;
      }
      if (!cluster.isAlive() || System.currentTimeMillis() > deadline) {
        fail("cluster not ready (" + (cluster.isAlive() ? "timed out" : "exited " + cluster.exitValue()) + "):\n" + text);
      }
      Thread.sleep(100);
    }
  }
}
