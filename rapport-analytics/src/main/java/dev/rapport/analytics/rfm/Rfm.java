package dev.rapport.analytics.rfm;

import java.util.Arrays;

/**
 * RFM scores by quintile. Recency is days since the last purchase (fewer is better), frequency the
 * number of purchases and monetary the revenue; each is scored 1-5 by where it falls among the
 * buyers' values: the four cut points are the values at the 20th, 40th, 60th and 80th percentile
 * positions of the sorted values, and a value scores 1 plus the number of cut points it exceeds
 * (for recency, that it is below). Equal values always get equal scores, so when most buyers bought
 * once, they all share the lowest frequency score rather than being split at random.
 */
public final class Rfm {
  private final double[] recencyCuts;
  private final double[] frequencyCuts;
  private final double[] monetaryCuts;

  private Rfm(double[] recencyCuts, double[] frequencyCuts, double[] monetaryCuts) {
    this.recencyCuts = recencyCuts;
    this.frequencyCuts = frequencyCuts;
    this.monetaryCuts = monetaryCuts;
  }

  /** One customer's scores: {@code r}, {@code f}, {@code m} in 1-5. */
  public record Score(int r, int f, int m) {
    /** The customary three-digit code, e.g. {@code "545"}. */
    public String code() {
      return "" + r + f + m;
    }

    public RfmSegment segment() {
      return RfmSegment.of(r, f);
    }
  }

  /**
   * Fits the quintile cut points on the buyers' values (arrays of equal length; NaN entries, i.e.
   * non-buyers, are left out).
   */
  public static Rfm fit(double[] recencyDays, double[] frequency, double[] monetary) {
    if (recencyDays.length != frequency.length || frequency.length != monetary.length) {
      throw new IllegalArgumentException("recency, frequency and monetary differ in length");
    }
    return new Rfm(cuts(recencyDays), cuts(frequency), cuts(monetary));
  }

  /** The scores of one buyer; null for a non-buyer (any NaN input). */
  public Score score(double recencyDays, double frequency, double monetary) {
    if (Double.isNaN(recencyDays) || Double.isNaN(frequency) || Double.isNaN(monetary)) {
      return null;
    }
    return new Score(
        5 - above(recencyDays, recencyCuts),
        1 + above(frequency, frequencyCuts),
        1 + above(monetary, monetaryCuts));
  }

  /** The cut points: values at the 20/40/60/80% positions of the sorted non-NaN values. */
  static double[] cuts(double[] values) {
    double[] v = Arrays.stream(values).filter(x -> !Double.isNaN(x)).sorted().toArray();
    double[] cuts = new double[4];
    if (v.length == 0) {
      Arrays.fill(cuts, Double.NaN);
      return cuts;
    }
    for (int k = 1; k <= 4; k++) {
      int pos = (int) Math.ceil(k * v.length / 5.0) - 1;
      cuts[k - 1] = v[Math.max(0, pos)];
    }
    return cuts;
  }

  private static int above(double x, double[] cuts) {
    int n = 0;
    for (double c : cuts) {
      if (x > c) {
        n++;
      }
    }
    return n;
  }
}
