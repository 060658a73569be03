package dev.bftpaxos.core.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.bftpaxos.core.DuplicateFilter;
import dev.bftpaxos.core.Executor;
import dev.bftpaxos.core.Output;
import dev.bftpaxos.core.RejectionCounters;
import dev.bftpaxos.core.kv.KvCommand;
import dev.bftpaxos.core.kv.KvStateMachine;
import dev.bftpaxos.core.msg.Batch;
import dev.bftpaxos.core.msg.Request;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Snapshots carry the configuration only once it changed, so runs without a change keep their bytes. */
class ReservedSnapshotTest {
  private static Configurations history() {
    return new Configurations(Configuration.initial(3), 5, 8, (next, change) -> null, reason -> { });
  }

  private static final dev.bftpaxos.core.CoreConfig.Limits ANY_CLIENT = dev.bftpaxos.core.CoreConfig.defaults(3).limits();

  private static ReservedConfigurationOps ops(Configurations h) {
    return new ReservedConfigurationOps(h, ANY_CLIENT, reason -> { });
  }

  private static Executor executor(Executor.ReservedOps reserved) {
    return new Executor(0, new KvStateMachine(), 100, DuplicateFilter.CLIENT_TABLE, new RejectionCounters(), r -> r,
        reserved);
  }

  private static Batch batch(long seq, byte[] op) {
    return new Batch(List.of(new Request(1, seq, op)));
  }

  @Test
  void withoutAChangeTheSnapshotIsTheOldOne() {
    Executor plain = executor(Executor.NONE);
    Executor withConfigurations = executor(ops(history()));
    for (Executor e : List.of(plain, withConfigurations)) {
      e.execute(1, batch(1, new KvCommand.Put("a", "b").encode()), false, -1, new Output.Builder());
    }
    assertArrayEquals(plain.snapshot(), withConfigurations.snapshot());
  }

  @Test
  void aChangeTravelsInTheSnapshotAndIsRestored() {
    Configurations h = history();
    Executor e = executor(ops(h));
    e.execute(1, batch(1, new KvCommand.Put("a", "b").encode()), false, -1, new Output.Builder());
    e.execute(2, batch(2, ConfigChange.add(3, new byte[] {5}).encode()), false, -1, new Output.Builder());
    byte[] snapshot = e.snapshot();
    assertEquals(-1, java.nio.ByteBuffer.wrap(snapshot).getInt());
    Configurations copy = history();
    Executor restored = executor(ops(copy));
    restored.restore(2, snapshot);
    assertEquals(h.entries(), copy.entries());
    assertEquals(4, copy.at(10).n());
    assertArrayEquals(e.stateMachine().snapshot(), restored.stateMachine().snapshot());
    assertArrayEquals(snapshot, restored.snapshot());
    assertNotEquals(0, copy.latest().id());
  }

  @Test
  void onlyTheAllowedClientsChangeTheConfiguration() {
    Configurations h = history();
    List<String> refused = new java.util.ArrayList<>();
    Executor e = executor(new ReservedConfigurationOps(h, ANY_CLIENT.withReconfigureClients(java.util.Set.of(7L)),
        refused::add));
    Output.Builder out = new Output.Builder();
    e.execute(1, batch(1, ConfigChange.add(3, null).encode()), true, -1, out);
    assertEquals("refused: " + ReservedConfigurationOps.NOT_ALLOWED,
        new String(out.build().replies().get(0).result(), java.nio.charset.StandardCharsets.UTF_8));
    assertEquals(List.of(ReservedConfigurationOps.NOT_ALLOWED), refused, "counted");
    assertEquals(0, h.latest().id(), "the configuration is unchanged");
    Output.Builder allowed = new Output.Builder();
    e.execute(2, new Batch(List.of(new Request(7, 1, ConfigChange.add(3, null).encode()))), true, -1, allowed);
    assertEquals("ok C1 from", new String(allowed.build().replies().get(0).result(),
        java.nio.charset.StandardCharsets.UTF_8).substring(0, 10));
    assertEquals(1, h.latest().id());
  }
}
