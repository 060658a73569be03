package dev.bftpaxos.replica.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bftpaxos.core.CoreConfig;
import dev.bftpaxos.core.Cores;
import dev.bftpaxos.core.Input;
import dev.bftpaxos.core.kv.KvCommand;
import dev.bftpaxos.core.kv.KvStateMachine;
import dev.bftpaxos.core.msg.Message;
import dev.bftpaxos.core.msg.ReadReply;
import dev.bftpaxos.core.msg.Reply;
import dev.bftpaxos.core.msg.Request;
import dev.bftpaxos.replica.wal.WriteAheadLog;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three crash-mode drivers in one JVM, wired by an in-memory transport, each with its own log on
 * disk: requests are answered, every replica reaches the same state, and a replica restarted from
 * its data directory comes back with what it had made durable and keeps serving.
 */
class ReplicaDriverTest {
  private static final int N = 3;
  private static final long WAIT_MILLIS = 20_000;
  @TempDir Path dir;
  private final CoreConfig config = CoreConfig.defaults(N);
  private final ReplicaDriver[] drivers = new ReplicaDriver[N];
  private final KvStateMachine[] machines = new KvStateMachine[N];
  private final Set<Long> answered = ConcurrentHashMap.newKeySet();

  private final class Wire implements Outbound {
    @Override
    public void send(int to, Message message) {
      ReplicaDriver d = drivers[to];
      if (d != null) {
        d.offer(new Input.Receive(message));
      }
    }

    @Override
    public void reply(Reply reply) {
      answered.add(reply.seq());
    }

    @Override
    public void readReply(ReadReply reply) {}
  }

  private void start(int r) throws Exception {
    WriteAheadLog wal = WriteAheadLog.open(dir.resolve("r" + r));
    machines[r] = new KvStateMachine();
    var core = Cores.crash(r, config, machines[r], bound -> 0, wal.recovered());
    drivers[r] = new ReplicaDriver(core, wal, new Wire(), TickSource.every(1));
    drivers[r].start();
  }

  private void stop(int r) throws Exception {
    ReplicaDriver d = drivers[r];
    drivers[r] = null;
    if (d != null) {
      d.close();
      assertNull(d.failure());
      var c = d.walCounters();
      System.out.printf("replica %d log: %d records, %d syncs, mean sync %.1f us, %d snapshots%n", r,
          c.records.get(), c.syncs.get(), c.syncs.get() == 0 ? 0.0 : c.syncNanos.get() / 1e3 / c.syncs.get(),
          c.snapshots.get());
    }
  }

  @AfterEach
  void stopAll() throws Exception {
    for (int r = 0; r < N; r++) {
      stop(r);
    }
  }

  private void put(long seq) {
    byte[] op = new KvCommand.Put("k" + seq, "v" + seq).encode();
    for (ReplicaDriver d : drivers) {
      if (d != null) {
        d.offer(new Input.ClientRequest(new Request(7, seq, op, new byte[0])));
      }
    }
  }

  private void awaitAnswered(long fromSeq, long toSeq) throws InterruptedException {
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    for (long s = fromSeq; s <= toSeq; s++) {
      while (!answered.contains(s)) {
        assertTrue(System.currentTimeMillis() < deadline, "request " + s + " not answered in time");
        put(s); // a retransmission, as a client would
        Thread.sleep(20);
      }
    }
  }

  private void awaitExecuted(long slot) throws InterruptedException {
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    for (ReplicaDriver d : drivers) {
      while (d.status().executedThrough() < slot) {
        assertTrue(System.currentTimeMillis() < deadline, "replica stuck at " + d.status().executedThrough());
        Thread.sleep(10);
      }
    }
  }

  @Test
  void servesAndRecoversFromItsDataDirectory() throws Exception {
    for (int r = 0; r < N; r++) {
      start(r);
    }
    // one request at a time: seq order is what the client table expects of a client
    for (long s = 1; s <= 150; s++) {
      put(s);
      awaitAnswered(s, s);
    }
    long executed = drivers[0].status().executedThrough();
    awaitExecuted(drivers[0].status().executedThrough());

    int restarted = (drivers[0].status().leader() + 1) % N; // a follower
    stop(restarted);
    start(restarted);
    for (long s = 151; s <= 200; s++) {
      put(s);
      awaitAnswered(s, s);
    }
    long last = 0;
    for (ReplicaDriver d : drivers) {
      last = Math.max(last, d.status().executedThrough());
    }
    awaitExecuted(last);
    assertTrue(executed >= 150 / config.batchCountMax());
    // same state everywhere once every replica executed the same slots
    for (int r = 0; r < N; r++) {
      stop(r);
    }
    for (int r = 1; r < N; r++) {
      assertArrayEquals(machines[0].stateDigest(), machines[r].stateDigest(), "replica " + r);
    }
    // the logs on disk recover to a state with a stable checkpoint (150+ slots, checkpoints every 64)
    try (WriteAheadLog wal = WriteAheadLog.open(dir.resolve("r0"))) {
      assertTrue(wal.recovered().checkpoint() != null && wal.recovered().checkpoint().slot() >= 64,
          "no checkpoint recovered");
      assertEquals(null, wal.recoveryReport());
      assertTrue(wal.recovered().promised() >= 0);
    }
  }
}
