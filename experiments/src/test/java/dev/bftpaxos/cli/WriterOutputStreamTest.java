package dev.bftpaxos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class WriterOutputStreamTest {
  @Test
  void passesUtf8LinesThroughAndFlushesTheRest() {
    StringWriter sink = new StringWriter();
    PrintStream ps = WriterOutputStream.printStream(new PrintWriter(sink));
    ps.println("linearizable: ✓ (µs)");
    assertEquals("linearizable: ✓ (µs)" + System.lineSeparator(), sink.toString());
    ps.print("tail");
    ps.flush();
    assertEquals("linearizable: ✓ (µs)" + System.lineSeparator() + "tail", sink.toString());
  }
}
