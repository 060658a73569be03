package dev.bftpaxos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bftpaxos.core.msg.Read;
import org.junit.jupiter.api.Test;

/** get --read and load --read-kind: each value, and a bad one rejected naming the option. */
class ReadKindOptionTest {
  @Test
  void valuesParse() {
    assertNull(ReadKindOption.parse("--read", "log"));
    assertEquals(Read.Kind.STALE, ReadKindOption.parse("--read", "stale"));
    assertEquals(Read.Kind.LINEARIZABLE, ReadKindOption.parse("--read", "Linearizable"));
    assertEquals(Read.Kind.LEASE, ReadKindOption.parse("--read", "lease"));
  }

  @Test
  void badValueNamesTheOption() {
    BadInputException e = assertThrows(BadInputException.class, () -> ReadKindOption.parse("--read", "fast"));
    assertTrue(e.getMessage().contains("--read") && e.getMessage().contains("fast"), e.getMessage());
  }

  @Test
  void cliRejectsBadValuesWithExitTwo() {
    CliContractTest.Run get = CliContractTest.run("get", "--config", "none.yaml", "--client-key", "c.key", "--read",
        "fast", "k");
    assertEquals(ExitCodes.BAD_INPUT, get.exitCode(), get.all());
    assertTrue(get.err().contains("--read"), get.all());
    CliContractTest.Run load = CliContractTest.run("load", "--config", "none.yaml", "--read-kind", "fast");
    assertEquals(ExitCodes.BAD_INPUT, load.exitCode(), load.all());
    assertTrue(load.err().contains("--read-kind") && load.err().contains("mixed"), load.all());
  }

  @Test
  void helpExplainsEachGuarantee() {
    String help = CliContractTest.run("get", "--help").out();
    for (String kind : new String[] {"log (", "stale (", "linearizable (", "lease ("}) {
      assertTrue(help.contains(kind), help);
    }
  }
}
