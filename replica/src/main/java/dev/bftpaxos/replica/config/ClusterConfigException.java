package dev.bftpaxos.replica.config;

import java.nio.file.Path;

/** A cluster configuration file that cannot be used; the message names the file and the field. */
public final class ClusterConfigException extends Exception {
  public ClusterConfigException(Path file, String field, String problem) {
    super(file + ": " + (field.isEmpty() ? "" : "field \"" + field + "\": ") + problem);
  }

  public ClusterConfigException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
  }
}
