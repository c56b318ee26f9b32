package dev.rapport.analytics.lift;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.hipparchus.distribution.continuous.NormalDistribution;
import org.hipparchus.distribution.continuous.TDistribution;

/**
 * The tests behind {@link Lift}: one definition each.
 *
 * <ul>
 *   <li>Rates (response, visit, conversion): the two-proportion z-test, the p-value from the pooled
 *       standard error (the null is "no difference") and the 95% interval from the unpooled one
 *       (Wald).
 *   <li>Means (revenue per customer): Welch's t-test, unequal variances, with Welch-Satterthwaite
 *       degrees of freedom.
 *   <li>Means without a distributional assumption (revenue is mostly zeros with a long tail): the
 *       percentile bootstrap of the difference of means, resampling each group on its own.
 * </ul>
 */
public final class Tests {
  private Tests() {}

  private static final NormalDistribution NORMAL = new NormalDistribution();
  private static final double Z95 = NORMAL.inverseCumulativeProbability(0.975);

  public static Lift twoProportions(
      String metric, long successesTreated, long nTreated, long successesControl, long nControl) {
    check(nTreated, nControl);
    double p1 = (double) successesTreated / nTreated;
    double p0 = (double) successesControl / nControl;
    double diff = p1 - p0;
    double pooled = (double) (successesTreated + successesControl) / (nTreated + nControl);
    double sePooled = Math.sqrt(pooled * (1 - pooled) * (1.0 / nTreated + 1.0 / nControl));
    double se = Math.sqrt(p1 * (1 - p1) / nTreated + p0 * (1 - p0) / nControl);
    double p = sePooled == 0 ? 1 : 2 * NORMAL.cumulativeProbability(-Math.abs(diff / sePooled));
    return new Lift(
        metric,
        "two-proportion z",
        p1,
        p0,
        diff,
        diff - Z95 * se,
        diff + Z95 * se,
        p,
        nTreated,
        nControl);
  }

  public static Lift welch(String metric, double[] treated, double[] control) {
    check(treated.length, control.length);
    double m1 = mean(treated);
    double m0 = mean(control);
    double v1 = variance(treated, m1) / treated.length;
    double v0 = variance(control, m0) / control.length;
    double se = Math.sqrt(v1 + v0);
    double diff = m1 - m0;
    if (se == 0) {
      return new Lift(
          metric,
          "Welch t",
          m1,
          m0,
          diff,
          diff,
          diff,
          diff == 0 ? 1 : 0,
          treated.length,
          control.length);
    }
    double df =
        (v1 + v0) * (v1 + v0) / (v1 * v1 / (treated.length - 1) + v0 * v0 / (control.length - 1));
    TDistribution t = new TDistribution(df);
    double q = t.inverseCumulativeProbability(0.975);
    double p = 2 * t.cumulativeProbability(-Math.abs(diff / se));
    return new Lift(
        metric,
        "Welch t",
        m1,
        m0,
        diff,
        diff - q * se,
        diff + q * se,
        p,
        treated.length,
        control.length);
  }

  /**
   * The percentile bootstrap of mean(treated) - mean(control), {@code resamples} times with a
   * seeded generator (the same data and seed give the same interval). The p-value is twice the
   * share of resampled differences on the far side of zero, at least 1 / resamples.
   */
  public static Lift bootstrap(
      String metric, double[] treated, double[] control, int resamples, long seed) {
    check(treated.length, control.length);
    if (resamples < 100) {
      throw new IllegalArgumentException("a bootstrap needs at least 100 resamples: " + resamples);
    }
    SplittableRandom rng = new SplittableRandom(seed);
    double[] diffs = new double[resamples];
    for (int b = 0; b < resamples; b++) {
      diffs[b] = resampledMean(treated, rng) - resampledMean(control, rng);
    }
    Arrays.sort(diffs);
    double diff = mean(treated) - mean(control);
    long below = Arrays.stream(diffs).filter(d -> d <= 0).count();
    long above = resamples - below;
    double p = Math.min(1, Math.max(1.0 / resamples, 2.0 * Math.min(below, above) / resamples));
    return new Lift(
        metric,
        "bootstrap (" + resamples + " resamples)",
        mean(treated),
        mean(control),
        diff,
        diffs[(int) Math.floor(0.025 * (resamples - 1))],
        diffs[(int) Math.ceil(0.975 * (resamples - 1))],
        p,
        treated.length,
        control.length);
  }

  private static double resampledMean(double[] v, SplittableRandom rng) {
    double s = 0;
    for (int i = 0; i < v.length; i++) {
      s += v[rng.nextInt(v.length)];
    }
    return s / v.length;
  }

  static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  /** Sample variance (n - 1 denominator). */
  static double variance(double[] v, double mean) {
    double s = 0;
    for (double x : v) {
      s += (x - mean) * (x - mean);
    }
    return s / (v.length - 1);
  }

  private static void check(long nTreated, long nControl) {
    if (nTreated < 2 || nControl < 2) {
      throw new IllegalArgumentException(
          "a comparison needs at least two units in each group: treated "
              + nTreated
              + ", control "
              + nControl);
    }
  }
}
