package dev.bftpaxos.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A trace line is the same text in every run: byte arrays by content, never by identity. */
class TraceTextTest {
  record Inner(byte[] payload) {}

  record Message(int from, byte[] snapshot, List<Inner> inner) {}

  record Plain(int from, String what) {}

  @Test
  void byteArraysAreShownByContent() {
    Message m = new Message(1, new byte[] {1, 2, 3}, List.of(new Inner(new byte[12])));
    String text = TraceText.render(m);
    assertEquals("Message[from=1, snapshot=bytes(3):010203, inner=[Inner[payload=bytes(12):0000000000000000..]]]", text);
    assertEquals(text, TraceText.render(new Message(1, new byte[] {1, 2, 3}, List.of(new Inner(new byte[12])))));
    assertFalse(new Message(1, new byte[0], List.of()).toString().equals(TraceText.render(m)));
  }

  @Test
  void recordsWithoutArraysKeepTheirOwnText() {
    assertEquals(new Plain(2, "x").toString(), TraceText.render(new Plain(2, "x")));
    assertEquals("act #3: equivocate", TraceText.render("act #3: equivocate"));
  }
}
