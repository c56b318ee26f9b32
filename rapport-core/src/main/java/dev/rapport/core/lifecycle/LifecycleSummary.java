package dev.rapport.core.lifecycle;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The lifecycle of a whole population at a snapshot: where customers are, how they got there and
 * how fast.
 *
 * @param asOf the snapshot time
 * @param customers customers with a lifecycle
 * @param current customers per current stage
 * @param byMonth the stage of every customer already acquired at the end of each calendar month (in
 *     the business time zone) from the first acquisition to the snapshot; the last entry is the
 *     snapshot itself
 * @param flows transition counts, from stage to stage; {@code from} null (new customers entering
 *     acquisition) is left out
 * @param reactivations returns from disengaged or churned
 * @param medianDaysInStage median length of completed stays in each stage, in days
 * @param medianDaysToReach lifecycle velocity: median days from acquisition to a customer's first
 *     entry into each stage, over the customers who reached it
 * @param reached customers who ever entered each stage
 * @param activationRate share of customers who ever entered a ladder stage above acquisition
 *     (activation or, skipping it, a higher one: a first purchase that also made them engaged
 *     counts), including through a reactivation
 * @param medianDaysToActivate median days from acquisition to that first entry, over activated
 *     customers
 */
public record LifecycleSummary(
    Instant asOf,
    int customers,
    Map<Stage, Integer> current,
    List<Month> byMonth,
    Map<Stage, Map<Stage, Integer>> flows,
    int reactivations,
    Map<Stage, Double> medianDaysInStage,
    Map<Stage, Double> medianDaysToReach,
    Map<Stage, Integer> reached,
    double activationRate,
    double medianDaysToActivate) {

  /**
   * Customers per stage at the end of a month.
   *
   * @param month the calendar month
   * @param counts customers per stage at its end (or at the snapshot, for the last month)
   */
  public record Month(YearMonth month, Map<Stage, Integer> counts) {}

  private static final double DAY = 86_400.0;

  public static LifecycleSummary of(List<Lifecycle> lifecycles, Instant asOf, ZoneId zone) {
    Map<Stage, Integer> current = counts();
    Map<Stage, Map<Stage, Integer>> flows = new EnumMap<>(Stage.class);
    Map<Stage, List<Double>> inStage = lists();
    Map<Stage, List<Double>> toReach = lists();
    List<Double> toActivate = new ArrayList<>();
    int reactivations = 0;
    int activated = 0;
    Instant firstAcquisition = null;
    for (Lifecycle l : lifecycles) {
      current.merge(l.stage(), 1, Integer::sum);
      List<StageTransition> ts = l.transitions();
      Instant acquired = ts.get(0).at();
      if (firstAcquisition == null || acquired.isBefore(firstAcquisition)) {
        firstAcquisition = acquired;
      }
      boolean[] seen = new boolean[Stage.values().length];
      boolean wasActivated = false;
      for (int i = 0; i < ts.size(); i++) {
        StageTransition t = ts.get(i);
        if (t.from() != null) {
          flows
              .computeIfAbsent(t.from(), k -> new EnumMap<>(Stage.class))
              .merge(t.to(), 1, Integer::sum);
        }
        if (t.reactivation()) {
          reactivations++;
        }
        if (!seen[t.to().ordinal()]) {
          seen[t.to().ordinal()] = true;
          toReach.get(t.to()).add(days(acquired, t.at()));
        }
        if (!wasActivated && t.to().isPositive() && t.to() != Stage.ACQUISITION) {
          wasActivated = true;
          toActivate.add(days(acquired, t.at()));
        }
        if (i + 1 < ts.size()) {
          inStage.get(t.to()).add(days(t.at(), ts.get(i + 1).at()));
        }
      }
      if (wasActivated) {
        activated++;
      }
    }
    Map<Stage, Integer> reached = counts();
    Map<Stage, Double> medianToReach = new EnumMap<>(Stage.class);
    Map<Stage, Double> medianInStage = new EnumMap<>(Stage.class);
    for (Stage s : Stage.values()) {
      reached.put(s, toReach.get(s).size());
      medianToReach.put(s, median(toReach.get(s)));
      medianInStage.put(s, median(inStage.get(s)));
    }
    int n = lifecycles.size();
    return new LifecycleSummary(
        asOf,
        n,
        current,
        firstAcquisition == null ? List.of() : byMonth(lifecycles, firstAcquisition, asOf, zone),
        flows,
        reactivations,
        medianInStage,
        medianToReach,
        reached,
        n == 0 ? Double.NaN : (double) activated / n,
        median(toActivate));
  }

  /** The stage of each acquired customer at each month end, and at the snapshot. */
  private static List<Month> byMonth(
      List<Lifecycle> lifecycles, Instant from, Instant asOf, ZoneId zone) {
    List<YearMonth> months = new ArrayList<>();
    List<Instant> ends = new ArrayList<>();
    YearMonth last = YearMonth.from(asOf.minusSeconds(1).atZone(zone));
    for (YearMonth m = YearMonth.from(from.atZone(zone)); !m.isAfter(last); m = m.plusMonths(1)) {
      Instant end = m.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
      months.add(m);
      ends.add(end.isAfter(asOf) ? asOf : end);
    }
    int[][] counts = new int[months.size()][Stage.values().length];
    for (Lifecycle l : lifecycles) {
      List<StageTransition> ts = l.transitions();
      int i = 0;
      for (int m = 0; m < ends.size(); m++) {
        // The stage at a month end is the one entered by the last transition before it.
        while (i < ts.size() && ts.get(i).at().isBefore(ends.get(m))) {
          i++;
        }
        if (i > 0) {
          counts[m][ts.get(i - 1).to().ordinal()]++;
        }
      }
    }
    List<Month> out = new ArrayList<>(months.size());
    for (int m = 0; m < months.size(); m++) {
      Map<Stage, Integer> c = new EnumMap<>(Stage.class);
      for (Stage s : Stage.values()) {
        c.put(s, counts[m][s.ordinal()]);
      }
      out.add(new Month(months.get(m), Collections.unmodifiableMap(c)));
    }
    return out;
  }

  private static Map<Stage, Integer> counts() {
    Map<Stage, Integer> m = new EnumMap<>(Stage.class);
    for (Stage s : Stage.values()) {
      m.put(s, 0);
    }
    return m;
  }

  private static Map<Stage, List<Double>> lists() {
    Map<Stage, List<Double>> m = new EnumMap<>(Stage.class);
    for (Stage s : Stage.values()) {
      m.put(s, new ArrayList<>());
    }
    return m;
  }

  private static double days(Instant a, Instant b) {
    return (b.getEpochSecond() - a.getEpochSecond()) / DAY;
  }

  /** The median (mean of the middle two for an even count); NaN for none. */
  static double median(List<Double> xs) {
    if (xs.isEmpty()) {
      return Double.NaN;
    }
    double[] a = xs.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(a);
    int n = a.length;
    return n % 2 == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
  }
}
