package dev.bftpaxos.learner;

import dev.bftpaxos.core.bft.CommitCertificate;
import dev.bftpaxos.crypto.KeyFiles;
import dev.bftpaxos.crypto.PublicConfiguration;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Writes a run's commit certificates to a folder an outsider can check: {@code config.json} (the
 * public configuration, {@link KeyFiles} format) and one {@code slot-0000017.json} per slot
 * ({@link CertificateFile} format), checkable with
 * {@code bft-paxos verify-certificate DIR/slot-*.json --config DIR/config.json}.
 *
 * <p>Used by {@code simulate --mode byzantine --export-certificates DIR}. The folder ends up
 * holding exactly this export: {@code slot-*.json} files left from an earlier export are deleted
 * first, so certificates of two runs (perhaps of two configurations) are never mixed.
 */
public final class CertificateExport {
  /** Name of the public configuration file in an export folder. */
  public static final String CONFIG_FILE = "config.json";

  private static final Pattern SLOT_FILE = Pattern.compile("slot-[0-9]+\\.json");

  private CertificateExport() {}

  /** {@code slot-<slot, zero-padded to 7 digits>.json}, so that names sort by slot up to slot 9999999. */
  public static String fileName(long slot) {
    return String.format(Locale.ROOT, "slot-%07d.json", slot);
  }

  /**
   * Writes {@code config} and one file per slot into {@code dir}, creating it if needed. Several
   * certificates may prove the same slot (several replicas' copies, or re-commits in later
   * ballots); the first for each slot is written. Nothing is written if a certificate is for
   * another configuration or two certificates name different batches for one slot.
   *
   * @return the certificate files written, in slot order
   * @throws IllegalArgumentException if a certificate is for another configuration, or two
   *     certificates for one slot name different digests (an agreement violation, or a bug in the
   *     caller)
   */
  public static List<Path> exportAll(Path dir, PublicConfiguration config, Iterable<CommitCertificate> certificates)
      throws IOException {
    return exportAll(dir, config, certificates, slot -> 0);
  }

  /**
   * As above, each file naming the configuration {@code configurationOf} gives for its slot (its
   * {@code "configuration"} field, docs/CERTIFICATES.md section 10; 0 is the first and unnamed).
   */
  public static List<Path> exportAll(Path dir, PublicConfiguration config, Iterable<CommitCertificate> certificates,
      java.util.function.LongUnaryOperator configurationOf) throws IOException {
    Map<Long, CommitCertificate> bySlot = new TreeMap<>();
    for (CommitCertificate c : certificates) {
      if (!c.configId().equals(config.configId())) {
        throw new IllegalArgumentException("certificate for slot " + c.slot() + " is for configuration "
            + c.configId().shortHex() + ", the export's is " + config.configId().shortHex());
      }
      CommitCertificate first = bySlot.putIfAbsent(c.slot(), c);
      if (first != null && !first.digest().equals(c.digest())) {
        throw new IllegalArgumentException("two certificates for slot " + c.slot() + " name different batches: "
            + first.digest().hex() + " (ballot " + first.ballot() + ") and " + c.digest().hex() + " (ballot "
            + c.ballot() + ")");
      }
    }
    Files.createDirectories(dir);
    deleteOldSlotFiles(dir);
    KeyFiles.writePublicConfiguration(dir.resolve(CONFIG_FILE), config);
    List<Path> written = new ArrayList<>(bySlot.size());
    for (CommitCertificate c : bySlot.values()) {
      Path file = dir.resolve(fileName(c.slot()));
      CertificateFile.write(file, c, config, configurationOf.applyAsLong(c.slot()));
      written.add(file);
    }
    return written;
  }

  private static void deleteOldSlotFiles(Path dir) throws IOException {
    List<Path> old = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "slot-*.json")) {
      for (Path f : files) {
        if (SLOT_FILE.matcher(f.getFileName().toString()).matches() && Files.isRegularFile(f)) {
          old.add(f);
        }
      }
    }
    for (Path f : old) {
      Files.delete(f);
    }
  }
}
