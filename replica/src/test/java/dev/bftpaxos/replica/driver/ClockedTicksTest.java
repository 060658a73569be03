package dev.bftpaxos.replica.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bftpaxos.core.Input;
import dev.bftpaxos.core.Output;
import dev.bftpaxos.core.Replica;
import dev.bftpaxos.core.ReplicaStatus;
import dev.bftpaxos.replica.wal.WriteAheadLog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A driver with a clocked tick source steps every tick the clock says is due before the input it
 * dequeues, however few timer ticks arrived (a paused process, a full inbox): the core's time,
 * which lease reads rely on, never lags the clock. With a source that has no clock it steps exactly
 * the ticks it is given.
 */
class ClockedTicksTest {
  private static final long WAIT_MILLIS = 10_000;
  @TempDir Path dir;

  /** Records what it is stepped with: ticks, and for anything else, how many ticks came before. */
  private static final class RecordingCore implements Replica {
    final AtomicLong ticks = new AtomicLong();
    final List<Long> ticksBeforeOther = java.util.Collections.synchronizedList(new ArrayList<>());

    @Override
    public Output step(Input input) {
      if (input instanceof Input.Tick) {
        ticks.incrementAndGet();
      } else {
        ticksBeforeOther.add(ticks.get());
      }
      return Output.EMPTY;
    }

    @Override
    public int id() {
      return 0;
    }

    @Override
    public long executedThrough() {
      return 0;
    }

    @Override
    public Map<String, Long> rejections() {
      return Map.of();
    }

    @Override
    public ReplicaStatus status() {
      return null;
    }
  }

  /** A clock the test sets; its timer never fires by itself. */
  private static final class SetClock implements TickSource {
    volatile long due;

    @Override
    public void start(Runnable tick) {}

    @Override
    public long ticksDue() {
      return due;
    }

    @Override
    public void close() {}
  }

  private static final Outbound NOWHERE = new Outbound() {
    @Override
    public void send(int to, dev.bftpaxos.core.msg.Message message) {}

    @Override
    public void reply(dev.bftpaxos.core.msg.Reply reply) {}

    @Override
    public void readReply(dev.bftpaxos.core.msg.ReadReply reply) {}
  };

  @Test
  void theMissingTicksAreSteppedBeforeTheNextInput() throws Exception {
    RecordingCore core = new RecordingCore();
    SetClock clock = new SetClock();
    try (ReplicaDriver d = new ReplicaDriver(core, WriteAheadLog.open(dir.resolve("c")), NOWHERE, clock)) {
      d.start();
      clock.due = 250; // as if the process had been stopped for 250 ticks: no timer tick arrived
      d.offer(Input.Tick.INSTANCE); // the one the timer delivers on waking
      d.offer(new Input.ClientRequest(null));
      waitFor(() -> core.ticksBeforeOther.size() == 1);
      assertEquals(250, core.ticksBeforeOther.get(0), "the request is stepped on the clock's time");
      assertEquals(250, core.ticks.get(), "the timer's tick only woke the driver");
      clock.due = 260;
      d.offer(new Input.ClientRequest(null)); // no timer tick at all (dropped by a full inbox)
      waitFor(() -> core.ticksBeforeOther.size() == 2);
      assertEquals(260, core.ticksBeforeOther.get(1));
    }
  }

  @Test
  void withoutAClockTheDriverStepsTheTicksItIsGiven() throws Exception {
    RecordingCore core = new RecordingCore();
    try (ReplicaDriver d = new ReplicaDriver(core, WriteAheadLog.open(dir.resolve("m")), NOWHERE,
        TickSource.manual())) {
      d.start();
      d.offer(Input.Tick.INSTANCE);
      d.offer(Input.Tick.INSTANCE);
      d.offer(new Input.ClientRequest(null));
      waitFor(() -> core.ticksBeforeOther.size() == 1);
      assertEquals(2, core.ticksBeforeOther.get(0));
    }
  }

  @Test
  void theClockedSourceCountsFromItsStart() throws Exception {
    TickSource s = TickSource.clocked(1);
    s.start(() -> {});
    try {
      Thread.sleep(30);
      long due = s.ticksDue();
      assertTrue(due >= 30 && due < 30_000, "ticks due after 30 ms of 1 ms ticks: " + due);
    } finally {
      s.close();
    }
  }

  private static void waitFor(java.util.function.BooleanSupplier done) throws InterruptedException {
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    while (!done.getAsBoolean()) {
      assertTrue(System.currentTimeMillis() < deadline, "timed out");
      Thread.sleep(5);
    }
  }
}
