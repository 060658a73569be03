package dev.bftpaxos.experiment;

import java.nio.file.Path;

/** A scenario file that cannot be used, with the file and the field path that are wrong. */
public final class ScenarioFileException extends IllegalArgumentException {
  private final Path file;
  private final String fieldPath;

  public ScenarioFileException(Path file, String fieldPath, String problem) {
    super(file + ": " + (fieldPath.isEmpty() ? "" : fieldPath + ": ") + problem);
    this.file = file;
    this.fieldPath = fieldPath;
  }

  public Path file() {
    return file;
  }

  /** Dotted path of the offending field, e.g. {@code network.lossRate}; empty for the whole file. */
  public String fieldPath() {
    return fieldPath;
  }
}
