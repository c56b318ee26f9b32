package dev.rapport.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rapport.analytics.clv.CustomerValue;
import dev.rapport.analytics.kpi.Kpi;
import dev.rapport.analytics.kpi.KpiGroup;
import dev.rapport.analytics.kpi.Kpis;
import dev.rapport.analytics.lift.CampaignLift;
import dev.rapport.analytics.lift.Experiment;
import dev.rapport.core.Kind;
import dev.rapport.core.engine.BatchResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * {@code out/kpis.json} and the KPI tables printed by {@code rapport kpi}: the same numbers, from
 * {@link Kpis}, in two forms.
 */
final class KpiOutputs {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The KPIs of a printed table, in column order: what an engagement team reads first. */
  static final List<Kpi> TABLE =
      List.of(
          Kpi.CUSTOMERS,
          Kpi.CONVERSION_RATE,
          Kpi.TOUCHES,
          Kpi.RESPONSE_RATE,
          Kpi.UNENGAGED_RATE,
          Kpi.NET_REVENUE,
          Kpi.AVERAGE_ORDER_VALUE,
          Kpi.CSAT,
          Kpi.NPS,
          Kpi.FIRST_RESPONSE_MEDIAN_HOURS,
          Kpi.CHURN_RATE);

  private KpiOutputs() {}

  /**
   * A grouping asked for with {@code --by}: of customers (a label per customer), of events (month,
   * channel), or the campaigns.
   */
  record Grouping(String name, IntFunction<String> label) {
    boolean ofCustomers() {
      return label != null;
    }
  }

  /** The KPI inputs of a fold, with predicted CLV where the models ran. */
  static Kpis kpis(Workspace ws, BatchResult r, CustomerValue value) {
    return Kpis.of(r, value == null ? null : value.clv(), ws.config().kpi(), ws.config().zone());
  }

  static ObjectNode json(
      Kpis k, String asOf, String currency, Grouping by, List<CampaignLift> campaigns) {
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
    if (by != null && by.ofCustomers()) {
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
    for (Kpis.FunnelResult f : k.funnels(by != null && by.ofCustomers() ? by.label() : null)) {
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

  static void write(Path file, ObjectNode root) {
    try {
      JSON.writeValue(file.toFile(), root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** A KPI value as a table reads it: shares as percentages, hours with one decimal. */
  static String format(Kpi k, double v) {
    if (Double.isNaN(v)) {
      return "-";
    }
    return switch (k.unit()) {
      case COUNT -> String.format(Locale.ROOT, "%,d", (long) v);
      case SHARE -> String.format(Locale.ROOT, "%.1f%%", 100 * v);
      case MONEY -> String.format(Locale.ROOT, "%,.2f", v);
      case SCORE -> String.format(Locale.ROOT, "%.1f", v);
      case HOURS -> String.format(Locale.ROOT, "%.1f h", v);
    };
  }

  /** Every KPI of the overall view: all customers beside the engaged-only subset. */
  static String overallTable(Kpis k) {
    KpiGroup all = k.overall();
    KpiGroup engaged = k.engagedOnly();
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"kpi", "all customers", "engaged only"});
    for (Kpi kpi : Kpi.values()) {
      rows.add(
          new String[] {kpi.id(), format(kpi, all.value(kpi)), format(kpi, engaged.value(kpi))});
    }
    return Tables.render(rows);
  }

  /** One row per group, the {@link #TABLE} KPIs as columns. */
  static String groupTable(String dimension, List<KpiGroup> groups) {
    List<String[]> rows = new ArrayList<>();
    String[] head = new String[TABLE.size() + 1];
    head[0] = dimension;
    for (int i = 0; i < TABLE.size(); i++) {
      head[i + 1] = TABLE.get(i).id();
    }
    rows.add(head);
    for (KpiGroup g : groups) {
      String[] row = new String[TABLE.size() + 1];
      row[0] = g.key();
      for (int i = 0; i < TABLE.size(); i++) {
        row[i + 1] = format(TABLE.get(i), g.value(TABLE.get(i)));
      }
      rows.add(row);
    }
    return Tables.render(rows);
  }

  /** Campaigns: activity, and the treated arm against its holdout where there is one. */
  static String campaignTable(List<CampaignLift> campaigns) {
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          "campaign",
          "touches",
          "customers",
          "answered/touch",
          "treated",
          "response",
          "conversion",
          "holdout",
          "response",
          "conversion",
          "verdict"
        });
    for (CampaignLift l : campaigns) {
      Experiment.Arm t = l.treated();
      Experiment.Arm h = t == null ? null : l.arms().get(0);
      rows.add(
          new String[] {
            l.campaign(),
            format(Kpi.TOUCHES, l.touches()),
            format(Kpi.CUSTOMERS, l.customers()),
            format(Kpi.RESPONSE_RATE, l.attributedResponseRate()),
            t == null ? "-" : format(Kpi.CUSTOMERS, t.units()),
            t == null ? "-" : format(Kpi.RESPONSE_RATE, t.responseRate()),
            t == null ? "-" : format(Kpi.CONVERSION_RATE, (double) t.conversions() / t.units()),
            h == null ? "-" : format(Kpi.CUSTOMERS, h.units()),
            h == null ? "-" : format(Kpi.RESPONSE_RATE, h.responseRate()),
            h == null ? "-" : format(Kpi.CONVERSION_RATE, (double) h.conversions() / h.units()),
            l.verdict().id()
          });
    }
    return Tables.render(rows);
  }

  static String funnelTable(List<Kpis.FunnelResult> funnels, String dimension) {
    StringBuilder b = new StringBuilder();
    for (Kpis.FunnelResult f : funnels) {
      b.append("funnel ")
          .append(f.name())
          .append(" (")
          .append(String.join(" > ", f.steps().stream().map(Kind::id).toList()))
          .append(", within ")
          .append(f.window().toDays())
          .append(" days)\n");
      List<String[]> rows = new ArrayList<>();
      String[] head = new String[f.steps().size() + 2];
      head[0] = dimension == null ? "" : dimension;
      for (int i = 0; i < f.steps().size(); i++) {
        head[i + 1] = f.steps().get(i).id();
      }
      head[head.length - 1] = "conversion";
      rows.add(head);
      rows.add(funnelRow("all", f.reached()));
      for (Map.Entry<String, long[]> e : f.byGroup().entrySet()) {
        rows.add(funnelRow(e.getKey(), e.getValue()));
      }
      b.append(Tables.render(rows));
    }
    return b.toString();
  }

  private static String[] funnelRow(String key, long[] reached) {
    String[] row = new String[reached.length + 2];
    row[0] = key;
    for (int i = 0; i < reached.length; i++) {
      row[i + 1] = String.format(Locale.ROOT, "%,d", reached[i]);
    }
    row[row.length - 1] = format(Kpi.CONVERSION_RATE, Kpis.FunnelResult.conversion(reached));
    return row;
  }
}
