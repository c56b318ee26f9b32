package dev.rapport.analytics.model;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Stratified k-fold cross-validation of a classifier: every row is scored by a model that never saw
 * it, and each fold keeps the share of positives of the whole.
 *
 * @param kind the model
 * @param foldAuc AUC of each fold's held-out rows
 * @param outOfFold each row's predicted probability from the model that held it out
 * @param meanAuc mean of the folds' AUCs (the usual "cross-validated AUC")
 * @param brier mean squared error of the out-of-fold probabilities: lower is better calibrated
 */
public record CrossValidation(
    Classifier.Kind kind, double[] foldAuc, double[] outOfFold, double meanAuc, double brier) {

  /** Fold of each row, 0 … k-1: positives and negatives each shuffled (seeded) and dealt round. */
  public static int[] stratifiedFolds(boolean[] y, int k, long seed) {
    if (k < 2) {
      throw new IllegalArgumentException("cross-validation needs at least 2 folds: " + k);
    }
    int[] fold = new int[y.length];
    for (boolean cls : new boolean[] {true, false}) {
      List<Integer> rows = new ArrayList<>();
      for (int i = 0; i < y.length; i++) {
        if (y[i] == cls) {
          rows.add(i);
        }
      }
      SplittableRandom rng = new SplittableRandom(seed + (cls ? 1 : 0));
      for (int i = rows.size() - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        Integer t = rows.get(i);
        rows.set(i, rows.get(j));
        rows.set(j, t);
      }
      for (int r = 0; r < rows.size(); r++) {
        fold[rows.get(r)] = r % k;
      }
    }
    return fold;
  }

  /**
   * Cross-validates {@code kind} on rows {@code x}. Features are prepared per training fold (see
   * {@link Features#fit}), so nothing of a held-out fold leaks into its model.
   */
  public static CrossValidation run(
      Classifier.Kind kind, double[][] x, boolean[] y, int k, int rounds, long seed) {
    int[] fold = stratifiedFolds(y, k, seed);
    double[] oof = new double[x.length];
    double[] aucs = new double[k];
    for (int f = 0; f < k; f++) {
      List<Integer> train = new ArrayList<>();
      List<Integer> test = new ArrayList<>();
      for (int i = 0; i < x.length; i++) {
        (fold[i] == f ? test : train).add(i);
      }
      double[][] trainX = rows(x, train);
      Features prep = Features.fit(kind, trainX);
      try (Classifier c = Classifier.fit(kind, prep.apply(trainX), labels(y, train), rounds, 1)) {
        double[] p = c.predict(prep.apply(rows(x, test)));
        for (int t = 0; t < test.size(); t++) {
          oof[test.get(t)] = p[t];
        }
        aucs[f] = Metrics.auc(p, labels(y, test));
      }
    }
    double mean = 0;
    for (double a : aucs) {
      mean += a / k;
    }
    double brier = 0;
    for (int i = 0; i < x.length; i++) {
      double e = oof[i] - (y[i] ? 1 : 0);
      brier += e * e / x.length;
    }
    return new CrossValidation(kind, aucs, oof, mean, brier);
  }

  static double[][] rows(double[][] x, List<Integer> idx) {
    double[][] out = new double[idx.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = x[idx.get(i)];
    }
    return out;
  }

  static boolean[] labels(boolean[] y, List<Integer> idx) {
    boolean[] out = new boolean[idx.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = y[idx.get(i)];
    }
    return out;
  }
}
