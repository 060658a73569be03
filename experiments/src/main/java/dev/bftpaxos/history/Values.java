package dev.bftpaxos.history;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The one place that decides when two register values are "the same". Histories come both from
 * JSON text (where {@code 1} and {@code 1.0} are both just numbers) and from Java callers (where
 * they might be an {@code Integer} and a {@code Double}), so values are brought to one canonical
 * form before anything compares them:
 *
 * <ul>
 *   <li>strings stay {@link String}s, and a string is never equal to a number ({@code "1" != 1});
 *   <li>numbers are compared by numeric value: an integral value that fits in a {@code long}
 *       becomes a {@link Long} (so {@code 1}, {@code 1.0} and {@code 1e0} are all {@code 1L}),
 *       anything else becomes a {@link BigDecimal} with trailing zeros stripped;
 *   <li>{@code null} means "absent" and stays {@code null}.
 * </ul>
 *
 * Anything else (booleans, objects, NaN, infinities) is not a register value.
 */
public final class Values {
  private Values() {}

  /**
   * The canonical form of a value, or an {@link IllegalArgumentException} when it is not a string,
   * a finite number or null.
   */
  public static Object canonical(Object value) {
    if (value == null || value instanceof String) {
      return value;
    }
    if (value instanceof Long || value instanceof Integer || value instanceof Short
        || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    BigDecimal decimal;
    if (value instanceof BigDecimal bd) {
      decimal = bd;
    } else if (value instanceof BigInteger bi) {
      decimal = new BigDecimal(bi);
    } else if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (!Double.isFinite(d)) {
        throw new IllegalArgumentException("not a finite number: " + value);
      }
      decimal = new BigDecimal(Double.toString(d));
    } else {
      throw new IllegalArgumentException(
          "a register value must be a string, a number or null, not "
              + value.getClass().getSimpleName() + " " + value);
    }
    return canonical(decimal);
  }

  private static Object canonical(BigDecimal decimal) {
    if (decimal.signum() == 0) {
      return 0L;
    }
    BigDecimal stripped = decimal.stripTrailingZeros();
    if (stripped.scale() <= 0 && stripped.precision() - stripped.scale() <= 19) {
      try {
        return stripped.longValueExact();
      } catch (ArithmeticException tooBig) {
        // falls through: integral but outside long, keep it as a BigDecimal
      }
    }
    return stripped;
  }

  /** A short human rendering: strings quoted as in JSON, numbers plain, null as {@code null}. */
  public static String render(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String s) {
      return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + '"';
    }
    if (value instanceof BigDecimal bd) {
      return bd.toString();
    }
    return String.valueOf(value);
  }
}
