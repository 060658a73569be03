package dev.bftpaxos.faulty.client;

import dev.bftpaxos.core.msg.ReadReply;
import dev.bftpaxos.core.msg.Reply;
import java.util.List;

/**
 * A misbehaving client, written as one class. It has no correct core to wrap: on every client tick
 * it says what it sends, and it hears the replies addressed to it. It signs only with its own key
 * ({@link FaultyClientContext#signer()}), so it can lie about itself and send garbage, but cannot
 * sign for another client. Every misbehaving act goes through {@link FaultyClientContext#act} first,
 * so the attack search can shrink it; a denied act is simply not sent.
 *
 * <p>The checkers judge correct clients only: a faulty client's own requests may run or not, but
 * correct clients must stay live and keep their throughput, and nothing a faulty client did not
 * sign (in its own name) may ever execute.
 */
public interface ClientBehaviour {
  /** The name scenarios and flags use, e.g. {@code flooding-client}. */
  String name();

  /** Whether the behaviour does anything in this mode (crash mode signs nothing, so forging is moot). */
  default boolean appliesTo(boolean byzantine) {
    return true;
  }

  /** What this client sends at this client tick. */
  List<ClientFrame> onTick(FaultyClientContext ctx);

  /** A reply addressed to this client arrived: by default it is ignored. */
  default List<ClientFrame> onReply(Reply reply, FaultyClientContext ctx) {
    return List.of();
  }

  /** An answer to a read outside the log arrived: by default it is ignored. */
  default List<ClientFrame> onReadReply(ReadReply reply, FaultyClientContext ctx) {
    return List.of();
  }
}
