package dev.bftpaxos.cli;

import dev.bftpaxos.core.msg.Read;
import java.util.Locale;

/**
 * The values of {@code get --read} and {@code load --read-kind}: {@code log} (an ordinary request
 * through the log; null here) or one of the kinds served outside it ({@link Read.Kind}).
 */
final class ReadKindOption {
  private ReadKindOption() {}

  static final String VALUES = "log, stale, linearizable or lease";

  /** One line per guarantee, for --help. */
  static final String HELP = "How to read: log (default; a slot of the log, linearizable, the cost of a write), "
      + "stale (any one replica now, may miss recent writes; prints the slot it reflects), "
      + "linearizable (crash: the leader after a quorum confirms its ballot; byzantine: a quorum of matching "
      + "signed answers, else through the log), lease (crash: the leader alone while its lease holds, assumes "
      + "bounded clock drift; byzantine: through the log).";

  /** The kind named by {@code value}, null for log; a clear error naming {@code option} otherwise. */
  static Read.Kind parse(String option, String value) {
    String v = value == null ? "log" : value.trim().toLowerCase(Locale.ROOT);
    switch (v) {
      case "log":
        return null;
      case "stale":
        return Read.Kind.STALE;
      case "linearizable":
        return Read.Kind.LINEARIZABLE;
      case "lease":
        return Read.Kind.LEASE;
      default:
        throw new BadInputException(option + " must be " + VALUES + ", got '" + value + "'");
    }
  }

  /** The option value naming {@code kind} (null: log). */
  static String name(Read.Kind kind) {
    return kind == null ? "log" : kind.name().toLowerCase(Locale.ROOT);
  }
}
