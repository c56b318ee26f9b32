package dev.rapport.analytics.model;

import java.util.Arrays;
import java.util.Comparator;

/** Measures of a classifier's scores against the truth; one definition each. */
public final class Metrics {
  private Metrics() {}

  /**
   * The area under the ROC curve: the probability that a random positive scores above a random
   * negative, ties counting half (the Mann-Whitney U statistic over n+ n-).
   */
  public static double auc(double[] score, boolean[] label) {
    int n = score.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> score[i]));
    double rankSumPositive = 0;
    long positives = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && score[order[j + 1]] == score[order[i]]) {
        j++;
      }
      double midRank = (i + j) / 2.0 + 1; // ranks are 1-based; ties share their mean rank
      for (int k = i; k <= j; k++) {
        if (label[order[k]]) {
          rankSumPositive += midRank;
          positives++;
        }
      }
      i = j + 1;
    }
    long negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      throw new IllegalArgumentException(
          "AUC needs both classes: " + positives + " positives, " + negatives + " negatives");
    }
    return (rankSumPositive - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }
}
