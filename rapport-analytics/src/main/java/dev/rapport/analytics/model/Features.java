package dev.rapport.analytics.model;

/**
 * How a model sees the feature matrix. Trees take it as it is, missing values (NaN) included: each
 * split learns where missing values go. Logistic regression needs every value and comparable
 * scales: missing values are replaced by the training mean and every column standardised with the
 * training mean and standard deviation, so the L2 penalty weighs features alike.
 */
public final class Features {
  private final double[] mean;
  private final double[] sd;

  private Features(double[] mean, double[] sd) {
    this.mean = mean;
    this.sd = sd;
  }

  /** Learns the preparation from training rows only. */
  public static Features fit(Classifier.Kind kind, double[][] train) {
    if (kind == Classifier.Kind.GRADIENT_BOOSTING || train.length == 0) {
      return new Features(null, null);
    }
    int d = train[0].length;
    double[] mean = new double[d];
    double[] sd = new double[d];
    for (int j = 0; j < d; j++) {
      double s = 0;
      long n = 0;
      for (double[] row : train) {
        if (!Double.isNaN(row[j])) {
          s += row[j];
          n++;
        }
      }
      mean[j] = n == 0 ? 0 : s / n;
      double v = 0;
      for (double[] row : train) {
        if (!Double.isNaN(row[j])) {
          v += (row[j] - mean[j]) * (row[j] - mean[j]);
        }
      }
      sd[j] = n < 2 || v == 0 ? 1 : Math.sqrt(v / (n - 1));
    }
    return new Features(mean, sd);
  }

  public double[][] apply(double[][] x) {
    if (mean == null) {
      return x;
    }
    double[][] out = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      double[] row = new double[x[i].length];
      for (int j = 0; j < row.length; j++) {
        double v = Double.isNaN(x[i][j]) ? mean[j] : x[i][j];
        row[j] = (v - mean[j]) / sd[j];
      }
      out[i] = row;
    }
    return out;
  }
}
