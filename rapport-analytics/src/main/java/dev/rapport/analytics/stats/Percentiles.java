package dev.rapport.analytics.stats;

/** Percentile ranks: the one definition the analytics use. */
public final class Percentiles {
  private Percentiles() {}

  /**
   * The mid-rank percentile of {@code v} among {@code sorted} (ascending): 100 × (values below +
   * values at or below) / 2 / n, so that ties share a rank and the scale runs from near 0 to near
   * 100 whatever the number of values. NaN for an empty population.
   */
  public static double midRank(double[] sorted, double v) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return 100.0 * (lowerBound(sorted, v) + upperBound(sorted, v)) / 2.0 / sorted.length;
  }

  /** Values strictly below {@code v}. */
  static int lowerBound(double[] a, double v) {
    int lo = 0;
    int hi = a.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] < v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Values at or below {@code v}. */
  static int upperBound(double[] a, double v) {
    int lo = 0;
    int hi = a.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] <= v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * The {@code p}-quantile (0 to 1) of ascending values by linear interpolation between closest
   * ranks (Hyndman & Fan's type 7, the default of R, NumPy and Excel's PERCENTILE.INC): the median
   * of an even count is the mean of the middle two. NaN for no values.
   */
  public static double quantile(int[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    double h = (sorted.length - 1) * p;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (h - lo) * ((double) sorted[hi] - sorted[lo]);
  }
}
