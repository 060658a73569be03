package dev.bftpaxos.core.mode;

import dev.bftpaxos.core.Executed;
import dev.bftpaxos.core.msg.Message;
import dev.bftpaxos.core.msg.Read;
import dev.bftpaxos.core.msg.Request;

/**
 * One mode's agreement protocol, driven by the shared replicated log: it decides which batch each
 * slot holds (and tells the log through {@code LogServices.choose}) and who leads; the log does
 * everything else (window, checkpoints, catch-up, state transfer, execution, client intake).
 */
public interface Agreement {
  /** A message of this mode's own family; one of the other mode's is refused and counted. */
  void onMessage(Message message);

  /** One tick passed (the log has already advanced its clock). */
  void onTick();

  /** End of every step, after execution: an active leader proposes what is queued. */
  void afterStep();

  /** A client request that passed the mode's checks arrived (directly or forwarded). */
  void onRequest(Request request);

  /**
   * A linearizable or lease read (a stale one the log answers itself): the agreement answers it,
   * now or once it is sure ({@code LogServices.answerRead}), or refuses it ({@code refuseRead}).
   */
  void onRead(Read read);

  /** The log executed one slot. */
  void onExecuted(Executed executed);

  /** The stable checkpoint moved to {@code slot}: the log (and every slot window) dropped all at or below it. */
  void onStable(long slot);

  /** {@code slot} was learned chosen from a peer's proof, not decided by this agreement. */
  void onLearnedFromPeer(long slot);

  /** The application state at {@code slot} was installed from a peer's snapshot. */
  void onStateInstalled(long slot);

  /** Whether this replica leads and may propose now. */
  boolean isActiveLeader();

  /** The replica this one believes leads, or -1 while it knows none. */
  int leaderHint();

  /** The ballot this replica is in (promised). */
  long ballot();

  /** Whether it is between ballots (running for leader, or changing ballots). */
  boolean changingBallot();

  /** Always-on checks of the agreement's own state after every step. */
  void checkInvariants();
}
