package dev.rapport.analytics.kpi;

import dev.rapport.core.Kind;
import dev.rapport.core.config.KpiSettings;
import dev.rapport.core.engine.BatchResult;
import dev.rapport.core.kpi.KpiCube;
import dev.rapport.core.kpi.KpiEvidence;
import dev.rapport.core.kpi.KpiTally;
import dev.rapport.core.lifecycle.Lifecycle;
import dev.rapport.core.lifecycle.Stage;
import dev.rapport.core.lifecycle.StageTransition;
import dev.rapport.core.profile.CustomerProfile;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;

/**
 * The KPI tables of one analysis: overall (all customers, and the engaged-only subset beside it),
 * by any grouping of customers, by month and by channel; the funnels; the cohort retention matrix;
 * and the month-by-month retention and churn rates. The values themselves are {@link Kpi}'s.
 */
public final class Kpis {
  /**
   * What the KPIs are computed from: one analysis's profiles with, in the same order, their KPI
   * evidence and lifecycles and (optionally) predicted CLV.
   *
   * @param clv predicted CLV per customer over the horizon, or null without the models
   * @param asOf the end of observation; null when there were no events
   */
  public record Input(
      List<CustomerProfile> profiles,
      List<KpiEvidence> evidence,
      KpiCube cube,
      List<Lifecycle> lifecycles,
      double[] clv,
      KpiSettings settings,
      Instant asOf,
      ZoneId zone) {
    public Input {
      if (evidence.size() != profiles.size() || lifecycles.size() != profiles.size()) {
        throw new IllegalArgumentException(
            evidence.size()
                + " KPI records and "
                + lifecycles.size()
                + " lifecycles for "
                + profiles.size()
                + " profiles");
      }
      if (clv != null && clv.length != profiles.size()) {
        throw new IllegalArgumentException(
            clv.length + " CLVs for " + profiles.size() + " profiles");
      }
    }

    int size() {
      return profiles.size();
    }

    /**
     * The last month observed: the month of the last second before the as-of time; null when
     * nothing was observed (no events, so no as-of time).
     */
    YearMonth lastMonth() {
      return asOf == null ? null : YearMonth.from(asOf.minusSeconds(1).atZone(zone));
    }
  }

  private final Input in;

  private Kpis(Input in) {
    this.in = in;
  }

  public static Kpis of(Input in) {
    return new Kpis(in);
  }

  /** The KPIs of a fold's result, with predicted CLV per profile (null without the models). */
  public static Kpis of(BatchResult r, double[] clv, KpiSettings settings, ZoneId zone) {
    return of(
        new Input(
            r.profiles(),
            r.kpiEvidence(),
            r.kpis(),
            r.lifecycles(),
            clv,
            settings,
            r.asOf(),
            zone));
  }

  /** Every customer: the full denominator, ignored touches and silent customers included. */
  public KpiGroup overall() {
    return group("all", i -> true);
  }

  /**
   * Only customers who engaged at least once: the view a report gets when it leaves the unengaged
   * out, shown beside {@link #overall} to make the skew visible.
   */
  public KpiGroup engagedOnly() {
    return group("engaged_only", i -> in.evidence().get(i).engaged());
  }

  /** One group per label value (a null label is "(none)"), largest first. */
  public List<KpiGroup> byCustomers(IntFunction<String> label) {
    Map<String, List<Integer>> members = members(label);
    List<KpiGroup> out = new ArrayList<>();
    members.forEach((key, idx) -> out.add(group(key, idx)));
    out.sort(
        Comparator.comparingLong((KpiGroup g) -> -g.customers().customers())
            .thenComparing(KpiGroup::key));
    return out;
  }

  /** One group per month with events, in month order: events counted in the month they happened. */
  public List<KpiGroup> byMonth() {
    List<KpiGroup> out = new ArrayList<>();
    in.cube().byMonth().forEach((m, t) -> out.add(new KpiGroup(m.toString(), t, null)));
    return out;
  }

  /** One group per channel with events. */
  public List<KpiGroup> byChannel() {
    List<KpiGroup> out = new ArrayList<>();
    in.cube().byChannel().forEach((c, t) -> out.add(new KpiGroup(c.id(), t, null)));
    return out;
  }

  /**
   * A funnel's counts: {@code reached[i]} customers reached step {@code i} (so {@code reached[0]}
   * entered it), overall and per group of a labelling (empty without one).
   */
  public record FunnelResult(
      String name, List<Kind> steps, Duration window, long[] reached, Map<String, long[]> byGroup) {
    /** Customers who reached the last step / customers who entered; NaN when nobody entered. */
    public double conversion() {
      return Kpi.ratio(reached[reached.length - 1], reached[0]);
    }

    public static double conversion(long[] reached) {
      return Kpi.ratio(reached[reached.length - 1], reached[0]);
    }
  }

  public List<FunnelResult> funnels(IntFunction<String> label) {
    List<FunnelResult> out = new ArrayList<>();
    List<KpiSettings.Funnel> fs = in.settings().funnels();
    for (int f = 0; f < fs.size(); f++) {
      KpiSettings.Funnel spec = fs.get(f);
      int steps = spec.steps().size();
      long[] reached = new long[steps];
      Map<String, long[]> byGroup = new TreeMap<>();
      for (int i = 0; i < in.size(); i++) {
        int depth = in.evidence().get(i).funnelSteps()[f];
        long[] g =
            label == null
                ? null
                : byGroup.computeIfAbsent(key(label.apply(i)), k -> new long[steps]);
        for (int s = 0; s < depth; s++) {
          reached[s]++;
          if (g != null) {
            g[s]++;
          }
        }
      }
      out.add(new FunnelResult(spec.name(), spec.steps(), spec.window(), reached, byGroup));
    }
    return out;
  }

  /**
   * The cohort retention matrix: customers by the month of their first purchase, and how many of
   * each cohort bought again {@code k} months later ({@code retained[c][0]} is the cohort itself).
   * Each row runs to the last month observed.
   */
  public record CohortMatrix(List<YearMonth> cohorts, long[][] retained) {
    public double share(int cohort, int k) {
      return Kpi.ratio(retained[cohort][k], retained[cohort][0]);
    }
  }

  public CohortMatrix cohorts() {
    TreeMap<Integer, List<KpiEvidence>> byCohort = new TreeMap<>();
    for (KpiEvidence e : in.evidence()) {
      if (e.firstPurchaseMonth() != KpiEvidence.NO_PURCHASE) {
        byCohort.computeIfAbsent(e.firstPurchaseMonth(), k -> new ArrayList<>()).add(e);
      }
    }
    if (in.lastMonth() == null) {
      return new CohortMatrix(List.of(), new long[0][]);
    }
    int last = KpiCube.monthIndex(in.lastMonth());
    List<YearMonth> months = new ArrayList<>();
    List<long[]> rows = new ArrayList<>();
    byCohort.forEach(
        (m, members) -> {
          long[] row = new long[Math.max(1, last - m + 1)];
          for (KpiEvidence e : members) {
            for (int k = 0; k < row.length; k++) {
              if (e.boughtInMonth(k)) {
                row[k]++;
              }
            }
          }
          months.add(KpiCube.month(m));
          rows.add(row);
        });
    return new CohortMatrix(months, rows.toArray(new long[0][]));
  }

  /**
   * One month's customer flows.
   *
   * @param buyersBefore customers who bought in the month before
   * @param retained of those, customers who bought in this month too
   * @param atRisk customers acquired before the month and not churned at its start
   * @param churned of those, customers who entered churned during the month
   * @param acquired customers whose first event was in the month
   */
  public record MonthFlow(
      YearMonth month, long buyersBefore, long retained, long atRisk, long churned, long acquired) {
    /** Buyers of the month before who bought again this month / buyers of the month before. */
    public double retentionRate() {
      return Kpi.ratio(retained, buyersBefore);
    }

    /** Customers who churned in the month / customers acquired and not churned at its start. */
    public double churnRate() {
      return Kpi.ratio(churned, atRisk);
    }
  }

  /** Month by month from the first event's month to the last month observed. */
  public List<MonthFlow> monthFlows() {
    int first = Integer.MAX_VALUE;
    for (CustomerProfile p : in.profiles()) {
      if (p.firstSeen() != null) {
        first =
            Math.min(first, KpiCube.monthIndex(YearMonth.from(p.firstSeen().atZone(in.zone()))));
      }
    }
    if (first == Integer.MAX_VALUE || in.lastMonth() == null) {
      return List.of();
    }
    int last = KpiCube.monthIndex(in.lastMonth());
    if (first > last) {
      return List.of();
    }
    int n = last - first + 1;
    long[] buyersBefore = new long[n];
    long[] retained = new long[n];
    long[] atRisk = new long[n];
    long[] churned = new long[n];
    long[] acquired = new long[n];
    long[] monthStart = new long[n + 1];
    for (int m = 0; m <= n; m++) {
      monthStart[m] = KpiCube.month(first + m).atDay(1).atStartOfDay(in.zone()).toEpochSecond();
    }
    for (int i = 0; i < in.size(); i++) {
      KpiEvidence e = in.evidence().get(i);
      if (e.firstPurchaseMonth() != KpiEvidence.NO_PURCHASE) {
        for (int m = 1; m < n; m++) {
          int k = first + m - 1 - e.firstPurchaseMonth();
          if (e.boughtInMonth(k)) {
            buyersBefore[m]++;
            if (e.boughtInMonth(k + 1)) {
              retained[m]++;
            }
          }
        }
      }
      stageFlows(in.lifecycles().get(i), monthStart, atRisk, churned, acquired);
    }
    List<MonthFlow> out = new ArrayList<>(n);
    for (int m = 0; m < n; m++) {
      out.add(
          new MonthFlow(
              KpiCube.month(first + m),
              buyersBefore[m],
              retained[m],
              atRisk[m],
              churned[m],
              acquired[m]));
    }
    return out;
  }

  /**
   * Month-over-month retention over the whole period: the buyers of any month who bought again the
   * month after, over all such buyers (each month's rate weighted by its buyers).
   */
  public static double retentionRate(List<MonthFlow> flows) {
    long retained = 0;
    long base = 0;
    for (MonthFlow f : flows) {
      retained += f.retained();
      base += f.buyersBefore();
    }
    return Kpi.ratio(retained, base);
  }

  /**
   * The monthly churn rate over the whole period: customers who churned in a month over the
   * customers at risk at the month's start, summed over months.
   */
  public static double monthlyChurnRate(List<MonthFlow> flows) {
    long churned = 0;
    long atRisk = 0;
    for (MonthFlow f : flows) {
      churned += f.churned();
      atRisk += f.atRisk();
    }
    return Kpi.ratio(churned, atRisk);
  }

  /** Adds one customer's lifecycle to the monthly at-risk, churned and acquired counts. */
  private static void stageFlows(
      Lifecycle life, long[] monthStart, long[] atRisk, long[] churned, long[] acquired) {
    List<StageTransition> ts = life.transitions();
    if (ts.isEmpty()) {
      return;
    }
    int n = monthStart.length - 1;
    int next = 0;
    Stage stage = null; // before the first transition: not yet a customer
    for (int m = 0; m < n; m++) {
      while (next < ts.size() && ts.get(next).atSecond() < monthStart[m]) {
        stage = ts.get(next++).to();
      }
      if (stage != null && stage != Stage.CHURNED) {
        atRisk[m]++;
      }
      boolean churnedInMonth = false;
      int j = next;
      while (j < ts.size() && ts.get(j).atSecond() < monthStart[m + 1]) {
        if (j == 0) {
          acquired[m]++;
        }
        if (ts.get(j).to() == Stage.CHURNED && stage != null && stage != Stage.CHURNED) {
          churnedInMonth = true;
        }
        j++;
      }
      if (churnedInMonth) {
        churned[m]++;
      }
    }
  }

  private KpiGroup group(String key, IntPredicate member) {
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < in.size(); i++) {
      if (member.test(i)) {
        idx.add(i);
      }
    }
    return group(key, idx);
  }

  private KpiGroup group(String key, List<Integer> idx) {
    KpiTally tally = new KpiTally();
    long engaged = 0;
    long buyers = 0;
    long repeat = 0;
    long activated = 0;
    long churned = 0;
    double clv = in.clv() == null ? Double.NaN : 0;
    for (int i : idx) {
      KpiEvidence e = in.evidence().get(i);
      CustomerProfile p = in.profiles().get(i);
      tally.add(e.tally());
      engaged += e.engaged() ? 1 : 0;
      buyers += p.purchases() > 0 ? 1 : 0;
      repeat += p.frequency() >= 1 ? 1 : 0;
      Lifecycle life = in.lifecycles().get(i);
      activated += activated(life) ? 1 : 0;
      churned += life.stage() == Stage.CHURNED ? 1 : 0;
      if (in.clv() != null && !Double.isNaN(in.clv()[i])) {
        clv += in.clv()[i];
      }
    }
    return new KpiGroup(
        key,
        tally,
        new CustomerCounts(idx.size(), engaged, buyers, repeat, activated, churned, clv));
  }

  /** Reached activation or any later rung at some time (skipped rungs count as passed). */
  private static boolean activated(Lifecycle life) {
    for (StageTransition t : life.transitions()) {
      Stage s = t.to();
      if (s.isPositive() && s.ordinal() >= Stage.ACTIVATION.ordinal()) {
        return true;
      }
    }
    return false;
  }

  private Map<String, List<Integer>> members(IntFunction<String> label) {
    Map<String, List<Integer>> m = new LinkedHashMap<>();
    for (int i = 0; i < in.size(); i++) {
      m.computeIfAbsent(key(label.apply(i)), k -> new ArrayList<>()).add(i);
    }
    return m;
  }

  static String key(String label) {
    return label == null || label.isEmpty() ? "(none)" : label;
  }
}
