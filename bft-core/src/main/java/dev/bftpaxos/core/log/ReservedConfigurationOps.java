package dev.bftpaxos.core.log;

import dev.bftpaxos.core.Executor;

/** Configuration changes as the executor's reserved operations: executed by the log, kept in snapshots. */
final class ReservedConfigurationOps implements Executor.ReservedOps {
  private final Configurations configurations;

  ReservedConfigurationOps(Configurations configurations) {
    this.configurations = configurations;
  }

  @Override
  public boolean handles(byte[] op) {
    return ConfigChange.isChange(op);
  }

  @Override
  public byte[] apply(long slot, byte[] op) {
    return configurations.execute(slot, op);
  }

  @Override
  public byte[] state(long slot) {
    return configurations.encode(slot);
  }

  @Override
  public void restore(byte[] state) {
    configurations.restore(state);
  }
}
