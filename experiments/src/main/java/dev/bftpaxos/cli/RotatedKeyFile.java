package dev.bftpaxos.cli;

import dev.bftpaxos.crypto.MemberKey;
import java.nio.file.Path;

/** The private key file {@code reconfigure --rotate-key} writes where the replica's key ring finds it. */
final class RotatedKeyFile {
  private RotatedKeyFile() {}

  /**
   * Writes {@code key} as {@code dir/replica-ID.rotated-<16 hex digits of its public key>.key},
   * complete and owner-only (KeyFiles' writer, into a hidden file the replica does not read), then
   * links it into place: a link fails if the name exists, so no file is ever overwritten.
   */
  static Path write(Path dir, MemberKey key) throws java.io.IOException {
    String stem = KeygenCommand.fileName(key.role(), key.id());
    stem = stem.substring(0, stem.length() - ".key".length());
    String name = stem + ".rotated-" + java.util.HexFormat.of().formatHex(key.keyPair().publicKey(), 0, 8) + ".key";
    Path file = dir.resolve(name);
    if (java.nio.file.Files.exists(file)) {
      throw new BadInputException(file + " exists already; nothing written");
    }
    if (!java.nio.file.Files.isDirectory(dir)) {
      throw new BadInputException("--key-dir " + dir + " is not a directory (the replica's key directory)");
    }
    Path hidden = dir.resolve(".new-" + name);
    dev.bftpaxos.crypto.KeyFiles.writePrivateKey(hidden, key);
    try {
      try {
        java.nio.file.Files.createLink(file, hidden);
      } catch (java.nio.file.FileAlreadyExistsException e) {
        throw new BadInputException(file + " exists already; nothing written");
      } catch (UnsupportedOperationException | java.nio.file.FileSystemException noLinks) {
        java.nio.file.Files.move(hidden, file); // no REPLACE_EXISTING: refuses an existing file
      }
    } finally {
      java.nio.file.Files.deleteIfExists(hidden);
    }
    return file;
  }
}
