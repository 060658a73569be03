package dev.bftpaxos.crypto;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fuzz targets for the files an operator hands a replica or a client: the public configuration
 * and private key files, and the JSON reader under them. The property: {@link MiniJson#parse}
 * returns or throws IllegalArgumentException (its documented rejection); {@link KeyFiles}'
 * readers return or throw {@link KeyFileException}; nothing else, no hang. Corpus: {@code
 * src/test/resources/dev/bftpaxos/crypto/KeyFilesFuzzTestInputs/}. Inputs are never null: the
 * readers get their text from a file, which always has some.
 */
class KeyFilesFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void miniJson(@NotNull String text) {
        try {
            MiniJson.parse(text);
        } catch (IllegalArgumentException expected) {
            // the documented rejection
        }
    }

    @FuzzTest(maxDuration = "60s")
    void publicConfiguration(@NotNull byte[] file) {
        withFile(file, p -> KeyFiles.readPublicConfiguration(p, Ed25519Scheme.INSTANCE));
    }

    @FuzzTest(maxDuration = "60s")
    void privateKey(@NotNull byte[] file) {
        withFile(file, p -> KeyFiles.readPrivateKey(p, Ed25519Scheme.INSTANCE));
    }

    private interface Reader {
        void read(Path file) throws KeyFileException;
    }

    /** The readers take a path, so each input goes through a temporary file. */
    private static void withFile(byte[] bytes, Reader reader) {
        Path p = null;
        try {
            p = Files.createTempFile("keyfiles-fuzz", ".json");
            Files.write(p, bytes);
            reader.read(p);
        } catch (KeyFileException expected) {
            // the documented rejection
        } catch (IOException e) {
            throw new UncheckedIOException("the harness could not write its temporary file", e);
        } finally {
            if (p != null) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a leftover temporary file is harmless
                }
            }
        }
    }
}
