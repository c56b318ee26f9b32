package dev.rapport.core.journey;

import java.util.Map;

/**
 * What the journeys of many customers add up to: how journeys ended, the credit each touchpoint
 * earned under the rule-based attribution models, the transitions between touchpoints for the
 * Markov model, and how often each path led to a purchase, lapsed, or preceded churn. Every part is
 * a sum, so the logs of the fold threads {@link #add} into one.
 */
public final class JourneyLog {
  /** The rule-based attribution models, in the order of {@link #credit}. */
  public enum Model {
    /** All the credit to the first touchpoint of the journey. */
    FIRST_TOUCH,
    /** All the credit to the last touchpoint before the purchase. */
    LAST_TOUCH,
    /** Equal shares to every step. */
    LINEAR,
    /** 40% first, 40% last, 20% shared by the steps between (half and half for two steps). */
    POSITION_BASED;

    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Index of the start state in {@link #transitions}; touchpoints are 0..COUNT-1. */
  public static final int START = Touchpoints.COUNT;

  /** Index of the purchase (absorbing) state. */
  public static final int CONVERSION = Touchpoints.COUNT + 1;

  /** Index of the journey that ended without a purchase (absorbing). */
  public static final int NULL = Touchpoints.COUNT + 2;

  /** Path outcome counters, in the arrays of {@link #paths}. */
  public static final int CONVERTED = 0;

  public static final int LAPSED = 1;
  public static final int CHURNED = 2;

  private static final int STATES = Touchpoints.COUNT + 3;

  private final long[][] transitions = new long[STATES][STATES];
  private final double[][] credit = new double[Model.values().length][Touchpoints.COUNT];
  private final double[][] revenueCredit = new double[Model.values().length][Touchpoints.COUNT];
  private final PathCounts paths = new PathCounts();
  private long converted;
  private long lapsed;
  private long open;
  private long direct;
  private double convertedRevenue;
  private double directRevenue;

  /** A journey that ended in a purchase worth {@code value}; steps are collapsed touchpoints. */
  void converted(short[] steps, int n, boolean elided, double value) {
    converted++;
    convertedRevenue += value;
    chain(steps, n, CONVERSION);
    path(JourneyPath.pack(steps, n, elided), CONVERTED);
    credit(Model.FIRST_TOUCH, steps[0], 1, value);
    credit(Model.LAST_TOUCH, steps[n - 1], 1, value);
    for (int i = 0; i < n; i++) {
      credit(Model.LINEAR, steps[i], 1.0 / n, value);
      credit(Model.POSITION_BASED, steps[i], positionShare(i, n), value);
    }
  }

  /** A journey whose window closed without a purchase. */
  void lapsed(short[] steps, int n, boolean elided) {
    lapsed++;
    chain(steps, n, NULL);
    path(JourneyPath.pack(steps, n, elided), LAPSED);
  }

  /**
   * A journey still inside its window at the snapshot: it may yet convert, so it counts nowhere.
   */
  void leftOpen() {
    open++;
  }

  /** A purchase with no touchpoint since the previous one (or ever): nothing to attribute it to. */
  void direct(double value) {
    direct++;
    directRevenue += value;
  }

  /** The last touchpoints of a customer who just churned. */
  void churned(long pathKey) {
    path(pathKey, CHURNED);
  }

  /**
   * The position-based (U-shaped) share of step {@code i} of {@code n}: 40% each to the first and
   * the last, 20% spread over the steps between; half each of two steps; all of one.
   */
  public static double positionShare(int i, int n) {
    if (n == 1) {
      return 1;
    }
    if (n == 2) {
      return 0.5;
    }
    return i == 0 || i == n - 1 ? 0.4 : 0.2 / (n - 2);
  }

  private void chain(short[] steps, int n, int end) {
    transitions[START][steps[0]]++;
    for (int i = 1; i < n; i++) {
      transitions[steps[i - 1]][steps[i]]++;
    }
    transitions[steps[n - 1]][end]++;
  }

  private void path(long key, int outcome) {
    paths.add(key, outcome, 1);
  }

  private void credit(Model m, int touchpoint, double share, double value) {
    credit[m.ordinal()][touchpoint] += share;
    revenueCredit[m.ordinal()][touchpoint] += share * value;
  }

  /** Adds another log's counts to this one. */
  public void add(JourneyLog o) {
    for (int i = 0; i < STATES; i++) {
      for (int j = 0; j < STATES; j++) {
        transitions[i][j] += o.transitions[i][j];
      }
    }
    for (int m = 0; m < credit.length; m++) {
      for (int t = 0; t < Touchpoints.COUNT; t++) {
        credit[m][t] += o.credit[m][t];
        revenueCredit[m][t] += o.revenueCredit[m][t];
      }
    }
    paths.addAll(o.paths);
    converted += o.converted;
    lapsed += o.lapsed;
    open += o.open;
    direct += o.direct;
    convertedRevenue += o.convertedRevenue;
    directRevenue += o.directRevenue;
  }

  /**
   * How often the chain went from state {@code from} to state {@code to}: touchpoints, {@link
   * #START}, {@link #CONVERSION}, {@link #NULL}.
   */
  public long transitions(int from, int to) {
    return transitions[from][to];
  }

  /** Conversions credited to a touchpoint by a rule-based model. */
  public double credit(Model m, int touchpoint) {
    return credit[m.ordinal()][touchpoint];
  }

  /** Revenue credited to a touchpoint by a rule-based model. */
  public double revenueCredit(Model m, int touchpoint) {
    return revenueCredit[m.ordinal()][touchpoint];
  }

  /** Receives one path and how often it ended each way. */
  public interface PathVisitor {
    void accept(long path, long converted, long lapsed, long churned);
  }

  /** Every path counted ({@link JourneyPath} keys), without copying them. */
  public void forEachPath(PathVisitor visitor) {
    paths.forEach(visitor);
  }

  /**
   * A copy of the packed paths ({@link JourneyPath}) with their counts by outcome ({@link
   * #CONVERTED}, {@link #LAPSED}, {@link #CHURNED}).
   */
  public Map<Long, long[]> paths() {
    return paths.toMap();
  }

  /** Journeys that ended in a purchase. */
  public long converted() {
    return converted;
  }

  /** Journeys whose window closed without a purchase. */
  public long lapsed() {
    return lapsed;
  }

  /** Journeys still inside their window at the snapshot (left out of attribution). */
  public long open() {
    return open;
  }

  /** Purchases without a touchpoint before them in the window. */
  public long direct() {
    return direct;
  }

  public double convertedRevenue() {
    return convertedRevenue;
  }

  public double directRevenue() {
    return directRevenue;
  }
}
