package dev.bftpaxos.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the tools read from a replica's status line (ReplicaProcess writes it): its stable
 * checkpoint and the last configuration it knows, with that configuration's members. The line is
 * unsigned: what one replica says of itself.
 */
record StatusLine(long checkpoint, long configuration, List<Integer> members) {
  private static final Pattern CHECKPOINT = Pattern.compile(" checkpoint=(-?\\d+) ");
  private static final Pattern CONFIGURATION = Pattern.compile(" config=C(\\d+) members=([0-9,]*)");

  StatusLine {
    members = List.copyOf(members);
  }

  /** The line's fields, or null for a line that names no configuration (a replica still starting, say). */
  static StatusLine parse(String line) {
    Matcher c = CONFIGURATION.matcher(line);
    if (!c.find()) {
      return null;
    }
    List<Integer> members = new ArrayList<>();
    for (String id : c.group(2).split(",")) {
      if (!id.isEmpty()) {
        members.add(Integer.parseInt(id));
      }
    }
    Matcher k = CHECKPOINT.matcher(line);
    return new StatusLine(k.find() ? Long.parseLong(k.group(1)) : -1, Long.parseLong(c.group(1)), members);
  }

  /** {@code C<j> = {0,1,3}}, as the tools print it. */
  String configurationText() {
    return "C" + configuration + " = {" + String.join(",", members.stream().map(String::valueOf).toList()) + "}";
  }
}
