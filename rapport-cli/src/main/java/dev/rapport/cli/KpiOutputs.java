package dev.rapport.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rapport.analytics.clv.CustomerValue;
import dev.rapport.analytics.kpi.Kpi;
import dev.rapport.analytics.kpi.KpiGroup;
import dev.rapport.analytics.kpi.KpiJson;
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

  /** {@link KpiJson#json}, with a grouping of customers when {@code by} is one. */
  static ObjectNode json(
      Kpis k, String asOf, String currency, Grouping by, List<CampaignLift> campaigns) {
    KpiJson.ByCustomers customers =
        by != null && by.ofCustomers() ? new KpiJson.ByCustomers(by.name(), by.label()) : null;
    return KpiJson.json(k, asOf, currency, customers, campaigns);
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
