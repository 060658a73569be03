package dev.bftpaxos.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pieces of {@code profile} that decide where CPU time goes, on made-up threads and samples. */
class CpuSplitTest {
  @Test
  void statLinesAreParsedFromTheLastParenthesisOnEvenWithSpacesAndParenthesesInTheName() {
    // fields after the name: state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
    ThreadCpu.Thread t = ThreadCpu.parse("4242 (C2 (x) Thread) S 1 1 1 0 -1 0 0 0 0 0 150 25 0 0 20 0 1 0");
    assertEquals(new ThreadCpu.Thread(4242, "C2 (x) Thread", 175), t);
    assertNull(ThreadCpu.parse("garbage"));
    assertNull(ThreadCpu.parse("12 (short) S 1 2"));
  }

  @Test
  void aSampleGoesToTheInnermostFrameThatNamesACategory() {
    assertEquals(CpuCategory.CORE, CpuCategory.ofStack(List.of("java.util.HashMap", "dev.bftpaxos.core.log.ReplicatedLog",
        "dev.bftpaxos.replica.driver.ReplicaDriver")));
    assertEquals(CpuCategory.CRYPTO, CpuCategory.ofStack(List.of("org.bouncycastle.math.ec.rfc8032.Ed25519",
        "dev.bftpaxos.core.bft.BftAgreement")));
    // a force is the log, though FileChannelImpl is under sun.nio.ch like the sockets
    assertEquals(CpuCategory.LOG, CpuCategory.ofStack(List.of("sun.nio.ch.FileDispatcherImpl", "sun.nio.ch.FileChannelImpl",
        "dev.bftpaxos.replica.wal.WriteAheadLog")));
    assertEquals(CpuCategory.NETWORK, CpuCategory.ofStack(List.of("sun.nio.ch.SocketDispatcher", "io.netty.channel.Foo")));
    assertEquals(CpuCategory.OTHER_JAVA, CpuCategory.ofStack(List.of("java.lang.Thread")));
    assertEquals(CpuCategory.GC, CpuCategory.ofJvmThread("GC Thread#1"));
    assertEquals(CpuCategory.GC, CpuCategory.ofJvmThread("G1 Conc#0"));
    assertEquals(CpuCategory.JIT, CpuCategory.ofJvmThread("C2 CompilerThre"));
    assertEquals(CpuCategory.JVM, CpuCategory.ofJvmThread("JFR Recorder Th"));
    assertNull(CpuCategory.ofJvmThread("replica-driver"));
  }

  @Test
  void eachThreadsCpuIsDividedByItsOwnSamplesAndJvmThreadsGoByName() {
    Map<Long, ThreadCpu.Thread> before = Map.of(1L, new ThreadCpu.Thread(1, "driver", 100),
        2L, new ThreadCpu.Thread(2, "GC Thread#0", 10), 4L, new ThreadCpu.Thread(4, "idle", 7));
    Map<Long, ThreadCpu.Thread> after = Map.of(1L, new ThreadCpu.Thread(1, "driver", 200),
        2L, new ThreadCpu.Thread(2, "GC Thread#0", 30),
        3L, new ThreadCpu.Thread(3, "netty", 50), // started inside the window: all its ticks count
        4L, new ThreadCpu.Thread(4, "idle", 7),
        5L, new ThreadCpu.Thread(5, "unsampled", 40));
    JfrSamples s = new JfrSamples();
    EnumMap<CpuCategory, Integer> driver = new EnumMap<>(CpuCategory.class);
    driver.put(CpuCategory.CRYPTO, 3);
    driver.put(CpuCategory.CORE, 1);
    s.byThread.put(1L, driver);
    EnumMap<CpuCategory, Integer> netty = new EnumMap<>(CpuCategory.class);
    netty.put(CpuCategory.NETWORK, 5);
    s.byThread.put(3L, netty);
    CpuSplit.Result r = CpuSplit.split(before, after, s, 100);
    EnumMap<CpuCategory, Double> split = r.seconds();
    assertEquals(0.75, split.get(CpuCategory.CRYPTO), 1e-9);
    assertEquals(0.25, split.get(CpuCategory.CORE), 1e-9);
    assertEquals(0.20, split.get(CpuCategory.GC), 1e-9);
    assertEquals(0.50, split.get(CpuCategory.NETWORK), 1e-9);
    assertEquals(0.40, split.get(CpuCategory.OTHER_JAVA), 1e-9);
    assertEquals(5, split.size(), "the idle thread adds nothing: " + split);
    assertEquals(Map.of("unsampled", 0.40), r.unsampledByName());
  }

  @Test
  void theMachineLineCountsIdleAndIowaitAsIdle() {
    MachineCpu a = MachineCpu.parse("cpu  100 0 50 800 50 0 0 0 0 0");
    MachineCpu b = MachineCpu.parse("cpu  250 0 100 900 50 0 0 0 0 0");
    assertEquals(new MachineCpu(150, 850), a);
    assertEquals(2 * 200.0 / 300, b.busyCoresSince(a, 2), 1e-9);
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> MachineCpu.parse("cpu0 1 2 3 4"));
  }
}
