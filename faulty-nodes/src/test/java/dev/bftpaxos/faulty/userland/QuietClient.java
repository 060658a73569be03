package dev.bftpaxos.faulty.userland;

import dev.bftpaxos.faulty.client.ClientBehaviour;
import dev.bftpaxos.faulty.client.ClientFrame;
import dev.bftpaxos.faulty.client.FaultyClientContext;
import java.util.List;

/** A client behaviour "a user wrote", with no parameters: it never sends anything. */
public final class QuietClient implements ClientBehaviour {
  @Override
  public String name() {
    return "quiet";
  }

  @Override
  public List<ClientFrame> onTick(FaultyClientContext ctx) {
    return List.of();
  }
}
