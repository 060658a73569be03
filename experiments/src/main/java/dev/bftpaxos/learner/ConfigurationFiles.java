package dev.bftpaxos.learner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bftpaxos.crypto.Ed25519Scheme;
import dev.bftpaxos.crypto.FastSimScheme;
import dev.bftpaxos.crypto.KeyFileException;
import dev.bftpaxos.crypto.KeyFiles;
import dev.bftpaxos.crypto.PublicConfiguration;
import dev.bftpaxos.crypto.Role;
import dev.bftpaxos.crypto.SignatureScheme;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Reads a public configuration file whatever its scheme, with the {@link SignatureScheme} that
 * verifies its keys.
 *
 * <p>Exists because {@link KeyFiles#readPublicConfiguration} needs the scheme up front, and the
 * simulation scheme {@link FastSimScheme} verifies through an oracle that must have seen every
 * member's private key: public keys alone cannot check a FastSim signature. For such a
 * configuration the oracle is taught the keys first, from the private key files {@code keygen}
 * wrote, or by deriving them from the seed they were made from
 * ({@link SignatureScheme#generate(long, Role, int)}). Ed25519 needs nothing but the file.
 */
public final class ConfigurationFiles {
  /** The short name of {@link FastSimScheme} on the command line. */
  public static final String FASTSIM = "fastsim";

  private static final ObjectMapper JSON = new ObjectMapper();

  private ConfigurationFiles() {}

  /** A configuration and the scheme instance that verifies its signatures. */
  public record Loaded(PublicConfiguration configuration, SignatureScheme scheme) {}

  /**
   * The scheme called {@code name}: {@code ed25519}, or {@code fastsim} (also its full name
   * {@value FastSimScheme#NAME}), which gives a new, empty oracle.
   *
   * @throws IllegalArgumentException for any other name
   */
  public static SignatureScheme scheme(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.equals(Ed25519Scheme.NAME)) {
      return Ed25519Scheme.INSTANCE;
    }
    if (n.equals(FASTSIM) || n.equals(FastSimScheme.NAME)) {
      return new FastSimScheme();
    }
    throw new IllegalArgumentException("unknown scheme \"" + name + "\" (known: " + Ed25519Scheme.NAME + ", " + FASTSIM
        + ")");
  }

  /**
   * Reads configuration file {@code file}.
   *
   * @param keysDirectory for a FastSim configuration: a directory of private key files (every
   *     {@code *.key}) holding every member's key; else null
   * @param seed for a FastSim configuration: the seed its keys were derived from; else empty
   * @throws KeyFileException if the file cannot be read or is malformed, its scheme is unknown, a
   *     FastSim configuration comes without its keys, or a private key file is malformed
   * @throws IllegalArgumentException if keys or a seed are given for a scheme that needs none
   */
  public static Loaded read(Path file, Path keysDirectory, OptionalLong seed) throws KeyFileException {
    JsonNode peeked = peek(file);
    if (peeked == null || !peeked.path("scheme").isTextual()) {
      // Not something we can classify: KeyFiles says precisely what is wrong with it.
      return new Loaded(KeyFiles.readPublicConfiguration(file, Ed25519Scheme.INSTANCE), Ed25519Scheme.INSTANCE);
    }
    String name = peeked.get("scheme").textValue();
    if (name.equals(Ed25519Scheme.NAME)) {
      if (keysDirectory != null || seed.isPresent()) {
        throw new IllegalArgumentException("private keys and seeds are only needed for the " + FASTSIM
            + " simulation scheme; " + file + " uses " + name + ", which verifies with public keys alone");
      }
      return new Loaded(KeyFiles.readPublicConfiguration(file, Ed25519Scheme.INSTANCE), Ed25519Scheme.INSTANCE);
    }
    if (!name.equals(FastSimScheme.NAME)) {
      throw new KeyFileException(file, "unknown scheme \"" + name + "\" (this tool knows " + Ed25519Scheme.NAME + " and "
          + FastSimScheme.NAME + ")");
    }
    if (keysDirectory == null && seed.isEmpty()) {
      throw new KeyFileException(file, "uses the simulation-only scheme " + FastSimScheme.NAME + ", whose signatures "
          + "only an oracle holding the private keys can check: give the directory of its private key files or the "
          + "seed they were derived from (verify-certificate --keys DIR or --seed S)");
    }
    FastSimScheme oracle = new FastSimScheme();
    if (keysDirectory != null) {
      teachKeyFiles(oracle, keysDirectory);
    }
    if (seed.isPresent()) {
      teachSeed(oracle, seed.getAsLong(), peeked);
    }
    try {
      return new Loaded(KeyFiles.readPublicConfiguration(file, oracle), oracle);
    } catch (KeyFileException e) {
      if (!e.problem().contains("bad public key")) {
        throw e;
      }
      throw new KeyFileException(file, e.problem() + " (the private keys or the seed given are not this "
          + "configuration's)", e);
    }
  }

  /** The file as a JSON tree, or null if it cannot be read or parsed (KeyFiles then explains why). */
  private static JsonNode peek(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes((int) KeyFiles.MAX_FILE_BYTES + 1);
      if (bytes.length > KeyFiles.MAX_FILE_BYTES) {
        return null;
      }
      JsonNode root = JSON.readTree(bytes);
      return root != null && root.isObject() ? root : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Reading a private key file through the oracle registers its secret there. */
  private static void teachKeyFiles(FastSimScheme oracle, Path dir) throws KeyFileException {
    if (!Files.isDirectory(dir)) {
      throw new KeyFileException(dir, "not a directory of private key files");
    }
    List<Path> keyFiles = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.key")) {
      files.forEach(keyFiles::add);
    } catch (IOException e) {
      throw new KeyFileException(dir, "cannot list the directory: " + e.getMessage(), e);
    }
    if (keyFiles.isEmpty()) {
      throw new KeyFileException(dir, "holds no private key files (*.key)");
    }
    keyFiles.sort(null);
    for (Path f : keyFiles) {
      KeyFiles.readPrivateKey(f, oracle);
    }
  }

  /** Derives the key of every member the file lists; the ids are taken from the unchecked tree. */
  private static void teachSeed(FastSimScheme oracle, long seed, JsonNode root) {
    for (Role role : Role.values()) {
      for (JsonNode member : root.path(role == Role.REPLICA ? "replicas" : "clients")) {
        JsonNode id = member.path("id");
        if (id.canConvertToInt() && id.isIntegralNumber() && id.intValue() >= 0) {
          oracle.generate(seed, role, id.intValue());
        }
      }
    }
  }
}
