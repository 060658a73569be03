package dev.bftpaxos.faulty;

import dev.bftpaxos.core.CoreConfig;
import dev.bftpaxos.core.Randomness;
import dev.bftpaxos.crypto.Digest32;
import dev.bftpaxos.crypto.Signer;

/**
 * Everything a misbehaving replica has: its own id and signing key (never anyone else's; null in
 * crash mode, which signs nothing), the configuration it signs for, the cluster's settings, a
 * seeded random source so its attacks replay with the run, its coalition, the gate every
 * misbehaving act passes, and a factory for extra cores of its own.
 */
public record FaultyContext(int id, int replicas, boolean byzantine, CoreConfig config, Signer signer,
    Digest32 configId, Randomness random, Coalition coalition, ActionGate actions, CoreFactory cores) {

  /** Faulty replicas the mode tolerates at this size. */
  public int f() {
    return byzantine ? (replicas - 1) / 3 : (replicas - 1) / 2;
  }

  /**
   * Asks to perform one misbehaving act, described for the trace. When it returns false the
   * behaviour must act correctly instead: that is how the attack search removes acts.
   */
  public boolean act(String description) {
    return actions.permit(id, description);
  }
}
