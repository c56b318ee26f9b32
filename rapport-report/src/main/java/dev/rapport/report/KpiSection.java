package dev.rapport.report;

import static dev.rapport.report.Html.esc;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rapport.analytics.kpi.Kpi;
import dev.rapport.analytics.kpi.KpiGroup;
import dev.rapport.analytics.kpi.Kpis;
import dev.rapport.core.kpi.KpiCount;
import dev.rapport.core.kpi.KpiTally;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The KPI parts of the report, drawn with ECharts: "how are we doing" (tiles, each with the
 * engaged-only figure beside it and a monthly trend) and "where are we losing people" (funnels,
 * cohort retention, retention and churn by month, answers by channel, response times).
 */
final class KpiSection {
  private KpiSection() {}

  /** The bins of the response-time distribution, in hours: [0,1), [1,4), ... [72, inf). */
  static final double[] RESPONSE_BINS = {1, 4, 12, 24, 72};

  static final String[] RESPONSE_BIN_LABELS = {
    "< 1 h", "1-4 h", "4-12 h", "12-24 h", "1-3 d", "> 3 d"
  };

  /** A tile: a KPI of the overall view and, where there is one, its monthly trend. */
  private record Tile(
      String label,
      double all,
      double engaged,
      Kpi unit,
      List<String> months,
      List<Double> trend) {}

  static void tiles(StringBuilder h, Charts charts, Kpis k, String currency) {
    KpiGroup all = k.overall();
    KpiGroup engaged = k.engagedOnly();
    List<KpiGroup> months = k.byMonth();
    List<Kpis.MonthFlow> flows = k.monthFlows();
    List<Tile> tiles = new ArrayList<>();
    tiles.add(tile("Conversion", Kpi.CONVERSION_RATE, all, engaged, null));
    tiles.add(tile("Touches answered", Kpi.RESPONSE_RATE, all, engaged, months));
    tiles.add(tile("Net revenue", Kpi.NET_REVENUE, all, engaged, months));
    tiles.add(tile("Order value", Kpi.AVERAGE_ORDER_VALUE, all, engaged, months));
    tiles.add(tile("CSAT", Kpi.CSAT, all, engaged, months));
    tiles.add(tile("NPS", Kpi.NPS, all, engaged, months));
    tiles.add(
        tile("First response (median)", Kpi.FIRST_RESPONSE_MEDIAN_HOURS, all, engaged, months));
    tiles.add(tile("Activation", Kpi.ACTIVATION_RATE, all, engaged, null));
    tiles.add(
        new Tile(
            "Retention, month on month",
            Kpis.retentionRate(flows),
            Double.NaN,
            Kpi.CONVERSION_RATE,
            flows.stream().map(f -> f.month().toString()).toList(),
            flows.stream().map(Kpis.MonthFlow::retentionRate).toList()));
    tiles.add(
        new Tile(
            "Churn, per month",
            Kpis.monthlyChurnRate(flows),
            Double.NaN,
            Kpi.CONVERSION_RATE,
            flows.stream().map(f -> f.month().toString()).toList(),
            flows.stream().map(Kpis.MonthFlow::churnRate).toList()));
    tiles.add(tile("Lifetime value (all)", Kpi.CLV_TOTAL, all, engaged, null));
    h.append("<section id=\"kpis\"><h2>How are we doing</h2>")
        .append("<p class=\"muted\">Every figure counts every customer and every touch, ignored ")
        .append("ones included; the figure in small print is the same over the customers who ")
        .append("answered at least once — what a report that leaves the silent out would show. ")
        .append("Lines are months. Definitions: docs/KPIS.md.</p><div class=\"tiles\">");
    List<String> missing = new ArrayList<>();
    for (Tile t : tiles) {
      if (Double.isNaN(t.all())) {
        missing.add(t.label());
        continue;
      }
      h.append("<div class=\"tile kpi\"><div class=\"label\">")
          .append(esc(t.label()))
          .append("</div><div class=\"value\">")
          .append(esc(format(t.unit(), t.all(), currency)))
          .append("</div><div class=\"muted\">");
      if (!Double.isNaN(t.engaged())) {
        h.append("engaged only: ").append(esc(format(t.unit(), t.engaged(), currency)));
      }
      h.append("</div>");
      if (t.trend() != null && t.trend().stream().filter(v -> !Double.isNaN(v)).count() >= 2) {
        h.append(
            charts.chart(
                "trend-" + slug(t.label()),
                sparkline(t.months(), t.trend()),
                (int) t.trend().stream().filter(v -> !Double.isNaN(v)).count(),
                48));
      }
      h.append("</div>");
    }
    h.append("</div>");
    if (!missing.isEmpty()) {
      h.append("<p class=\"muted\">No data for: ")
          .append(esc(String.join(", ", missing)))
          .append(" (no surveys, tickets, purchases or models where they come from).</p>");
    }
    h.append("</section>\n");
  }

  private static Tile tile(
      String label, Kpi kpi, KpiGroup all, KpiGroup engaged, List<KpiGroup> months) {
    return new Tile(
        label,
        kpi.of(all),
        kpi.of(engaged),
        kpi,
        months == null ? null : months.stream().map(KpiGroup::key).toList(),
        months == null ? null : months.stream().map(kpi::of).toList());
  }

  private static ObjectNode sparkline(List<String> x, List<Double> y) {
    ObjectNode o = Charts.object();
    o.set("grid", Charts.grid(2, 2, 4, 2));
    o.set("tooltip", Charts.tooltip("axis"));
    ObjectNode xa = o.putObject("xAxis");
    xa.put("type", "category");
    xa.put("show", false);
    xa.set("data", Charts.strings(x));
    ObjectNode ya = o.putObject("yAxis");
    ya.put("type", "value");
    ya.put("show", false);
    ya.put("scale", true);
    ObjectNode s = o.putArray("series").addObject();
    s.put("type", "line");
    s.put("showSymbol", false);
    s.put("connectNulls", true);
    s.putObject("lineStyle").put("color", Charts.ACCENT);
    s.put("animation", false);
    ArrayNode d = s.putArray("data");
    y.forEach(v -> Charts.add(d, v));
    return o;
  }

  /** Where customers are lost: funnels, cohorts, monthly flows, channels, response times. */
  static void losing(StringBuilder h, Charts charts, Kpis k) {
    h.append("<section id=\"funnels\"><h2>Where are we losing people: the funnels</h2>")
        .append("<p class=\"muted\">Customers who reached each step in order, each step within ")
        .append("the funnel's window of the first (rapport.yaml, kpi.funnels).</p>");
    for (Kpis.FunnelResult f : k.funnels(null)) {
      h.append("<h3>")
          .append(esc(f.name()))
          .append(" — ")
          .append(esc(String.join(" → ", f.steps().stream().map(s -> s.id()).toList())))
          .append(", within ")
          .append(f.window().toDays())
          .append(" days: ")
          .append(esc(pct(f.conversion())))
          .append(" convert</h3>");
      if (f.reached()[0] == 0) {
        h.append("<p class=\"muted\">Nobody entered this funnel.</p>");
        continue;
      }
      h.append(charts.chart("funnel-" + f.name(), funnel(f), f.steps().size(), 260));
    }
    h.append("</section>\n");
    cohorts(h, charts, k.cohorts());
    monthFlows(h, charts, k.monthFlows());
    channels(h, charts, k.byChannel());
    responseTimes(h, charts, k.byChannel());
  }

  private static ObjectNode funnel(Kpis.FunnelResult f) {
    ObjectNode o = Charts.object();
    o.set("tooltip", Charts.tooltip("item"));
    ObjectNode s = o.putArray("series").addObject();
    s.put("type", "funnel");
    s.put("sort", "none");
    s.put("left", "10%");
    s.put("width", "60%");
    s.put("minSize", "8%");
    s.put("gap", 2);
    s.putObject("label").put("position", "right").put("formatter", "{b}: {c}");
    ArrayNode d = s.putArray("data");
    for (int i = 0; i < f.steps().size(); i++) {
      String step = f.steps().get(i).id();
      String rate =
          i == 0 ? "" : " (" + pct((double) f.reached()[i] / Math.max(1, f.reached()[i - 1])) + ")";
      d.addObject().put("name", (i + 1) + ". " + step + rate).put("value", f.reached()[i]);
    }
    return o;
  }

  private static void cohorts(StringBuilder h, Charts charts, Kpis.CohortMatrix c) {
    h.append("<section id=\"cohorts\"><h2>Cohort retention</h2>")
        .append(
            "<p class=\"muted\">Customers by the month of their first purchase (rows), and the ")
        .append("share of each cohort who bought again 1, 2, 3 … months later (columns). Read a ")
        .append("column down to see whether newer customers stay better than older ones.</p>");
    if (c.cohorts().isEmpty()) {
      h.append("<p class=\"muted\">No purchases: no cohorts.</p></section>\n");
      return;
    }
    int width = 0;
    for (long[] row : c.retained()) {
      width = Math.max(width, row.length);
    }
    ObjectNode o = Charts.object();
    o.set("grid", Charts.grid(10, 70, 10, 30));
    o.putObject("tooltip").put("position", "top");
    List<String> x = new ArrayList<>();
    for (int m = 0; m < width; m++) {
      x.add(Integer.toString(m));
    }
    ObjectNode xa = o.putObject("xAxis");
    xa.put("type", "category");
    xa.put("name", "months after the first purchase");
    xa.put("nameLocation", "middle");
    xa.put("nameGap", 24);
    xa.set("data", Charts.strings(x));
    ObjectNode ya = o.putObject("yAxis");
    ya.put("type", "category");
    ya.put("inverse", true);
    List<String> y = new ArrayList<>();
    for (int i = 0; i < c.cohorts().size(); i++) {
      y.add(c.cohorts().get(i) + " (" + c.retained()[i][0] + ")");
    }
    ya.set("data", Charts.strings(y));
    ObjectNode vm = o.putObject("visualMap");
    vm.put("min", 0);
    vm.put("max", 100);
    vm.put("calculable", true);
    vm.put("orient", "vertical");
    vm.put("right", 0);
    vm.put("top", "middle");
    vm.putObject("inRange").putArray("color").add("#f7fbff").add("#6baed6").add("#08306b");
    ObjectNode s = o.putArray("series").addObject();
    s.put("type", "heatmap");
    s.put("name", "% of the cohort buying");
    s.putObject("label").put("show", c.cohorts().size() <= 16 && width <= 16);
    ArrayNode d = s.putArray("data");
    int cells = 0;
    for (int i = 0; i < c.cohorts().size(); i++) {
      // Month 0 is the cohort itself (100%); the colour scale is for the months after it.
      for (int m = 1; m < c.retained()[i].length; m++) {
        ArrayNode cell = d.addArray();
        cell.add(m);
        cell.add(i);
        cell.add(Math.round(1000.0 * c.share(i, m)) / 10.0);
        cells++;
      }
    }
    h.append(charts.chart("cohorts", o, cells, Math.min(640, 60 + 24 * c.cohorts().size())));
    h.append("</section>\n");
  }

  private static void monthFlows(StringBuilder h, Charts charts, List<Kpis.MonthFlow> flows) {
    h.append("<section id=\"retention\"><h2>Retention and churn by month</h2>")
        .append("<p class=\"muted\">Retention: buyers of the month before who bought again. ")
        .append("Churn: customers who became churned in the month, of those acquired and not ")
        .append("churned at its start. New: customers first seen in the month (bars).</p>");
    if (flows.size() < 2) {
      h.append("<p class=\"muted\">Fewer than two months observed.</p></section>\n");
      return;
    }
    ObjectNode o = Charts.object();
    o.set("grid", Charts.grid(10, 10, 30, 10));
    o.set("tooltip", Charts.tooltip("axis"));
    o.putObject("legend").put("top", 0);
    ObjectNode xa = o.putObject("xAxis");
    xa.put("type", "category");
    xa.set("data", Charts.strings(flows.stream().map(f -> f.month().toString()).toList()));
    ArrayNode ya = o.putArray("yAxis");
    ya.addObject().put("type", "value").put("name", "%").put("max", 100);
    ya.addObject().put("type", "value").put("name", "new customers");
    ArrayNode series = o.putArray("series");
    line(series, "retention %", flows, f -> 100 * f.retentionRate(), Charts.ENGAGED);
    line(series, "churn %", flows, f -> 100 * f.churnRate(), Charts.UNENGAGED);
    ObjectNode bars = series.addObject();
    bars.put("type", "bar");
    bars.put("name", "new customers");
    bars.put("yAxisIndex", 1);
    bars.putObject("itemStyle").put("color", "#cfd8dc");
    ArrayNode d = bars.putArray("data");
    flows.forEach(f -> d.add(f.acquired()));
    h.append(charts.chart("month-flows", o, flows.size(), 300)).append("</section>\n");
  }

  private static void line(
      ArrayNode series,
      String name,
      List<Kpis.MonthFlow> flows,
      ToDoubleFunction<Kpis.MonthFlow> f,
      String color) {
    ObjectNode s = series.addObject();
    s.put("type", "line");
    s.put("name", name);
    s.put("connectNulls", true);
    s.putObject("itemStyle").put("color", color);
    ArrayNode d = s.putArray("data");
    flows.forEach(x -> Charts.add(d, f.applyAsDouble(x)));
  }

  private static void channels(StringBuilder h, Charts charts, List<KpiGroup> channels) {
    List<KpiGroup> touched =
        channels.stream().filter(g -> g.tally().count(KpiCount.TOUCHES) > 0).toList();
    h.append("<section id=\"channels\"><h2>Engaged and unengaged, by channel</h2>")
        .append("<p class=\"muted\">Every touch we made on each channel: answered (engaged), ")
        .append("ignored (unengaged), and the rest (still in its response window, bounced, or ")
        .append("ending in an unsubscribe or complaint). Most touches are ignored; a ")
        .append("responders-only view hides that half.</p>");
    if (touched.isEmpty()) {
      h.append("<p class=\"muted\">No touches.</p></section>\n");
      return;
    }
    ObjectNode o = Charts.object();
    o.set("grid", Charts.grid(10, 30, 30, 10));
    o.set("tooltip", Charts.tooltip("axis"));
    o.putObject("legend").put("top", 0);
    o.putObject("xAxis").put("type", "value");
    ObjectNode ya = o.putObject("yAxis");
    ya.put("type", "category");
    ya.put("inverse", true);
    ya.set("data", Charts.strings(touched.stream().map(KpiGroup::key).toList()));
    ArrayNode series = o.putArray("series");
    stack(series, "engaged", touched, t -> t.count(KpiCount.ENGAGED), Charts.ENGAGED);
    stack(series, "unengaged", touched, t -> t.count(KpiCount.UNENGAGED), Charts.UNENGAGED);
    stack(
        series,
        "pending or other",
        touched,
        t -> t.count(KpiCount.TOUCHES) - t.count(KpiCount.ENGAGED) - t.count(KpiCount.UNENGAGED),
        Charts.NEUTRAL);
    h.append(charts.chart("channels", o, touched.size() * 3, 60 + 36 * touched.size()));
    h.append("<table><thead><tr><th>channel</th><th>touches</th><th>response rate</th>")
        .append("<th>unengaged rate</th><th>unsubscribe rate</th><th>complaint rate</th>")
        .append("</tr></thead><tbody>");
    for (KpiGroup g : touched) {
      h.append("<tr><td>")
          .append(esc(g.key()))
          .append("</td><td>")
          .append(String.format(Locale.ROOT, "%,d", g.tally().count(KpiCount.TOUCHES)))
          .append("</td><td>")
          .append(pct(Kpi.RESPONSE_RATE.of(g)))
          .append("</td><td>")
          .append(pct(Kpi.UNENGAGED_RATE.of(g)))
          .append("</td><td>")
          .append(pct(Kpi.UNSUBSCRIBE_RATE.of(g)))
          .append("</td><td>")
          .append(pct(Kpi.COMPLAINT_RATE.of(g)))
          .append("</td></tr>");
    }
    h.append("</tbody></table></section>\n");
  }

  private static void stack(
      ArrayNode series,
      String name,
      List<KpiGroup> groups,
      ToDoubleFunction<KpiTally> value,
      String color) {
    ObjectNode s = series.addObject();
    s.put("type", "bar");
    s.put("name", name);
    s.put("stack", "all");
    s.putObject("itemStyle").put("color", color);
    ArrayNode d = s.putArray("data");
    groups.forEach(g -> Charts.add(d, value.applyAsDouble(g.tally())));
  }

  private static void responseTimes(StringBuilder h, Charts charts, List<KpiGroup> channels) {
    List<KpiGroup> served =
        channels.stream().filter(g -> g.tally().firstResponseCount() > 0).toList();
    h.append("<section id=\"response-times\"><h2>How long customers wait for an answer</h2>")
        .append("<p class=\"muted\">Time from a customer's message (a ticket opened) to the first ")
        .append("agent reply, by the channel the customer wrote on.</p>");
    if (served.isEmpty()) {
      h.append("<p class=\"muted\">No answered tickets.</p></section>\n");
      return;
    }
    ObjectNode o = Charts.object();
    o.set("grid", Charts.grid(10, 10, 30, 10));
    o.set("tooltip", Charts.tooltip("axis"));
    o.putObject("legend").put("top", 0);
    ObjectNode xa = o.putObject("xAxis");
    xa.put("type", "category");
    xa.set("data", Charts.strings(List.of(RESPONSE_BIN_LABELS)));
    o.putObject("yAxis").put("type", "value").put("name", "% of answered tickets");
    ArrayNode series = o.putArray("series");
    int points = 0;
    for (KpiGroup g : served) {
      int[] secs = g.tally().firstResponseSeconds();
      long[] bins = bins(secs);
      ObjectNode s = series.addObject();
      s.put("type", "bar");
      s.put("name", g.key() + " (median " + hours(Kpi.FIRST_RESPONSE_MEDIAN_HOURS.of(g)) + ")");
      ArrayNode d = s.putArray("data");
      for (long b : bins) {
        Charts.add(d, 100.0 * b / secs.length);
        points++;
      }
    }
    h.append(charts.chart("response-times", o, points, 300)).append("</section>\n");
  }

  static long[] bins(int[] seconds) {
    long[] out = new long[RESPONSE_BINS.length + 1];
    for (int s : seconds) {
      double hrs = s / 3600.0;
      int b = 0;
      while (b < RESPONSE_BINS.length && hrs >= RESPONSE_BINS[b]) {
        b++;
      }
      out[b]++;
    }
    return out;
  }

  static String format(Kpi unit, double v, String currency) {
    if (Double.isNaN(v)) {
      return "—";
    }
    return switch (unit.unit()) {
      case COUNT -> String.format(Locale.ROOT, "%,d", (long) v);
      case SHARE -> pct(v);
      case MONEY -> ReportWriter.compactMoney(v, currency);
      case SCORE -> String.format(Locale.ROOT, "%.1f", v);
      case HOURS -> hours(v);
    };
  }

  private static String hours(double h) {
    if (Double.isNaN(h)) {
      return "—";
    }
    return h < 1
        ? String.format(Locale.ROOT, "%.0f min", 60 * h)
        : String.format(Locale.ROOT, "%.1f h", h);
  }

  /** The report's percentage, with a dash where there is no denominator. */
  private static String pct(double v) {
    return Double.isNaN(v) ? "—" : ReportWriter.pct(v);
  }

  private static String slug(String s) {
    return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
  }
}
