package dev.bftpaxos.replica.node;

import dev.bftpaxos.core.bft.RotatedKeys;
import dev.bftpaxos.crypto.KeyFileException;
import dev.bftpaxos.crypto.KeyFiles;
import dev.bftpaxos.crypto.KeyVerifier;
import dev.bftpaxos.crypto.MemberKey;
import dev.bftpaxos.crypto.Role;
import dev.bftpaxos.crypto.SignatureScheme;
import dev.bftpaxos.crypto.Signer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * The private keys a real Byzantine replica signs with, for the keys configuration changes bring
 * ({@link RotatedKeys}): its first key (the cluster file's key file for it) and every private key
 * file of role replica and its own id in the same directory, which is where {@code reconfigure
 * --rotate-key} writes a rotated key. So a REPLACE with a new key (a rotation) works on a real
 * cluster once the new key's file is in that directory; until it is there the replica cannot sign
 * for slots of the new configuration (the core's {@code signerAt} is null there, so it neither
 * proposes, accepts nor commits them) and counts as a crashed replica. Any well-formed public key of
 * the cluster's scheme can be checked ({@link #verifier}), which is all an ADD or REPLACE needs from
 * the other replicas.
 *
 * <p>{@link #signer} is on the core's hot path (every proposal, vote and commit asks for the slot's
 * key): answers come from a map keyed by the public key's bytes, and only a miss (a key the
 * configuration names that this replica does not hold) reads the directory again, at most once per
 * {@link #ROTATION_RESCAN_MILLIS}, so a key file written while the replica runs is found within
 * about that long without a miss costing a directory scan each time.
 */
final class OwnKeyRing implements RotatedKeys {
  /** Least time between two scans of the key directory, each caused by a key this replica lacks. */
  static final long ROTATION_RESCAN_MILLIS = 1_000;

  private static final HexFormat HEX = HexFormat.of();

  private final SignatureScheme scheme;
  private final int id;
  /** Where rotated keys are looked for; null: the first key only. */
  private final Path directory;
  private final PrintStream err;
  private final LongSupplier millis;
  /** Hex of a public key to its signer. */
  private final Map<String, Signer> signers = new ConcurrentHashMap<>();
  /** Files (and directory failures) already reported, so each is logged once. */
  private final Set<String> reported = new HashSet<>();
  private final Pattern claimsRole = Pattern.compile("\"role\"\\s*:\\s*\"replica\"");
  private final Pattern claimsId;
  private long nextScanMillis;

  /**
   * A ring holding replica {@code id}'s first key ({@code firstPublicKey}, signed with by
   * {@code first}) and, if {@code directory} is not null, the keys found there; unusable key files
   * claiming this replica are reported on {@code err}.
   */
  OwnKeyRing(SignatureScheme scheme, int id, byte[] firstPublicKey, Signer first, Path directory, PrintStream err) {
    this(scheme, id, firstPublicKey, first, directory, err, () -> TimeUnit.NANOSECONDS.toMillis(System.nanoTime()));
  }

  OwnKeyRing(SignatureScheme scheme, int id, byte[] firstPublicKey, Signer first, Path directory, PrintStream err,
      LongSupplier millis) {
    this.scheme = scheme;
    this.id = id;
    this.directory = directory;
    this.err = err;
    this.millis = millis;
    this.claimsId = Pattern.compile("\"id\"\\s*:\\s*" + id + "(?![0-9])");
    signers.put(HEX.formatHex(firstPublicKey), first);
    synchronized (this) {
      scan(); // at start, so a bad key file is reported when the replica starts, not at the rotation
    }
  }

  @Override
  public KeyVerifier verifier(byte[] publicKey) {
    try {
      return scheme.verifierFor(publicKey);
    } catch (IllegalArgumentException malformed) {
      return null; // the core refuses the change: a key nobody can check
    }
  }

  @Override
  public Signer signer(byte[] publicKey) {
    String key = HEX.formatHex(publicKey);
    Signer s = signers.get(key);
    if (s == null && directory != null) {
      synchronized (this) {
        if (millis.getAsLong() >= nextScanMillis) {
          scan();
          s = signers.get(key);
        }
      }
    }
    return s;
  }

  /** Reads every {@code *.key} file of the directory; keeps this replica's keys. */
  private void scan() {
    if (directory == null) {
      return;
    }
    nextScanMillis = millis.getAsLong() + ROTATION_RESCAN_MILLIS;
    // Only *.key files (what keygen, cluster and reconfigure --rotate-key write), and no hidden ones
    // (KeyFiles writes a key through a ".tmp-*" file first): a key directory may also hold client
    // keys, config.json, logs and data, none of which need reading once a second.
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "[!.]*.key")) {
      for (Path file : files) {
        if (Files.isRegularFile(file)) {
          load(file);
        }
      }
    } catch (IOException e) {
      reportOnce(directory.toString(), "replica " + id + ": cannot list key directory " + directory + " for rotated "
          + "keys: " + e);
    }
  }

  private void load(Path file) {
    MemberKey k;
    try {
      k = KeyFiles.readPrivateKey(file, scheme);
    } catch (KeyFileException e) {
      if (claimsThisReplica(file)) {
        // The message starts with the file's path and says what is wrong.
        reportOnce(file.toString(), "replica " + id + ": ignoring key file: " + e.getMessage());
      }
      return;
    }
    if (k.role() == Role.REPLICA && k.id() == id) {
      signers.computeIfAbsent(HEX.formatHex(k.keyPair().publicKey()), x -> k.signer(scheme));
      reported.remove(file.toString()); // fixed: report it again if it breaks again
    }
  }

  /** Whether a file that does not parse says it is this replica's: by its name or its fields. */
  private boolean claimsThisReplica(Path file) {
    String name = file.getFileName().toString();
    String prefix = Role.REPLICA.fileName() + "-" + id;
    if (name.startsWith(prefix + ".") || name.startsWith(prefix + "-")) {
      return true;
    }
    try {
      if (Files.size(file) > KeyFiles.MAX_FILE_BYTES) {
        return false;
      }
      String text = Files.readString(file);
      return claimsRole.matcher(text).find() && claimsId.matcher(text).find();
    } catch (IOException | RuntimeException e) {
      return false; // unreadable or not text: not a claim we can see
    }
  }

  private void reportOnce(String what, String line) {
    if (reported.add(what)) {
      err.println(line);
      err.flush();
    }
  }
}
