package dev.rapport.report;

import static dev.rapport.report.Html.esc;
import static dev.rapport.report.ReportWriter.compactMoney;
import static dev.rapport.report.ReportWriter.fmtInt;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rapport.analytics.clv.CustomerValue;
import dev.rapport.analytics.clv.HoldoutCheck;
import dev.rapport.core.profile.CustomerProfile;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The report's lifetime-value section: who is still alive by recency and frequency (the BG/NBD view
 * of Fader, Hardie &amp; Lee 2005), and how predicted value is spread over customers.
 */
final class ValueSection {
  private ValueSection() {}

  /** Frequency columns 0 … 6 and 7+; recency rows by weeks since the last purchase. */
  static final int FREQUENCIES = 8;

  static final int[] WEEKS = {0, 4, 8, 13, 26, 39, 52, 78, 104};

  static void render(
      StringBuilder h,
      Charts charts,
      List<CustomerProfile> profiles,
      ReportWriter.Value value,
      String currency) {
    CustomerValue v = value.model();
    int buyers = 0;
    double total = 0;
    for (double c : v.clv()) {
      if (!Double.isNaN(c)) {
        buyers++;
        total += c;
      }
    }
    if (buyers == 0) {
      return;
    }
    int months = v.settings().horizonMonths();
    h.append("<section><h2>What customers are worth</h2><p class=\"muted\">")
        .append(fmtInt(buyers))
        .append(" buyers are expected to bring ")
        .append(esc(compactMoney(total, currency)))
        .append(" over the next ")
        .append(months)
        .append(" months (discounted, × margin; docs/CLV.md). BG/NBD: ")
        .append(esc(v.purchases().message()))
        .append(".</p>");
    aliveGrid(h, charts, profiles, v);
    distribution(h, charts, v, currency, months);
    if (value.holdout() != null) {
      holdout(h, charts, value.holdout(), value.calibrationEnd(), v.settings().unit().id());
    }
    h.append("</section>\n");
  }

  /** Mean P(alive) per cell of weeks since the last purchase × repeat purchases. */
  private static void aliveGrid(
      StringBuilder h, Charts charts, List<CustomerProfile> profiles, CustomerValue v) {
    int rows = WEEKS.length;
    double[][] sum = new double[rows][FREQUENCIES];
    int[][] n = new int[rows][FREQUENCIES];
    for (int i = 0; i < profiles.size(); i++) {
      double p = v.pAlive()[i];
      CustomerProfile c = profiles.get(i);
      if (Double.isNaN(p) || c.lastPurchase() == null) {
        continue;
      }
      double weeks = (c.asOf().getEpochSecond() - c.lastPurchase().getEpochSecond()) / 604_800.0;
      int r = rows - 1;
      while (r > 0 && weeks < WEEKS[r]) {
        r--;
      }
      int f = (int) Math.min(FREQUENCIES - 1, c.frequency());
      sum[r][f] += p;
      n[r][f]++;
    }
    h.append("<h3>Probability still alive, by recency and frequency</h3>")
        .append("<p class=\"muted\">Mean P(alive) of the buyers in each cell. BG/NBD lets a")
        .append(" customer drop out only after a repeat purchase, so one-time buyers (column 0)")
        .append(" are taken as alive however long ago they bought: a known limit of the model.")
        .append(" Among repeat buyers, silence lowers it fast.</p>");
    ArrayNode columns = Charts.array();
    for (int f = 0; f < FREQUENCIES; f++) {
      columns.add(f == FREQUENCIES - 1 ? (FREQUENCIES - 1) + "+" : Integer.toString(f));
    }
    ArrayNode rowLabels = Charts.array();
    for (int r = 0; r < rows; r++) {
      rowLabels.add(
          r == rows - 1 ? WEEKS[r] + "+ weeks ago" : WEEKS[r] + "-" + WEEKS[r + 1] + " weeks");
    }
    ArrayNode cells = Charts.array();
    for (int r = 0; r < rows; r++) {
      for (int f = 0; f < FREQUENCIES; f++) {
        if (n[r][f] > 0) {
          ArrayNode cell = cells.addArray();
          cell.add(f).add(r).add(Math.round(100 * sum[r][f] / n[r][f]) / 100.0).add(n[r][f]);
        }
      }
    }
    ObjectNode o = Charts.object();
    o.set("grid", Charts.grid(10, 20, 30, 70));
    o.putObject("tooltip").put("position", "top");
    ObjectNode x = o.putObject("xAxis");
    x.put("type", "category").put("name", "repeat purchases").put("nameLocation", "middle");
    x.put("nameGap", 28);
    x.set("data", columns);
    ObjectNode y = o.putObject("yAxis");
    y.put("type", "category").put("inverse", true);
    y.set("data", rowLabels);
    ObjectNode map = o.putObject("visualMap");
    map.put("min", 0).put("max", 1).put("calculable", false).put("orient", "horizontal");
    map.put("left", "center").put("bottom", 0).put("dimension", 2);
    map.putObject("inRange").set("color", Charts.strings(List.of("#f1f8e9", "#2e7d32")));
    ObjectNode series = o.putArray("series").addObject();
    series.put("type", "heatmap").put("name", "mean P(alive)");
    series.putObject("label").put("show", true);
    series.set("data", cells);
    if (!cells.isEmpty()) {
      h.append(charts.chart("alive-by-recency-frequency", o, cells.size(), 360));
    }
  }

  /** Buyers by decile of predicted value, with each decile's share of all of it. */
  private static void distribution(
      StringBuilder h, Charts charts, CustomerValue v, String currency, int months) {
    double[] clv = Arrays.stream(v.clv()).filter(c -> !Double.isNaN(c)).sorted().toArray();
    int deciles = 10;
    double total = Arrays.stream(clv).sum();
    double[] share = new double[deciles];
    double[] top = new double[deciles];
    for (int d = 0; d < deciles; d++) {
      int from = clv.length * d / deciles;
      int to = clv.length * (d + 1) / deciles;
      double s = 0;
      for (int i = from; i < to; i++) {
        s += clv[i];
      }
      share[deciles - 1 - d] = total == 0 ? 0 : s / total;
      top[deciles - 1 - d] = to > from ? clv[to - 1] : 0;
    }
    h.append("<h3>Where the predicted value is</h3><p class=\"muted\">Buyers in tenths by ")
        .append(months)
        .append("-month predicted value, most valuable first; each bar is that tenth's share of")
        .append(" all predicted value.</p>");
    List<String> tenths = new java.util.ArrayList<>();
    ArrayNode data = Charts.array();
    for (int d = 0; d < deciles; d++) {
      tenths.add("top " + d * 10 + "-" + (d + 1) * 10 + "%");
      ObjectNode point = data.addObject();
      point.put("value", Math.round(1000 * share[d]) / 10.0);
      point.put(
          "name",
          String.format(Locale.ROOT, "up to %s a customer", compactMoney(top[d], currency)));
    }
    ObjectNode o = Charts.vertical(tenths, "%");
    o.set("tooltip", Charts.tooltip("item"));
    ObjectNode series = Charts.bars(o, "share of predicted value, %", Charts.ACCENT);
    series.putObject("label").put("show", true).put("position", "top");
    series.set("data", data);
    h.append(charts.chart("value-by-tenth", o, deciles, 280));
  }

  /**
   * Calibration against holdout (Fader, Hardie &amp; Lee 2005, figure 4): per calibration
   * frequency, the buyers' mean repeat purchases after the calibration end, predicted and actual.
   */
  private static void holdout(
      StringBuilder h, Charts charts, HoldoutCheck c, String end, String unit) {
    List<HoldoutCheck.Row> rows = c.byFrequency();
    h.append("<h3>Did the model foresee? Predicted against actual repeat purchases</h3>")
        .append("<p class=\"muted\">BG/NBD refitted on the events up to ")
        .append(esc(end))
        .append(" predicts each buyer's repeat purchases in the ")
        .append(String.format(Locale.ROOT, "%.1f", c.holdoutLength()))
        .append(' ')
        .append(esc(unit))
        .append(" after it; grouped by their repeat purchases before it. In all, ")
        .append(fmtInt(c.customers()))
        .append(" buyers made ")
        .append(String.format(Locale.ROOT, "%,.0f", c.actual()))
        .append(" repeat purchases; the model expected ")
        .append(String.format(Locale.ROOT, "%,.1f", c.predicted()))
        .append(".</p>");
    ObjectNode o =
        Charts.vertical(
            rows.stream().map(HoldoutCheck.Row::label).toList(), "mean repeat purchases after");
    o.set("grid", Charts.grid(10, 20, 40, 30));
    ((ObjectNode) o.get("xAxis"))
        .put("name", "repeat purchases before " + end)
        .put("nameLocation", "middle")
        .put("nameGap", 28);
    ArrayNode pd = Charts.bars(o, "predicted", "#b0bec5").putArray("data");
    ArrayNode ad = Charts.bars(o, "actual", Charts.ACCENT).putArray("data");
    for (HoldoutCheck.Row r : rows) {
      Charts.add(pd, r.predictedMean());
      Charts.add(ad, r.actualMean());
    }
    if (!rows.isEmpty()) {
      h.append(charts.chart("clv-holdout", o, 2 * rows.size(), 320));
    }
  }
}
