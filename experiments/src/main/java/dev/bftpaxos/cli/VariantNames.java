package dev.bftpaxos.cli;

import dev.bftpaxos.sim.variants.BrokenVariants;
import java.util.Iterator;

/** The protocol variants by name, for picocli's help text and shell completion. */
final class VariantNames implements Iterable<String> {
  @Override
  public Iterator<String> iterator() {
    return BrokenVariants.all().keySet().iterator();
  }
}
