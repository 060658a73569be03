package dev.bftpaxos.replica.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bftpaxos.core.DurableState;
import dev.bftpaxos.core.PersistOp;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteAheadLogTest {
  /** Small segments, so that a few dozen ops roll across several. */
  static final WalSettings SMALL = new WalSettings(WalSettings.SEGMENT_BYTES_MIN, 2);

  @TempDir Path dir;

  private void write(List<PersistOp> ops) throws IOException {
    try (WriteAheadLog wal = WriteAheadLog.open(dir, SMALL)) {
      for (PersistOp op : ops) {
        wal.appendAndWait(List.of(op));
      }
    }
  }

  @Test
  void recoversWhatWasWritten() throws IOException {
    List<PersistOp> ops = WalFixtures.ops(20);
    write(ops);
    try (var files = Files.list(dir)) {
      assertTrue(files.filter(p -> p.getFileName().toString().startsWith("log-0-")).count() > 1, "rolled");
    }
    try (WriteAheadLog wal = WriteAheadLog.open(dir, SMALL)) {
      assertNull(wal.recoveryReport());
      assertTrue(WalFixtures.same(WalFixtures.stateOf(ops), wal.recovered()));
    }
  }

  @Test
  void recoveryAcrossCheckpointsEqualsApplyingEveryOp() throws IOException {
    List<PersistOp> ops = new ArrayList<>();
    List<PersistOp> all = WalFixtures.ops(30);
    ops.addAll(all.subList(0, 40));
    ops.add(WalFixtures.checkpoint(8));
    ops.addAll(all.subList(40, 80));
    ops.add(WalFixtures.checkpoint(17));
    ops.addAll(all.subList(80, all.size()));
    write(ops);
    try (var files = Files.list(dir)) {
      // one generation left, the checkpoint's snapshot and its segments, and at most sparesMax spares
      List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
      assertEquals(List.of("state-2.snap"), names.stream().filter(n -> n.startsWith("state-")).toList());
      assertTrue(names.stream().filter(n -> n.startsWith("log-")).allMatch(n -> n.startsWith("log-2-")), names.toString());
      assertTrue(names.stream().filter(n -> n.startsWith("spare-")).count() <= SMALL.sparesMax(), names.toString());
    }
    try (WriteAheadLog wal = WriteAheadLog.open(dir, SMALL)) {
      DurableState expected = WalFixtures.stateOf(ops);
      assertTrue(WalFixtures.same(expected, wal.recovered()));
      assertEquals(17, wal.recovered().checkpoint().slot());
    }
  }

  @Test
  void tornTailInPreallocatedSpaceIsCutAndReported() throws IOException {
    List<PersistOp> ops = WalFixtures.ops(5);
    write(ops);
    Path log = dir.resolve("log-0-0.wal");
    long end = WalFiles.end(log);
    zero(log, end - 3, 3); // the last record half written: its last bytes still the preallocated zeros
    try (WriteAheadLog wal = WriteAheadLog.open(dir, SMALL)) {
      assertNotNull(wal.recoveryReport());
      assertTrue(wal.recoveryReport().contains("torn tail"), wal.recoveryReport());
      assertTrue(wal.recoveryReport().contains(log.toString()), wal.recoveryReport());
      assertTrue(WalFixtures.same(WalFixtures.stateOf(ops.subList(0, ops.size() - 1)), wal.recovered()));
      // the log goes on after the cut
      wal.appendAndWait(List.of(ops.get(ops.size() - 1)));
    }
    try (WriteAheadLog wal = WriteAheadLog.open(dir, SMALL)) {
      assertNull(wal.recoveryReport());
      assertTrue(WalFixtures.same(WalFixtures.stateOf(ops), wal.recovered()));
    }
  }

  @Test
  void aCutTailIsTheSameEndOnTheNextStart() throws IOException {
    List<PersistOp> ops = WalFixtures.ops(5);
    write(ops);
    Path log = dir.resolve("log-0-0.wal");
    flip(log, WalFiles.end(log) - 1);
    try (WriteAheadLog wal = WriteAheadLog.open(dir, SMALL)) {
      assertNotNull(wal.recoveryReport());
    }
    try (WriteAheadLog wal = WriteAheadLog.open(dir, SMALL)) {
      assertNull(wal.recoveryReport(), "the cut was made durable: nothing left to cut");
      assertTrue(WalFixtures.same(WalFixtures.stateOf(ops.subList(0, ops.size() - 1)), wal.recovered()));
    }
  }

  @Test
  void flippedByteInLastRecordIsATornTail() throws IOException {
    List<PersistOp> ops = WalFixtures.ops(3);
    write(ops);
    Path log = dir.resolve("log-0-0.wal");
    flip(log, WalFiles.end(log) - 1);
    try (WriteAheadLog wal = WriteAheadLog.open(dir, SMALL)) {
      assertTrue(wal.recoveryReport().contains("CRC32C"), wal.recoveryReport());
      assertTrue(WalFixtures.same(WalFixtures.stateOf(ops.subList(0, ops.size() - 1)), wal.recovered()));
    }
  }

  @Test
  void corruptMiddleRecordRefusesToStartNamingFileAndOffset() throws IOException {
    write(WalFixtures.ops(5));
    Path log = dir.resolve("log-0-0.wal");
    int first = SegmentHeader.BYTES;
    flip(log, first + SegmentRecords.HEADER_BYTES + 2); // inside the first record's payload
    CorruptLogException e = assertThrows(CorruptLogException.class, () -> WriteAheadLog.open(dir, SMALL));
    assertEquals(first, e.offset());
    assertTrue(e.getMessage().contains(log.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("offset " + first), e.getMessage());
    assertTrue(e.getMessage().contains("refusing to start"), e.getMessage());
  }

  @Test
  void damagedLengthInTheMiddleRefusesToStartRatherThanCuttingTheRest() throws IOException {
    write(WalFixtures.ops(5));
    Path log = dir.resolve("log-0-0.wal");
    try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "rw")) {
      f.seek(SegmentHeader.BYTES);
      f.writeInt(0x00ffffff); // the first record's length now points past the end of the segment
    }
    CorruptLogException e = assertThrows(CorruptLogException.class, () -> WriteAheadLog.open(dir, SMALL));
    assertEquals(SegmentHeader.BYTES, e.offset());
    assertTrue(e.getMessage().contains("valid record of this segment starts at offset"), e.getMessage());
  }

  @Test
  void damagedSnapshotRefusesToStart() throws IOException {
    List<PersistOp> ops = new ArrayList<>(WalFixtures.ops(3));
    ops.add(WalFixtures.checkpoint(2));
    write(ops);
    Path snap = dir.resolve("state-1.snap");
    flip(snap, Files.size(snap) - 1);
    CorruptLogException e = assertThrows(CorruptLogException.class, () -> WriteAheadLog.open(dir, SMALL));
    assertTrue(e.getMessage().contains("state-1.snap"), e.getMessage());
  }

  @Test
  void unfinishedSnapshotIsIgnored() throws IOException {
    List<PersistOp> ops = WalFixtures.ops(4);
    write(ops);
    Files.write(dir.resolve("state-1.snap.tmp"), new byte[] {1, 2, 3});
    try (WriteAheadLog wal = WriteAheadLog.open(dir, SMALL)) {
      assertTrue(WalFixtures.same(WalFixtures.stateOf(ops), wal.recovered()));
    }
    assertTrue(Files.notExists(dir.resolve("state-1.snap.tmp")));
  }

  @Test
  void groupCommitSyncsOnceForManyWaitingAppends() throws Exception {
    List<PersistOp> ops = WalFixtures.ops(200);
    try (WriteAheadLog wal = WriteAheadLog.open(dir, SMALL)) {
      List<CompletableFuture<Void>> futures = new ArrayList<>();
      for (PersistOp op : ops) {
        futures.add(wal.append(List.of(op)));
      }
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, java.util.concurrent.TimeUnit.SECONDS);
      long syncs = wal.counters().syncs.get();
      assertEquals(ops.size(), wal.counters().records.get());
      assertTrue(syncs < ops.size(), "expected fewer syncs than appends, got " + syncs);
    }
    try (WriteAheadLog wal = WriteAheadLog.open(dir, SMALL)) {
      assertTrue(WalFixtures.same(WalFixtures.stateOf(ops), wal.recovered()));
    }
  }

  private static void zero(Path file, long at, int bytes) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(at);
      f.write(new byte[bytes]);
    }
  }

  private static void flip(Path file, long at) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ 0x5a);
    }
  }
}
