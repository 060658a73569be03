package dev.bftpaxos.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import dev.bftpaxos.experiment.ScenarioFile;
import dev.bftpaxos.history.HistoryFormatException;
import dev.bftpaxos.history.HistoryParser;
import dev.bftpaxos.learner.CertificateFile;
import dev.bftpaxos.learner.CertificateFileException;
import dev.bftpaxos.shard.ShardFile;
import dev.bftpaxos.sim.FaultPlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fuzz targets for the files and arguments the experiments tools read: history lines, scenario
 * YAML, certificate files, shard outputs and fault plans. The property: each parser returns or
 * throws its documented rejection (HistoryFormatException, ScenarioFileException - an
 * IllegalArgumentException -, CertificateFileException, IllegalArgumentException for shard files
 * and fault plans), nothing else, no hang. Corpus: {@code
 * src/test/resources/dev/bftpaxos/fuzz/InputFilesFuzzTestInputs/}.
 */
class InputFilesFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void history(@NotNull String text) {
    try {
      HistoryParser.parse(text);
    } catch (HistoryFormatException expected) {
      // the documented rejection
    }
  }

  @FuzzTest(maxDuration = "60s")
  void scenario(@NotNull String yaml) {
    try {
      ScenarioFile.parse(yaml, Path.of("fuzz.yaml"));
    } catch (IllegalArgumentException expected) {
      // ScenarioFileException, and the IllegalArgumentException of the records it builds
    }
  }

  @FuzzTest(maxDuration = "60s")
  void certificate(@NotNull byte[] file) {
    try {
      CertificateFile.read(file);
    } catch (CertificateFileException expected) {
      // the documented rejection
    }
  }

  @FuzzTest(maxDuration = "60s")
  void faultPlan(@NotNull String text) {
    try {
      FaultPlan.parse(text);
    } catch (IllegalArgumentException expected) {
      // the documented rejection
    }
  }

  /** ShardFile reads a path, so each input goes through a temporary file. */
  @FuzzTest(maxDuration = "60s")
  void shard(@NotNull byte[] file) {
    Path p = null;
    try {
      p = Files.createTempFile("shard-fuzz", ".jsonl");
      Files.write(p, file);
      ShardFile.read(p);
    } catch (IllegalArgumentException expected) {
      // the documented rejection: a message naming the file
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
