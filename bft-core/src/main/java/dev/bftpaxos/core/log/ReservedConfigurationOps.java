package dev.bftpaxos.core.log;

import dev.bftpaxos.core.CoreConfig;
import dev.bftpaxos.core.Executor;

/** Configuration changes as the executor's reserved operations: executed by the log, kept in snapshots. */
final class ReservedConfigurationOps implements Executor.ReservedOps {
  /** The refusal of a change from a client the limits do not allow to reconfigure. */
  static final String NOT_ALLOWED = "configuration change from a client not allowed to reconfigure";

  private final Configurations configurations;
  private final CoreConfig.Limits limits;
  private final java.util.function.Consumer<String> reject;

  ReservedConfigurationOps(Configurations configurations, CoreConfig.Limits limits,
      java.util.function.Consumer<String> reject) {
    this.configurations = configurations;
    this.limits = limits;
    this.reject = reject;
  }

  @Override
  public boolean handles(byte[] op) {
    return ConfigChange.isChange(op);
  }

  @Override
  public byte[] apply(long slot, long clientId, byte[] op) {
    // Checked at execution, so every replica refuses the same requests (a client's word is ordered, never trusted).
    if (!limits.mayReconfigure(clientId)) {
      reject.accept(NOT_ALLOWED);
      return ("refused: " + NOT_ALLOWED).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
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
