package dev.rapport.analytics.kpi;

import dev.rapport.analytics.stats.Percentiles;
import dev.rapport.core.kpi.KpiCount;
import dev.rapport.core.kpi.KpiSum;
import dev.rapport.core.kpi.KpiTally;
import java.util.Arrays;
import java.util.function.ToDoubleFunction;

/**
 * Every KPI Rapport reports, each defined once, here. A rate is NaN when its denominator is 0 (no
 * answers is not 0% satisfied). Customer-level KPIs are NaN for groups of events. {@code
 * docs/KPIS.md} carries the same definitions for readers.
 */
public enum Kpi {
  CUSTOMERS(
      "customers", Unit.COUNT, "customers with at least one event", customers(c -> c.customers())),
  ENGAGED_CUSTOMERS(
      "engaged_customers",
      Unit.COUNT,
      "customers who answered a touch or responded on a channel at least once",
      customers(c -> c.engaged())),
  BUYERS("buyers", Unit.COUNT, "customers with at least one purchase", customers(c -> c.buyers())),
  CONVERSION_RATE(
      "conversion_rate",
      Unit.SHARE,
      "buyers / customers",
      customers(c -> ratio(c.buyers(), c.customers()))),
  REPEAT_RATE(
      "repeat_rate",
      Unit.SHARE,
      "buyers who bought on two or more days / buyers",
      customers(c -> ratio(c.repeatBuyers(), c.buyers()))),
  ACTIVATION_RATE(
      "activation_rate",
      Unit.SHARE,
      "customers who ever reached activation or a later rung / customers",
      customers(c -> ratio(c.activated(), c.customers()))),
  CHURN_RATE(
      "churn_rate",
      Unit.SHARE,
      "customers whose current stage is churned / customers",
      customers(c -> ratio(c.churned(), c.customers()))),
  TOUCHES("touches", Unit.COUNT, "touches sent", g -> count(g, KpiCount.TOUCHES)),
  RESPONSE_RATE(
      "response_rate",
      Unit.SHARE,
      "engaged touches / decided touches (engaged + unengaged); pending ones wait",
      g -> ratio(count(g, KpiCount.ENGAGED), decided(g))),
  UNENGAGED_RATE(
      "unengaged_rate",
      Unit.SHARE,
      "unengaged touches / decided touches",
      g -> ratio(count(g, KpiCount.UNENGAGED), decided(g))),
  BOUNCE_RATE(
      "bounce_rate",
      Unit.SHARE,
      "bounced touches / touches",
      g -> ratio(count(g, KpiCount.BOUNCED), count(g, KpiCount.TOUCHES))),
  UNSUBSCRIBE_RATE(
      "unsubscribe_rate",
      Unit.SHARE,
      "unsubscribes (outcomes and events) / touches",
      g -> ratio(count(g, KpiCount.UNSUBSCRIBES), count(g, KpiCount.TOUCHES))),
  COMPLAINT_RATE(
      "complaint_rate",
      Unit.SHARE,
      "complaints (outcomes and events) / touches",
      g -> ratio(count(g, KpiCount.COMPLAINTS), count(g, KpiCount.TOUCHES))),
  RESPONSES("responses", Unit.COUNT, "inbound response events", g -> count(g, KpiCount.RESPONSES)),
  PURCHASES("purchases", Unit.COUNT, "purchase events", g -> count(g, KpiCount.PURCHASES)),
  REVENUE("revenue", Unit.MONEY, "value of purchases", g -> g.tally().sum(KpiSum.REVENUE)),
  NET_REVENUE(
      "net_revenue",
      Unit.MONEY,
      "value of purchases - value of returns",
      g -> g.tally().sum(KpiSum.REVENUE) - g.tally().sum(KpiSum.RETURNED)),
  AVERAGE_ORDER_VALUE(
      "average_order_value",
      Unit.MONEY,
      "value of purchases / purchases",
      g -> ratio(g.tally().sum(KpiSum.REVENUE), count(g, KpiCount.PURCHASES))),
  CSAT(
      "csat",
      Unit.SHARE,
      "CSAT answers at or above kpi.csat_satisfied_at_least / CSAT answers",
      g -> ratio(count(g, KpiCount.CSAT_SATISFIED), count(g, KpiCount.CSAT_ANSWERS))),
  CSAT_ANSWERS(
      "csat_answers", Unit.COUNT, "scored CSAT surveys", g -> count(g, KpiCount.CSAT_ANSWERS)),
  NPS(
      "nps",
      Unit.SCORE,
      "100 x (promoters (9-10) - detractors (0-6)) / NPS answers, from -100 to 100",
      g ->
          100.0
              * ratio(
                  count(g, KpiCount.PROMOTERS) - count(g, KpiCount.DETRACTORS),
                  count(g, KpiCount.NPS_ANSWERS))),
  NPS_ANSWERS(
      "nps_answers", Unit.COUNT, "scored NPS surveys on 0-10", g -> count(g, KpiCount.NPS_ANSWERS)),
  CES(
      "ces",
      Unit.SCORE,
      "mean CES score (the scale of the survey; lower is less effort on 1-7)",
      g -> ratio(g.tally().sum(KpiSum.CES_SCORE), count(g, KpiCount.CES_ANSWERS))),
  CES_ANSWERS("ces_answers", Unit.COUNT, "scored CES surveys", g -> count(g, KpiCount.CES_ANSWERS)),
  TICKETS(
      "tickets",
      Unit.COUNT,
      "tickets opened (customer messages to service)",
      g -> count(g, KpiCount.TICKETS)),
  FIRST_RESPONSES(
      "first_responses",
      Unit.COUNT,
      "tickets that got an agent reply or resolution",
      g -> g.tally().firstResponseCount()),
  FIRST_RESPONSE_MEAN_HOURS(
      "first_response_mean_hours",
      Unit.HOURS,
      "mean time from a ticket's opening to the first agent reply (or its resolution)",
      g -> mean(g.tally().firstResponseSeconds()) / 3600.0),
  FIRST_RESPONSE_MEDIAN_HOURS(
      "first_response_median_hours",
      Unit.HOURS,
      "median of the same",
      g -> quantile(g.tally().firstResponseSeconds(), 0.5) / 3600.0),
  FIRST_RESPONSE_P90_HOURS(
      "first_response_p90_hours",
      Unit.HOURS,
      "90th percentile of the same",
      g -> quantile(g.tally().firstResponseSeconds(), 0.9) / 3600.0),
  RESOLUTIONS("resolutions", Unit.COUNT, "tickets resolved", g -> g.tally().resolutionCount()),
  RESOLUTION_MEAN_HOURS(
      "resolution_mean_hours",
      Unit.HOURS,
      "mean time from a ticket's opening to its resolution",
      g -> mean(g.tally().resolutionSeconds()) / 3600.0),
  RESOLUTION_MEDIAN_HOURS(
      "resolution_median_hours",
      Unit.HOURS,
      "median of the same",
      g -> quantile(g.tally().resolutionSeconds(), 0.5) / 3600.0),
  RESOLUTION_P90_HOURS(
      "resolution_p90_hours",
      Unit.HOURS,
      "90th percentile of the same",
      g -> quantile(g.tally().resolutionSeconds(), 0.9) / 3600.0),
  REFERRALS("referrals", Unit.COUNT, "referral events", g -> count(g, KpiCount.REFERRALS)),
  REVIEWS("reviews", Unit.COUNT, "review events", g -> count(g, KpiCount.REVIEWS)),
  CLV_TOTAL(
      "clv_total",
      Unit.MONEY,
      "sum of the customers' predicted lifetime value over the CLV horizon",
      customers(c -> c.clv()));

  /** How a value reads. */
  public enum Unit {
    COUNT,
    SHARE,
    MONEY,
    SCORE,
    HOURS
  }

  private final String id;
  private final Unit unit;
  private final String definition;
  private final ToDoubleFunction<KpiGroup> formula;

  Kpi(String id, Unit unit, String definition, ToDoubleFunction<KpiGroup> formula) {
    this.id = id;
    this.unit = unit;
    this.definition = definition;
    this.formula = formula;
  }

  public String id() {
    return id;
  }

  public Unit unit() {
    return unit;
  }

  public String definition() {
    return definition;
  }

  /** True for KPIs that need customer counts (NaN on groups of events). */
  public boolean perCustomer() {
    return this == CUSTOMERS
        || this == ENGAGED_CUSTOMERS
        || this == BUYERS
        || this == CONVERSION_RATE
        || this == REPEAT_RATE
        || this == ACTIVATION_RATE
        || this == CHURN_RATE
        || this == CLV_TOTAL;
  }

  public double of(KpiGroup g) {
    return formula.applyAsDouble(g);
  }

  private static ToDoubleFunction<KpiGroup> customers(ToDoubleFunction<CustomerCounts> f) {
    return g -> g.customers() == null ? Double.NaN : f.applyAsDouble(g.customers());
  }

  private static double count(KpiGroup g, KpiCount c) {
    return g.tally().count(c);
  }

  private static double decided(KpiGroup g) {
    KpiTally t = g.tally();
    return t.count(KpiCount.ENGAGED) + t.count(KpiCount.UNENGAGED);
  }

  static double ratio(double num, double den) {
    return den == 0 ? Double.NaN : num / den;
  }

  private static double mean(int[] v) {
    if (v.length == 0) {
      return Double.NaN;
    }
    double s = 0;
    for (int x : v) {
      s += x;
    }
    return s / v.length;
  }

  private static double quantile(int[] v, double p) {
    int[] sorted = v.clone();
    Arrays.sort(sorted);
    return Percentiles.quantile(sorted, p);
  }
}
