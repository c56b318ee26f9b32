package dev.rapport.analytics.clv;

import java.util.ArrayList;
import java.util.List;

/**
 * Calibration against holdout: the model fitted on a calibration period predicts each customer's
 * repeat purchases in the holdout period that follows; the predictions are set beside what the
 * customers then did, grouped by their number of repeat purchases in calibration, as in Fader,
 * Hardie &amp; Lee (2005), figure 4 ("conditional expectations").
 *
 * @param holdoutLength the holdout period, in model time units
 * @param byFrequency one row per calibration frequency 0 … {@link #TOP}-1 and a last row for {@link
 *     #TOP} and more
 * @param customers customers compared
 * @param actual their repeat purchases in the holdout
 * @param predicted the model's expectation of that number
 */
public record HoldoutCheck(
    double holdoutLength, List<Row> byFrequency, long customers, double actual, double predicted) {

  /** Calibration frequencies from this one up share the last row. */
  public static final int TOP = 7;

  /**
   * @param label e.g. "3" or "7+"
   * @param customers customers with this calibration frequency
   * @param actualMean their mean repeat purchases in the holdout
   * @param predictedMean the model's mean expectation for them
   */
  public record Row(String label, long customers, double actualMean, double predictedMean) {}

  /**
   * @param holdoutPurchases per customer, repeat purchases made in the holdout period
   */
  public static HoldoutCheck of(
      BgNbd.Params p,
      double[] frequency,
      double[] recency,
      double[] T,
      double[] holdoutPurchases,
      double holdoutLength) {
    long[] n = new long[TOP + 1];
    double[] actual = new double[TOP + 1];
    double[] predicted = new double[TOP + 1];
    double actualAll = 0;
    double predictedAll = 0;
    for (int i = 0; i < frequency.length; i++) {
      int row = (int) Math.min(TOP, frequency[i]);
      double e = BgNbd.expectedPurchases(p, holdoutLength, frequency[i], recency[i], T[i]);
      n[row]++;
      actual[row] += holdoutPurchases[i];
      predicted[row] += e;
      actualAll += holdoutPurchases[i];
      predictedAll += e;
    }
    List<Row> rows = new ArrayList<>();
    for (int k = 0; k <= TOP; k++) {
      if (n[k] > 0) {
        rows.add(
            new Row(
                k == TOP ? TOP + "+" : Integer.toString(k),
                n[k],
                actual[k] / n[k],
                predicted[k] / n[k]));
      }
    }
    return new HoldoutCheck(holdoutLength, rows, frequency.length, actualAll, predictedAll);
  }
}
