package dev.rapport.cli;

import dev.rapport.analytics.model.ChurnFeatures;
import dev.rapport.analytics.model.Classifier;
import dev.rapport.analytics.model.Features;
import dev.rapport.core.engine.BatchResult;
import dev.rapport.core.lifecycle.Stage;
import dev.rapport.core.profile.CustomerProfile;
import dev.rapport.core.service.ServiceEvidence;
import dev.rapport.io.output.CustomerTable;
import dev.rapport.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Churn risk on a workspace with a time-based split, shared by {@code rapport churn} (which
 * cross-validates both models and picks one) and {@code rapport analyze} (which scores every
 * customer with the trees for the {@code churn_risk} and {@code churn_drivers} columns): features
 * of the profiles folded up to a cutoff, labels from what the customers did after it, so nothing
 * after the cutoff is a feature; the model fitted on that scores the profiles now.
 */
final class ChurnRisk {
  /** Default churn window: the label is "no inbound activity in the days after the cutoff". */
  static final int DEFAULT_WINDOW_DAYS = 90;

  static final int TREE_ROUNDS = 300;

  static final int LINEAR_ROUNDS = 100;

  static final int DRIVERS = 3;

  /**
   * Below this many customers of either class in the training population, analyze leaves the churn
   * columns empty rather than publish the scores of a model fitted on a handful.
   */
  static final int MIN_CLASS = 20;

  private ChurnRisk() {}

  /**
   * The training set at a cutoff.
   *
   * @param cutText the cutoff's last day, in the workspace zone
   * @param population customers active (any inbound activity) in the window before the cutoff
   * @param x their features at the cutoff
   * @param y whether they churned after it
   */
  record Training(
      Instant cut, String cutText, List<CustomerProfile> population, double[][] x, boolean[] y) {
    long churned() {
      long n = 0;
      for (boolean b : y) {
        n += b ? 1 : 0;
      }
      return n;
    }
  }

  /** Every current customer's risk and top drivers under one model. */
  record Scores(Classifier.Kind kind, double[] risk, String[] drivers) {}

  /**
   * The profiles at {@code cut} of the customers active in the {@code windowDays} before it,
   * labelled churned when they had no inbound activity after it or are in the churned stage now.
   */
  static Training training(
      Workspace ws, Store store, BatchResult now, Instant cut, int windowDays, int threads) {
    return training(ws, now, Analysis.fold(ws, store, cut, threads), cut, windowDays);
  }

  /** As above, with the profiles folded up to the cutoff already at hand. */
  static Training training(
      Workspace ws, BatchResult now, BatchResult before, Instant cut, int windowDays) {
    Map<String, Integer> nowIndex = new HashMap<>(now.profiles().size() * 2);
    for (int i = 0; i < now.profiles().size(); i++) {
      nowIndex.put(now.profiles().get(i).customerId(), i);
    }
    // The population at risk: customers active in the churn window before the cutoff. Those
    // already silent then have churned before it; a model trained on them learns to recognise
    // the departed, not to foresee who will leave.
    Instant activeFrom = cut.minus(Duration.ofDays(windowDays));
    List<CustomerProfile> cp = new ArrayList<>();
    List<ServiceEvidence> service = new ArrayList<>();
    for (int i = 0; i < before.profiles().size(); i++) {
      CustomerProfile p = before.profiles().get(i);
      if (p.lastInbound() != null && p.lastInbound().isAfter(activeFrom)) {
        cp.add(p);
        service.add(before.services().get(i));
      }
    }
    boolean[] y = new boolean[cp.size()];
    for (int i = 0; i < cp.size(); i++) {
      Integer j = nowIndex.get(cp.get(i).customerId());
      CustomerProfile later = j == null ? null : now.profiles().get(j);
      boolean silent =
          later == null || later.lastInbound() == null || !later.lastInbound().isAfter(cut);
      boolean churnedStage =
          j != null
              && now.lifecycles().get(j) != null
              && now.lifecycles().get(j).stage() == Stage.CHURNED;
      y[i] = silent || churnedStage;
    }
    String cutText = cut.minusSeconds(1).atZone(ws.config().zone()).toLocalDate().toString();
    return new Training(cut, cutText, cp, ChurnFeatures.of(cp, service), y);
  }

  /** {@code kind} fitted on all of the training set scores {@code now}; drivers by TreeSHAP. */
  static Scores score(Training t, Classifier.Kind kind, BatchResult now) {
    List<String> names = ChurnFeatures.names();
    double[][] xNow = ChurnFeatures.of(now.profiles(), now.services());
    Features prep = Features.fit(kind, t.x());
    int rounds = kind == Classifier.Kind.GRADIENT_BOOSTING ? TREE_ROUNDS : LINEAR_ROUNDS;
    try (Classifier c = Classifier.fit(kind, prep.apply(t.x()), t.y(), rounds, 1)) {
      double[] risk = c.predict(prep.apply(xNow));
      // When the trees score, the drivers explain that very model.
      String[] drivers =
          kind == Classifier.Kind.GRADIENT_BOOSTING
              ? explain(c, xNow, names)
              : drivers(t.x(), t.y(), xNow, names);
      return new Scores(kind, risk, drivers);
    }
  }

  /**
   * For {@code rapport analyze}: the trees trained on the profiles folded up to {@link #cutoff}
   * ({@code atCutoff}) and scoring every customer; null, with the reason printed, when the history
   * is too short or one class too rare to fit a model worth publishing.
   */
  static Scores forAnalysis(Workspace ws, BatchResult now, BatchResult atCutoff) {
    if (now.asOf() == null || now.profiles().isEmpty()) {
      return null;
    }
    Training t = training(ws, now, atCutoff, cutoff(now), DEFAULT_WINDOW_DAYS);
    long churned = t.churned();
    long stayed = t.y().length - churned;
    if (churned < MIN_CLASS || stayed < MIN_CLASS) {
      System.out.printf(
          Locale.ROOT,
          "churn risk not modelled: at the cutoff %s, %,d active customers of whom %,d churned"
              + " after it; at least %d of each are needed (churn_risk left empty)%n",
          t.cutText(),
          t.y().length,
          churned,
          MIN_CLASS);
      return null;
    }
    Scores s = score(t, Classifier.Kind.GRADIENT_BOOSTING, now);
    System.out.printf(
        Locale.ROOT,
        "churn risk: %s trained on %,d customers active before %s (%,d churned in the %d days"
            + " after); rapport churn cross-validates it%n",
        s.kind().label(),
        t.y().length,
        t.cutText(),
        churned,
        DEFAULT_WINDOW_DAYS);
    return s;
  }

  /** The analysis' cutoff: {@link #DEFAULT_WINDOW_DAYS} before its end. */
  static Instant cutoff(BatchResult now) {
    return now.asOf().minus(Duration.ofDays(DEFAULT_WINDOW_DAYS));
  }

  /** {@code churn_risk} and {@code churn_drivers}; empty cells when there are no scores. */
  static List<CustomerTable.Extra> columns(Scores s) {
    return List.of(
        new CustomerTable.Extra(
            "churn_risk", i -> s == null ? null : String.format(Locale.ROOT, "%.4f", s.risk()[i])),
        new CustomerTable.Extra("churn_drivers", i -> s == null ? null : s.drivers()[i]));
  }

  /**
   * Each row's top drivers towards churn: the largest positive TreeSHAP contributions of a tree
   * model fitted on all rows, in log-odds, e.g. {@code tenure=1 +1.15; InternetService=Fiber optic
   * +0.35}.
   */
  static String[] drivers(double[][] trainX, boolean[] trainY, double[][] x, List<String> names) {
    try (Classifier c =
        Classifier.fit(Classifier.Kind.GRADIENT_BOOSTING, trainX, trainY, TREE_ROUNDS, 1)) {
      return explain(c, x, names);
    }
  }

  /** The top drivers of every row of {@code x} under the tree model {@code c}. */
  private static String[] explain(Classifier c, double[][] x, List<String> names) {
    double[][] contrib = c.contributions(x);
    String[] out = new String[contrib.length];
    for (int i = 0; i < contrib.length; i++) {
      double[] row = contrib[i];
      List<Integer> f = new ArrayList<>();
      for (int j = 0; j < row.length - 1; j++) {
        if (row[j] > 0) {
          f.add(j);
        }
      }
      f.sort(Comparator.comparingDouble((Integer j) -> -row[j]));
      StringBuilder b = new StringBuilder();
      for (int k = 0; k < Math.min(DRIVERS, f.size()); k++) {
        int j = f.get(k);
        String name = names.get(j);
        b.append(k == 0 ? "" : "; ").append(name);
        if (name.indexOf('=') < 0) { // a numeric feature: say the customer's value
          b.append('=').append(value(x[i][j]));
        }
        b.append(String.format(Locale.ROOT, " %+.2f", row[j]));
      }
      out[i] = b.toString();
    }
    return out;
  }

  private static String value(double v) {
    if (Double.isNaN(v)) {
      return "missing";
    }
    return v == Math.rint(v) && Math.abs(v) < 1e15
        ? Long.toString((long) v)
        : String.format(Locale.ROOT, "%.2f", v);
  }
}
