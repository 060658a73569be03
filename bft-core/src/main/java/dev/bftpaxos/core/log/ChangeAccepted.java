package dev.bftpaxos.core.log;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The log's answer to an accepted configuration change, {@code ok C<configuration> from <fromSlot>}:
 * the new configuration's number and the first slot it governs. Made by {@link Configurations}, read
 * by clients, learners and tools; a refusal ({@code refused: <reason>}) parses as null.
 */
public record ChangeAccepted(long configuration, long fromSlot) {
  private static final Pattern TEXT = Pattern.compile("ok C(\\d{1,18}) from (\\d{1,18})");

  public String text() {
    return "ok C" + configuration + " from " + fromSlot;
  }

  public byte[] bytes() {
    return text().getBytes(StandardCharsets.UTF_8);
  }

  /** The acceptance {@code result} states, or null for a refusal or anything else. */
  public static ChangeAccepted parse(String result) {
    Matcher m = result == null ? null : TEXT.matcher(result);
    return m != null && m.matches() ? new ChangeAccepted(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)))
        : null;
  }

  /** As {@link #parse(String)}, over a result's bytes (UTF-8). */
  public static ChangeAccepted parse(byte[] result) {
    return result == null ? null : parse(new String(result, StandardCharsets.UTF_8));
  }
}
