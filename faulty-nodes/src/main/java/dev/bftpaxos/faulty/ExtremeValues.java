package dev.bftpaxos.faulty;

import java.util.List;
import java.util.Set;
import java.util.function.LongUnaryOperator;

/**
 * The {@code extreme-values} family: like {@link RandomMutator}, one field of an outgoing message
 * changed (and re-signed with its own key), but to the values that break careless arithmetic and
 * unbounded tables: 0, -1, {@code Long.MAX_VALUE}, {@code Long.MIN_VALUE}, far in the future
 * (2^40 above) and far in the past (2^40 below). Every ballot, slot, checkpoint slot, range bound
 * and commit point it sends is a candidate. A correct replica must refuse each with a counted
 * reason and lose nothing; the matrix holds it to 0.8x the same replica silent.
 */
public final class ExtremeValues {
  public static final String NAME = "extreme-values";
  private static final long FAR = 1L << 40;
  /** The value kinds, by the words {@code values=} takes. */
  static final List<String> KINDS = List.of("zero", "minus-one", "max", "min", "far-future", "far-past");

  private ExtremeValues() {}

  static RandomMutator fromParams(BehaviourParams params) {
    double p = params.probability("p", 0.05);
    Set<String> types = params.words("types", RandomMutator.TYPES);
    Set<String> kinds = params.words("values", Set.copyOf(KINDS));
    List<String> chosen = KINDS.stream().filter((kinds == null ? Set.copyOf(KINDS) : kinds)::contains).toList();
    return new RandomMutator(NAME, p, types == null ? RandomMutator.TYPES : types, ctx -> value(
        chosen.get(ctx.random().nextInt(chosen.size()))));
  }

  private static LongUnaryOperator value(String kind) {
    return switch (kind) {
      case "zero" -> v -> 0;
      case "minus-one" -> v -> -1;
      case "max" -> v -> Long.MAX_VALUE;
      case "min" -> v -> Long.MIN_VALUE;
      case "far-future" -> v -> v > Long.MAX_VALUE - FAR ? Long.MAX_VALUE : v + FAR;
      case "far-past" -> v -> v < Long.MIN_VALUE + FAR ? Long.MIN_VALUE : v - FAR;
      default -> throw new IllegalStateException("unknown value kind " + kind);
    };
  }
}
