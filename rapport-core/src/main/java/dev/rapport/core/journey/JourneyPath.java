package dev.rapport.core.journey;

import java.util.ArrayList;
import java.util.List;

/**
 * The last {@link #STEPS} touchpoints of a path, repeats collapsed, packed into a long so that a
 * population's paths count in a map without an object per journey: touchpoint {@code i} in bits
 * {@code 8i..8i+7}, the length in bits 48-51, and bit 52 set when earlier steps were cut off.
 */
public final class JourneyPath {
  /** Steps shown of a path: enough to read a journey, few enough that paths repeat. */
  public static final int STEPS = 6;

  private static final long CUT = 1L << 52;

  private JourneyPath() {}

  /**
   * Packs the last {@link #STEPS} of {@code steps[0..n)}; {@code earlier} says whether steps before
   * {@code steps[0]} existed.
   */
  static long pack(short[] steps, int n, boolean earlier) {
    int shown = Math.min(n, STEPS);
    int first = n - shown;
    long key = (long) shown << 48;
    if (earlier || first > 0) {
      key |= CUT;
    }
    for (int i = 0; i < shown; i++) {
      key |= (long) (steps[first + i] & 0xff) << (8 * i);
    }
    return key;
  }

  /** The touchpoints of a packed path, oldest first. */
  public static List<Integer> touchpoints(long key) {
    int n = (int) (key >>> 48) & 0xf;
    List<Integer> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add((int) (key >>> (8 * i)) & 0xff);
    }
    return out;
  }

  /** Whether earlier steps were cut off the packed path. */
  public static boolean isCut(long key) {
    return (key & CUT) != 0;
  }

  /** "… > email touch > web response". */
  public static String label(long key) {
    StringBuilder b = new StringBuilder(isCut(key) ? "… > " : "");
    List<Integer> steps = touchpoints(key);
    for (int i = 0; i < steps.size(); i++) {
      if (i > 0) {
        b.append(" > ");
      }
      b.append(Touchpoints.label(steps.get(i)));
    }
    return b.toString();
  }
}
