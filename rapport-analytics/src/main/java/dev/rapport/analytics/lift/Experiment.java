package dev.rapport.analytics.lift;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A randomised experiment (or a campaign with a holdout): every unit's arm and outcomes. Each
 * treatment arm is compared with the control arm on the response rate (e.g. visits), the conversion
 * rate and revenue per unit, overall and within segments.
 *
 * @param arms each unit's arm name
 * @param control the control arm's name (the holdout)
 * @param responded each unit's response (visit, open, click) — 0 or 1
 * @param converted each unit's conversion — 0 or 1
 * @param revenue each unit's revenue in the measurement window (0 for most)
 * @param segments named segmentations: each unit's value, for the comparisons by segment
 */
public record Experiment(
    List<String> arms,
    String control,
    boolean[] responded,
    boolean[] converted,
    double[] revenue,
    Map<String, List<String>> segments) {

  /** Bootstrap resamples for revenue; seeded, so a report is reproducible. */
  public static final int RESAMPLES = 2_000;

  public static final long SEED = 20_081_203L;

  public Experiment {
    int n = arms.size();
    if (responded.length != n || converted.length != n || revenue.length != n) {
      throw new IllegalArgumentException(
          "arms, responses, conversions and revenue must have one value per unit");
    }
    if (!arms.contains(control)) {
      throw new IllegalArgumentException(
          "the control arm '" + control + "' has no units; arms seen: " + armNames(arms));
    }
    segments.forEach(
        (name, values) -> {
          if (values.size() != n) {
            throw new IllegalArgumentException(
                "segment " + name + " has " + values.size() + " values for " + n + " units");
          }
        });
  }

  /**
   * One arm's totals and, for a treatment arm, its lifts against the control.
   *
   * @param arm the arm's name
   * @param units units in it
   * @param responses units that responded
   * @param conversions units that converted
   * @param revenue their total revenue
   * @param responseLift null for the control arm
   * @param conversionLift null for the control arm
   * @param revenueLift Welch t on revenue per unit; null for the control arm
   * @param revenueBootstrap the bootstrap interval of the same difference; null for the control,
   *     and within segments compared without it ({@link #bySegment(String, boolean)})
   */
  public record Arm(
      String arm,
      long units,
      long responses,
      long conversions,
      double revenue,
      Lift responseLift,
      Lift conversionLift,
      Lift revenueLift,
      Lift revenueBootstrap) {
    public double responseRate() {
      return (double) responses / units;
    }

    public double conversionRate() {
      return (double) conversions / units;
    }

    public double revenuePerUnit() {
      return revenue / units;
    }
  }

  /** Every arm, control first, the others in order of first appearance. */
  public List<Arm> compare() {
    return compare(allUnits(), true);
  }

  /**
   * Per value of the segmentation {@code name}: the arms compared within it. Values where an arm
   * has fewer than two units are left out (no test is possible there).
   */
  public Map<String, List<Arm>> bySegment(String name) {
    return bySegment(name, true);
  }

  /**
   * As {@link #bySegment(String)}; without {@code bootstrap}, revenue is compared by Welch's t
   * only. The bootstrap draws {@value #RESAMPLES} resamples of every arm of every segment value,
   * which across tens of campaigns and segmentations is most of the time a measurement takes.
   */
  public Map<String, List<Arm>> bySegment(String name, boolean bootstrap) {
    List<String> values = segments.get(name);
    if (values == null) {
      throw new IllegalArgumentException(
          "no segmentation '" + name + "'; known: " + segments.keySet());
    }
    Map<String, List<Integer>> units = new LinkedHashMap<>();
    for (int i = 0; i < values.size(); i++) {
      units.computeIfAbsent(values.get(i), v -> new ArrayList<>()).add(i);
    }
    Map<String, List<Arm>> out = new LinkedHashMap<>();
    units.forEach(
        (value, idx) -> {
          int[] u = idx.stream().mapToInt(Integer::intValue).toArray();
          if (armsHaveTwoEach(u)) {
            out.put(value, compare(u, bootstrap));
          }
        });
    return out;
  }

  private boolean armsHaveTwoEach(int[] units) {
    Map<String, Integer> n = new LinkedHashMap<>();
    for (int i : units) {
      n.merge(arms.get(i), 1, Integer::sum);
    }
    return n.size() == armNames(arms).size() && n.values().stream().allMatch(c -> c >= 2);
  }

  private int[] allUnits() {
    int[] u = new int[arms.size()];
    for (int i = 0; i < u.length; i++) {
      u[i] = i;
    }
    return u;
  }

  private List<Arm> compare(int[] units, boolean bootstrap) {
    Map<String, List<Integer>> byArm = new LinkedHashMap<>();
    byArm.put(control, new ArrayList<>());
    for (int i : units) {
      byArm.computeIfAbsent(arms.get(i), a -> new ArrayList<>()).add(i);
    }
    Totals c = totals(byArm.get(control));
    List<Arm> out = new ArrayList<>();
    out.add(
        new Arm(control, c.n, c.responses, c.conversions, c.revenueSum, null, null, null, null));
    for (Map.Entry<String, List<Integer>> e : byArm.entrySet()) {
      if (e.getKey().equals(control)) {
        continue;
      }
      Totals t = totals(e.getValue());
      out.add(
          new Arm(
              e.getKey(),
              t.n,
              t.responses,
              t.conversions,
              t.revenueSum,
              Tests.twoProportions("response rate", t.responses, t.n, c.responses, c.n),
              Tests.twoProportions("conversion rate", t.conversions, t.n, c.conversions, c.n),
              Tests.welch("revenue per unit", t.revenue, c.revenue),
              bootstrap
                  ? Tests.bootstrap("revenue per unit", t.revenue, c.revenue, RESAMPLES, SEED)
                  : null));
    }
    return out;
  }

  private record Totals(
      long n, long responses, long conversions, double revenueSum, double[] revenue) {}

  private Totals totals(List<Integer> units) {
    long responses = 0;
    long conversions = 0;
    double sum = 0;
    double[] r = new double[units.size()];
    for (int k = 0; k < units.size(); k++) {
      int i = units.get(k);
      responses += responded[i] ? 1 : 0;
      conversions += converted[i] ? 1 : 0;
      r[k] = revenue[i];
      sum += revenue[i];
    }
    return new Totals(units.size(), responses, conversions, sum, r);
  }

  private static List<String> armNames(List<String> arms) {
    return arms.stream().distinct().toList();
  }
}
