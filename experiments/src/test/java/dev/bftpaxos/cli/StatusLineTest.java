package dev.bftpaxos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The fields reconfigure reads from a replica's status line. */
class StatusLineTest {
  @Test
  void readsTheCheckpointAndTheConfigurationWithItsMembers() {
    StatusLine l = StatusLine.parse("status replica=1 ballot=4 leader=4 executed=612 checkpoint=576 "
        + "digest=c3aad9a8eeb63e44 config=C2 members=0,1,2,4 wal.records=1911 counters={}");
    assertEquals(new StatusLine(576, 2, List.of(0, 1, 2, 4)), l);
    assertEquals("C2 = {0,1,2,4}", l.configurationText());
    assertEquals(new StatusLine(-1, 1, List.of(0, 1, 3)), StatusLine.parse("status replica=3 config=C1 members=0,1,3 "
        + "pendingFrom=129"));
    assertNull(StatusLine.parse("status replica=0 ballot=0 leader=-1 executed=0 checkpoint=0 digest=00"));
  }
}
