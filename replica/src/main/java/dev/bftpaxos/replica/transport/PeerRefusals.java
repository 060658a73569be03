package dev.bftpaxos.replica.transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The replica ids a running replica refuses links with, read from a control file that an
 * experiment harness writes ({@code compare --real} cuts partitions this way, with no root, no
 * firewall and nothing outside the processes it started). The file holds replica ids separated by
 * whitespace or commas, {@code #} starts a comment; a missing or empty file refuses nobody. The
 * transport polls it ({@link #POLL_MILLIS}), closes links to newly refused peers and neither dials
 * nor accepts them while they are listed.
 *
 * <p>A token that is not an id is ignored with a warning rather than refusing everybody: a typo in
 * a test harness must not look like a partition. Writers should use {@link #write}, which replaces
 * the file atomically, so a poll never sees half a list.
 */
public final class PeerRefusals {
  /** The control file's name in a replica's data directory. */
  public static final String FILE_NAME = "refuse-peers";
  public static final long POLL_MILLIS = 50;
  private static final Logger LOG = Logger.getLogger(PeerRefusals.class.getName());

  private final Path file;
  private volatile Set<Integer> refused = Set.of();
  private String lastText = "";

  public PeerRefusals(Path file) {
    this.file = file;
  }

  public Path file() {
    return file;
  }

  public boolean refuses(int replicaId) {
    return refused.contains(replicaId);
  }

  public Set<Integer> refused() {
    return refused;
  }

  /** Reads the file again; returns the ids refused now that were not before (their links to close). */
  public synchronized Set<Integer> poll() {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      text = "";
    } catch (IOException e) {
      return Set.of(); // unreadable for a moment (being replaced): keep the last list
    }
    if (text.equals(lastText)) {
      return Set.of();
    }
    lastText = text;
    Set<Integer> next = parse(text);
    Set<Integer> added = new TreeSet<>(next);
    added.removeAll(refused);
    refused = Set.copyOf(next);
    LOG.info(() -> "refusing links with replicas " + next + " (" + file + ")");
    return added;
  }

  /** The ids in {@code text}; tokens that are not non-negative integers are skipped with a warning. */
  static Set<Integer> parse(String text) {
    Set<Integer> ids = new TreeSet<>();
    for (String line : text.split("\n", -1)) {
      int hash = line.indexOf('#');
      String content = hash >= 0 ? line.substring(0, hash) : line;
      for (String token : content.split("[\\s,]+")) {
        if (token.isEmpty()) {
          continue;
        }
        try {
          int id = Integer.parseInt(token);
          if (id < 0) {
            throw new NumberFormatException();
          }
          ids.add(id);
        } catch (NumberFormatException e) {
          LOG.warning(() -> "ignoring '" + token + "' in a peer refusal file: not a replica id");
        }
      }
    }
    return ids;
  }

  /** Replaces {@code file} with the list {@code ids} (empty: refuse nobody), atomically where possible. */
  public static void write(Path file, Collection<Integer> ids) throws IOException {
    String text = ids.stream().sorted().map(String::valueOf).collect(Collectors.joining(" ")) + "\n";
    Path tmp = file.resolveSibling(file.getFileName() + ".writing");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    try {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
