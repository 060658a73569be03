package dev.bftpaxos.crypto;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A key file or configuration file could not be read or is malformed.
 *
 * <p>Exists so that an operator starting a replica from the command line is told which file is
 * wrong and what is wrong with it; the message always starts with the file's path.
 */
public final class KeyFileException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String problem;

    /** A problem with {@code file}. */
    public KeyFileException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
        this.problem = problem;
    }

    /** A problem with {@code file} caused by {@code cause}. */
    public KeyFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
        this.problem = problem;
    }

    /** The offending file. */
    public Path file() {
        return file;
    }

    /** What is wrong, without the path. */
    public String problem() {
        return problem;
    }
}
