package dev.bftpaxos.replica.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bftpaxos.core.PersistOp;
import dev.bftpaxos.core.wire.WireFormatException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PersistOpCodecTest {
  @Test
  void everyKindRoundTrips() {
    List<PersistOp> ops = new ArrayList<>(WalFixtures.ops(3));
    ops.add(WalFixtures.checkpoint(2));
    for (PersistOp op : ops) {
      byte[] b = PersistOpCodec.encode(op);
      assertArrayEquals(b, PersistOpCodec.encode(PersistOpCodec.decode(b)), op.getClass().getSimpleName());
    }
  }

  @Test
  void garbageIsAWireFormatException() {
    assertThrows(WireFormatException.class, () -> PersistOpCodec.decode(new byte[0]));
    assertThrows(WireFormatException.class, () -> PersistOpCodec.decode(new byte[] {99, 1, 2}));
    assertThrows(WireFormatException.class, () -> PersistOpCodec.decode(new byte[] {1, 2}));
    assertThrows(WireFormatException.class, () -> PersistOpCodec.decode(new byte[] {2, (byte) 0xff, (byte) 0xff}));
  }
}
