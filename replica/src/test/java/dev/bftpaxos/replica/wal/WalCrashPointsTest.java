package dev.bftpaxos.replica.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bftpaxos.core.PersistOp;
import dev.bftpaxos.core.msg.Batch;
import dev.bftpaxos.core.msg.Request;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files a crash leaves at each step of preallocation, a roll and a recycle, built by hand, and
 * what recovery makes of them; plus records larger than a segment and the bound on spares.
 */
class WalCrashPointsTest {
  private static final WalSettings SMALL = WriteAheadLogTest.SMALL;

  @TempDir Path dir;

  private void write(List<PersistOp> ops) throws IOException {
    try (WriteAheadLog wal = WriteAheadLog.open(dir, SMALL)) {
      for (PersistOp op : ops) {
        wal.appendAndWait(List.of(op));
      }
    }
  }

  private void assertRecovers(List<PersistOp> ops) throws IOException {
    try (WriteAheadLog wal = WriteAheadLog.open(dir, SMALL)) {
      assertTrue(WalFixtures.same(WalFixtures.stateOf(ops), wal.recovered()));
    }
  }

  private List<String> names() throws IOException {
    try (var s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void crashDuringPreallocationLeavesATemporaryFileThatIsDeleted() throws IOException {
    List<PersistOp> ops = WalFixtures.ops(4);
    write(ops);
    Files.write(dir.resolve("spare-77.wal.tmp"), new byte[1000]); // zeros half written
    try (WriteAheadLog wal = WriteAheadLog.open(dir, SMALL)) {
      assertNull(wal.recoveryReport());
      assertTrue(WalFixtures.same(WalFixtures.stateOf(ops), wal.recovered()));
    }
    assertTrue(names().stream().noneMatch(n -> n.endsWith(".tmp")), names().toString());
  }

  @Test
  void crashAfterARollsRenameBeforeItsHeaderStartsTheSegmentAfresh() throws IOException {
    List<PersistOp> ops = WalFixtures.ops(4);
    write(ops.subList(0, 10));
    // A recycled spare renamed to the next segment's name, still holding its previous life: a
    // header for another name and records under another salt.
    Files.copy(dir.resolve("log-0-0.wal"), dir.resolve("log-0-1.wal"));
    try (WriteAheadLog wal = WriteAheadLog.open(dir, SMALL)) {
      assertTrue(wal.recoveryReport().contains("no valid header"), wal.recoveryReport());
      assertTrue(WalFixtures.same(WalFixtures.stateOf(ops.subList(0, 10)), wal.recovered()));
      for (PersistOp op : ops.subList(10, ops.size())) {
        wal.appendAndWait(List.of(op));
      }
    }
    try (WriteAheadLog wal = WriteAheadLog.open(dir, SMALL)) {
      assertNull(wal.recoveryReport());
      assertTrue(WalFixtures.same(WalFixtures.stateOf(ops), wal.recovered()));
    }
  }

  @Test
  void crashAfterARollsHeaderBeforeAnyRecordGoesOnInTheNewSegment() throws IOException {
    List<PersistOp> ops = WalFixtures.ops(4);
    write(ops.subList(0, 10));
    Path next = dir.resolve("log-0-1.wal");
    try (FileChannel ch = FileChannel.open(next, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.allocate(SMALL.segmentBytes()), 0);
      ch.write(new SegmentHeader(0, 1, 12345, SMALL.segmentBytes()).encode(), 0);
    }
    try (WriteAheadLog wal = WriteAheadLog.open(dir, SMALL)) {
      assertNull(wal.recoveryReport());
      for (PersistOp op : ops.subList(10, ops.size())) {
        wal.appendAndWait(List.of(op));
      }
    }
    assertRecovers(ops);
    assertTrue(WalFiles.end(next) > SegmentHeader.BYTES, "the records went on in the new segment");
  }

  @Test
  void crashDuringARecycleRenameRecyclesTheRestAtStart() throws IOException {
    List<PersistOp> ops = new ArrayList<>(WalFixtures.ops(6));
    ops.add(WalFixtures.checkpoint(3));
    ops.addAll(WalFixtures.ops(8).subList(25, 33));
    write(ops);
    // Generation 0's segments, some not yet renamed to spares when the process died.
    Path spare = dir.resolve(names().stream().filter(n -> n.startsWith("spare-")).findFirst().orElseThrow());
    Files.copy(spare, dir.resolve("log-0-0.wal"));
    Files.copy(spare, dir.resolve("log-0-1.wal"));
    assertRecovers(ops);
    assertTrue(names().stream().noneMatch(n -> n.startsWith("log-0-")), names().toString());
    assertTrue(names().stream().filter(n -> n.startsWith("spare-")).count() <= SMALL.sparesMax(), names().toString());
  }

  @Test
  void aRecordLargerThanASegmentGetsOneOfItsOwn() throws IOException {
    byte[] big = new byte[3 * SMALL.segmentBytes()];
    PersistOp large = new PersistOp.SaveAccepted(99, 1, new Batch(List.of(new Request(1000, 99, big, new byte[] {1}))));
    List<PersistOp> ops = new ArrayList<>(WalFixtures.ops(2));
    ops.add(large);
    ops.addAll(WalFixtures.ops(4).subList(9, 17));
    write(ops);
    assertRecovers(ops);
    assertTrue(names().stream().anyMatch(n -> {
      try {
        return n.startsWith("log-0-") && Files.size(dir.resolve(n)) > big.length;
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }), names().toString());
    // Dropped at the next checkpoint: deleted, not kept as a spare of the wrong size.
    List<PersistOp> more = new ArrayList<>(ops);
    more.add(WalFixtures.checkpoint(3));
    write(more.subList(ops.size(), more.size()));
    assertRecovers(more);
    for (String n : names()) {
      if (n.endsWith(".wal")) { // the snapshot holds the large vote: it is above the checkpoint
        assertTrue(Files.size(dir.resolve(n)) <= SMALL.segmentBytes(), n);
      }
    }
  }

  @Test
  void aValidRecordInALaterSegmentAfterATornOneRefusesToStart() throws IOException {
    write(WalFixtures.ops(20));
    Path first = dir.resolve("log-0-0.wal");
    assertTrue(Files.exists(dir.resolve("log-0-1.wal")));
    long end = WalFiles.end(first);
    try (RandomAccessFile f = new RandomAccessFile(first.toFile(), "rw")) {
      f.seek(end - 1);
      int b = f.read();
      f.seek(end - 1);
      f.write(b ^ 0x5a);
    }
    CorruptLogException e = assertThrows(CorruptLogException.class, () -> WriteAheadLog.open(dir, SMALL));
    assertTrue(e.getMessage().contains("holds records after it"), e.getMessage());
    assertTrue(e.getMessage().contains(first.toString()), e.getMessage());
  }

  @Test
  void manyGenerationsReuseTheSameFiles() throws IOException {
    List<PersistOp> ops = new ArrayList<>();
    List<PersistOp> all = WalFixtures.ops(200);
    int at = 0;
    for (int g = 1; g <= 20; g++) {
      ops.addAll(all.subList(at, at + 30));
      at += 30;
      ops.add(WalFixtures.checkpoint(at / 4));
    }
    try (WriteAheadLog wal = WriteAheadLog.open(dir, SMALL)) {
      for (PersistOp op : ops) {
        wal.appendAndWait(List.of(op));
      }
      WalCounters c = wal.counters();
      assertEquals(20, c.snapshots.get());
      assertTrue(c.segmentsRecycled.get() >= 20, "recycled " + c.segmentsRecycled.get());
      // 30 ops roll about 3 segments a generation: without recycling that would be 60+ new files.
      assertTrue(c.segmentsPreallocated.get() <= 3 + 2 * SMALL.sparesMax(),
          "preallocated " + c.segmentsPreallocated.get() + ", recycled " + c.segmentsRecycled.get());
    }
    assertRecovers(ops);
    assertTrue(names().size() <= 1 + 4 + SMALL.sparesMax(), names().toString());
  }
}
