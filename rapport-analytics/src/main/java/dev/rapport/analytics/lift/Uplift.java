package dev.rapport.analytics.lift;

import dev.rapport.analytics.model.Classifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Who is moved by the treatment? The two-model approach to uplift: one classifier of the outcome on
 * treated units, one on control units; a unit's uplift is the difference of the two predicted
 * probabilities. It is judged on units held out of the fit by the Qini curve of Radcliffe (2007),
 * "Using Control Groups to Target on Predicted Lift", Direct Marketing Analytics Journal: targeting
 * units by falling predicted uplift, the incremental outcomes gained when the top share φ is
 * treated, Q(φ) = R_t(φ) − R_c(φ) N_t(φ) / N_c(φ).
 *
 * @param curve the Qini curve at shares 0, 1/steps, …, 1 of the held-out units
 * @param qini the Qini coefficient: the area between the curve and the straight line of random
 *     targeting (from 0 to Q(1)), over shares 0..1, per held-out unit — positive when the model
 *     ranks better than chance
 * @param testUnits held-out units
 * @param trainUnits units the two models were fitted on
 */
public record Uplift(double[] curve, double qini, int testUnits, int trainUnits) {

  /** Share of each arm held out of the fit. */
  public static final double TEST_SHARE = 0.3;

  public static final int STEPS = 100;

  /**
   * @param x features per unit
   * @param treated true for treated units, false for control
   * @param outcome the outcome per unit
   * @param seed for the held-out split (stratified by arm)
   */
  public static Uplift twoModel(
      double[][] x, boolean[] treated, boolean[] outcome, int rounds, long seed) {
    int n = x.length;
    boolean[] test = split(treated, seed);
    List<Integer> trainT = new ArrayList<>();
    List<Integer> trainC = new ArrayList<>();
    List<Integer> held = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (test[i]) {
        held.add(i);
      } else if (treated[i]) {
        trainT.add(i);
      } else {
        trainC.add(i);
      }
    }
    double[][] testX = rows(x, held);
    double[] uplift;
    try (Classifier t =
            Classifier.fit(
                Classifier.Kind.GRADIENT_BOOSTING,
                rows(x, trainT),
                labels(outcome, trainT),
                rounds,
                1);
        Classifier c =
            Classifier.fit(
                Classifier.Kind.GRADIENT_BOOSTING,
                rows(x, trainC),
                labels(outcome, trainC),
                rounds,
                1)) {
      double[] pt = t.predict(testX);
      double[] pc = c.predict(testX);
      uplift = new double[held.size()];
      for (int k = 0; k < uplift.length; k++) {
        uplift[k] = pt[k] - pc[k];
      }
    }
    boolean[] heldTreated = new boolean[held.size()];
    boolean[] heldOutcome = new boolean[held.size()];
    for (int k = 0; k < held.size(); k++) {
      heldTreated[k] = treated[held.get(k)];
      heldOutcome[k] = outcome[held.get(k)];
    }
    double[] curve = qiniCurve(uplift, heldTreated, heldOutcome, STEPS);
    return new Uplift(curve, qini(curve, held.size()), held.size(), n - held.size());
  }

  /**
   * Q at shares k / steps of the units ranked by falling score (ties broken by index, so the curve
   * is reproducible).
   */
  public static double[] qiniCurve(
      double[] score, boolean[] treated, boolean[] outcome, int steps) {
    int n = score.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -score[i]).thenComparing(i -> i));
    double[] curve = new double[steps + 1];
    long nt = 0;
    long nc = 0;
    long rt = 0;
    long rc = 0;
    int at = 0;
    for (int s = 1; s <= steps; s++) {
      int upTo = (int) Math.round((double) n * s / steps);
      for (; at < upTo; at++) {
        int i = order[at];
        if (treated[i]) {
          nt++;
          rt += outcome[i] ? 1 : 0;
        } else {
          nc++;
          rc += outcome[i] ? 1 : 0;
        }
      }
      curve[s] = nc == 0 ? rt : rt - (double) rc * nt / nc;
    }
    return curve;
  }

  /** Area between the curve and the random-targeting line, per unit (trapezoids over shares). */
  static double qini(double[] curve, int units) {
    int steps = curve.length - 1;
    double end = curve[steps];
    double area = 0;
    for (int s = 1; s <= steps; s++) {
      double lift0 = curve[s - 1] - end * (s - 1) / steps;
      double lift1 = curve[s] - end * s / steps;
      area += (lift0 + lift1) / 2 / steps;
    }
    return area / units;
  }

  /** Held-out units: TEST_SHARE of each arm, chosen by a seeded shuffle. */
  static boolean[] split(boolean[] treated, long seed) {
    boolean[] test = new boolean[treated.length];
    for (boolean arm : new boolean[] {true, false}) {
      List<Integer> units = new ArrayList<>();
      for (int i = 0; i < treated.length; i++) {
        if (treated[i] == arm) {
          units.add(i);
        }
      }
      SplittableRandom rng = new SplittableRandom(seed + (arm ? 1 : 0));
      for (int i = units.size() - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        Integer tmp = units.get(i);
        units.set(i, units.get(j));
        units.set(j, tmp);
      }
      for (int k = 0; k < Math.round(TEST_SHARE * units.size()); k++) {
        test[units.get(k)] = true;
      }
    }
    return test;
  }

  private static double[][] rows(double[][] x, List<Integer> idx) {
    double[][] out = new double[idx.size()][];
    for (int k = 0; k < out.length; k++) {
      out[k] = x[idx.get(k)];
    }
    return out;
  }

  private static boolean[] labels(boolean[] y, List<Integer> idx) {
    boolean[] out = new boolean[idx.size()];
    for (int k = 0; k < out.length; k++) {
      out[k] = y[idx.get(k)];
    }
    return out;
  }
}
