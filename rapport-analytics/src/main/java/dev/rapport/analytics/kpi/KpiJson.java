package dev.rapport.analytics.kpi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rapport.analytics.lift.CampaignLift;
import dev.rapport.analytics.lift.Experiment;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The KPI tables of {@link Kpis} as JSON: the shape of {@code out/kpis.json}, written by {@code
 * rapport analyze}, and of {@code GET /v1/kpis}, which the server computes live. One writer, so the
 * two cannot drift apart.
 */
public final class KpiJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private KpiJson() {}

  /** A grouping of customers asked for with {@code --by}: its name and a label per customer. */
  public record ByCustomers(String name, IntFunction<String> label) {}

  /**
   * The KPI document.
   *
   * @param by a grouping of customers to add a table for; null for none
   * @param campaigns the campaigns' lift; null to leave the section out
   */
  public static ObjectNode json(
      Kpis k, String asOf, String currency, ByCustomers by, List<CampaignLift> campaigns) {
    ObjectNode root = JSON.createObjectNode();
    root.put("as_of", asOf);
    root.put("currency", currency);
    root.put(
        "note",
        "Full denominators: every customer and every touch, ignored ones included. engaged_only"
            + " is the same over customers who answered at least once, to show the skew that"
            + " leaving the unengaged out would cause. Rates are shares (0-1); null: no"
            + " denominator. Definitions: docs/KPIS.md.");
    ObjectNode defs = root.putObject("definitions");
    for (Kpi kpi : Kpi.values()) {
      defs.put(kpi.id(), kpi.definition());
    }
    ObjectNode overall = root.putObject("overall");
    values(overall.putObject("all"), k.overall());
    values(overall.putObject("engaged_only"), k.engagedOnly());
    if (by != null) {
      ObjectNode b = root.putObject("by");
      b.put("dimension", by.name());
      groups(b.putArray("groups"), k.byCustomers(by.label()));
    }
    groups(root.putArray("by_month"), k.byMonth());
    groups(root.putArray("by_channel"), k.byChannel());
    ArrayNode flows = root.putArray("month_flows");
    for (Kpis.MonthFlow f : k.monthFlows()) {
      ObjectNode o = flows.addObject();
      o.put("month", f.month().toString());
      o.put("acquired", f.acquired());
      o.put("buyers_month_before", f.buyersBefore());
      o.put("retained", f.retained());
      number(o, "retention_rate", f.retentionRate());
      o.put("at_risk", f.atRisk());
      o.put("churned", f.churned());
      number(o, "churn_rate", f.churnRate());
    }
    ArrayNode funnels = root.putArray("funnels");
    for (Kpis.FunnelResult f : k.funnels(by != null ? by.label() : null)) {
      ObjectNode o = funnels.addObject();
      o.put("name", f.name());
      ArrayNode steps = o.putArray("steps");
      f.steps().forEach(s -> steps.add(s.id()));
      o.put("window_days", f.window().toHours() / 24.0);
      reached(o, f.reached());
      if (!f.byGroup().isEmpty()) {
        ObjectNode g = o.putObject("by_" + by.name());
        f.byGroup().forEach((key, reached) -> reached(g.putObject(key), reached));
      }
    }
    Kpis.CohortMatrix c = k.cohorts();
    ArrayNode cohorts = root.putArray("cohorts");
    for (int i = 0; i < c.cohorts().size(); i++) {
      ObjectNode o = cohorts.addObject();
      o.put("cohort", c.cohorts().get(i).toString());
      o.put("customers", c.retained()[i][0]);
      ArrayNode counts = o.putArray("retained");
      ArrayNode shares = o.putArray("share");
      for (int m = 0; m < c.retained()[i].length; m++) {
        counts.add(c.retained()[i][m]);
        shares.add(round(c.share(i, m)));
      }
    }
    if (campaigns != null) {
      ArrayNode arr = root.putArray("campaigns");
      for (CampaignLift l : campaigns) {
        campaign(arr.addObject(), l);
      }
    }
    return root;
  }

  private static void reached(ObjectNode o, long[] reached) {
    ArrayNode a = o.putArray("reached");
    for (long n : reached) {
      a.add(n);
    }
    ArrayNode step = o.putArray("step_conversion");
    for (int i = 1; i < reached.length; i++) {
      step.add(round(reached[i - 1] == 0 ? Double.NaN : (double) reached[i] / reached[i - 1]));
    }
    number(o, "conversion", Kpis.FunnelResult.conversion(reached));
  }

  private static void campaign(ObjectNode o, CampaignLift l) {
    o.put("campaign", l.campaign());
    o.put("touches", l.touches());
    o.put("customers", l.customers());
    number(o, "attributed_response_rate", l.attributedResponseRate());
    o.put("verdict", l.verdict().id());
    Experiment.Arm t = l.treated();
    if (t != null) {
      Experiment.Arm h = l.arms().get(0);
      o.put("treated", t.units());
      number(o, "treated_response_rate", t.responseRate());
      number(o, "treated_conversion_rate", (double) t.conversions() / t.units());
      number(o, "treated_revenue_per_customer", t.revenue() / t.units());
      o.put("holdout", h.units());
      number(o, "holdout_response_rate", h.responseRate());
      number(o, "holdout_conversion_rate", (double) h.conversions() / h.units());
      number(o, "holdout_revenue_per_customer", h.revenue() / h.units());
    }
  }

  private static void groups(ArrayNode arr, List<KpiGroup> groups) {
    for (KpiGroup g : groups) {
      ObjectNode o = arr.addObject();
      o.put("key", g.key());
      values(o.putObject("kpis"), g);
    }
  }

  private static void values(ObjectNode o, KpiGroup g) {
    for (Kpi kpi : Kpi.values()) {
      if (kpi.perCustomer() && g.customers() == null) {
        continue; // a group of events has no customer counts
      }
      number(o, kpi.id(), kpi.of(g));
    }
  }

  private static void number(ObjectNode o, String name, double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      o.putNull(name);
    } else if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      o.put(name, (long) v);
    } else {
      o.put(name, round(v));
    }
  }

  private static double round(double v) {
    return Double.isNaN(v) ? v : Math.round(v * 1e6) / 1e6;
  }
}
