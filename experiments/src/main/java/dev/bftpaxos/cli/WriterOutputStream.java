package dev.bftpaxos.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Bytes written as UTF-8 text to a PrintWriter, a line at a time. Lets code that prints to a
 * PrintStream write through picocli's (capturable) out and err writers. A newline byte never occurs
 * inside a multi-byte UTF-8 character, so decoding whole lines is safe.
 */
final class WriterOutputStream extends OutputStream {
  private final PrintWriter writer;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();

  private WriterOutputStream(PrintWriter writer) {
    this.writer = writer;
  }

  static PrintStream printStream(PrintWriter writer) {
    return new PrintStream(new WriterOutputStream(writer), true, StandardCharsets.UTF_8);
  }

  @Override
  public void write(int b) {
    line.write(b);
    if (b == '\n') {
      drain();
    }
  }

  @Override
  public void flush() {
    drain();
    writer.flush();
  }

  @Override
  public void close() {
    flush();
  }

  private void drain() {
    if (line.size() > 0) {
      writer.write(line.toString(StandardCharsets.UTF_8));
      line.reset();
    }
  }
}
