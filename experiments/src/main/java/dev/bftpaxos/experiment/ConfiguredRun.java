package dev.bftpaxos.experiment;

import dev.bftpaxos.sim.RunResult;

/** One finished simulator run and the configuration it belonged to. */
public record ConfiguredRun(Configuration config, RunResult result) {}
