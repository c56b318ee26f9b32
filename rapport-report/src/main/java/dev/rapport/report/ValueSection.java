package dev.rapport.report;

import static dev.rapport.report.Html.esc;
import static dev.rapport.report.ReportWriter.compactMoney;
import static dev.rapport.report.ReportWriter.fmtInt;
import static dev.rapport.report.ReportWriter.text;

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
      StringBuilder h, List<CustomerProfile> profiles, ReportWriter.Value value, String currency) {
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
    aliveGrid(h, profiles, v);
    distribution(h, v, currency, months);
    if (value.holdout() != null) {
      holdout(h, value.holdout(), value.calibrationEnd(), v.settings().unit().id());
    }
    h.append("</section>\n");
  }

  /** Mean P(alive) per cell of weeks since the last purchase × repeat purchases. */
  private static void aliveGrid(StringBuilder h, List<CustomerProfile> profiles, CustomerValue v) {
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
    int cellW = 70;
    int cellH = 26;
    int labelW = 120;
    int top = 34;
    h.append("<h3>Probability still alive, by recency and frequency</h3>")
        .append("<p class=\"muted\">Mean P(alive) of the buyers in each cell. BG/NBD lets a")
        .append(" customer drop out only after a repeat purchase, so one-time buyers (column 0)")
        .append(" are taken as alive however long ago they bought: a known limit of the model.")
        .append(" Among repeat buyers, silence lowers it fast.</p>")
        .append("<svg role=\"img\" aria-label=\"probability alive by recency and frequency\"")
        .append(" viewBox=\"0 0 ")
        .append(labelW + FREQUENCIES * cellW + 10)
        .append(' ')
        .append(top + rows * cellH + 10)
        .append("\" class=\"chart\">");
    h.append(text(labelW, 12, "repeat purchases →", "start"));
    for (int f = 0; f < FREQUENCIES; f++) {
      h.append(
          text(
              labelW + f * cellW + cellW / 2.0,
              top - 6,
              f == FREQUENCIES - 1 ? (FREQUENCIES - 1) + "+" : Integer.toString(f),
              "middle"));
    }
    for (int r = 0; r < rows; r++) {
      String label =
          r == rows - 1 ? WEEKS[r] + "+ weeks ago" : WEEKS[r] + "-" + WEEKS[r + 1] + " weeks";
      double y = top + r * cellH;
      h.append(text(0, y + cellH / 2.0 + 4, label, "start"));
      for (int f = 0; f < FREQUENCIES; f++) {
        double x = labelW + f * cellW;
        if (n[r][f] == 0) {
          h.append(
              String.format(
                  Locale.ROOT,
                  "<rect x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%d\" fill=\"#fafafa\""
                      + " stroke=\"#eee\"></rect>",
                  x,
                  y,
                  cellW - 2,
                  cellH - 2));
          continue;
        }
        double mean = sum[r][f] / n[r][f];
        h.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%d\" fill=\"#2e7d32\""
                    + " fill-opacity=\"%.3f\" stroke=\"#eee\"><title>%s</title></rect>",
                x,
                y,
                cellW - 2,
                cellH - 2,
                0.1 + 0.9 * mean,
                esc(
                    String.format(
                        Locale.ROOT, "%d customers, mean P(alive) %.2f", n[r][f], mean))));
        h.append(
            text(
                x + (cellW - 2) / 2.0,
                y + cellH / 2.0 + 4,
                String.format(Locale.ROOT, "%.2f", mean),
                "middle"));
      }
    }
    h.append("</svg>");
  }

  /** Buyers by decile of predicted value, with each decile's share of all of it. */
  private static void distribution(StringBuilder h, CustomerValue v, String currency, int months) {
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
    int barW = 60;
    int chartH = 180;
    double max = Arrays.stream(share).max().orElse(0);
    h.append("<h3>Where the predicted value is</h3><p class=\"muted\">Buyers in tenths by ")
        .append(months)
        .append("-month predicted value, most valuable first; each bar is that tenth's share of")
        .append(" all predicted value.</p>")
        .append("<svg role=\"img\" aria-label=\"predicted value by decile\" viewBox=\"0 0 ")
        .append(deciles * barW + 20)
        .append(' ')
        .append(chartH + 50)
        .append("\" class=\"chart\">");
    for (int d = 0; d < deciles; d++) {
      double bh = max == 0 ? 0 : share[d] / max * chartH;
      double x = 10 + d * barW;
      h.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"#1565c0\">"
                  + "<title>%s</title></rect>",
              x,
              chartH - bh + 20,
              barW - 6,
              bh,
              esc(
                  String.format(
                      Locale.ROOT,
                      "tenth %d: %.1f%% of predicted value, up to %s a customer",
                      d + 1,
                      100 * share[d],
                      compactMoney(top[d], currency)))));
      h.append(
          text(
              x + (barW - 6) / 2.0,
              chartH - bh + 15,
              String.format(Locale.ROOT, "%.0f%%", 100 * share[d]),
              "middle"));
      h.append(
          text(x + (barW - 6) / 2.0, chartH + 38, d * 10 + "-" + (d + 1) * 10 + "%", "middle"));
    }
    h.append("</svg>");
  }

  /**
   * Calibration against holdout (Fader, Hardie &amp; Lee 2005, figure 4): per calibration
   * frequency, the buyers' mean repeat purchases after the calibration end, predicted and actual.
   */
  private static void holdout(StringBuilder h, HoldoutCheck c, String end, String unit) {
    List<HoldoutCheck.Row> rows = c.byFrequency();
    double max = 0;
    for (HoldoutCheck.Row r : rows) {
      max = Math.max(max, Math.max(r.actualMean(), r.predictedMean()));
    }
    int groupW = 90;
    int chartH = 160;
    int top = 20;
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
        .append(".</p>")
        .append("<svg role=\"img\" aria-label=\"predicted and actual holdout purchases\"")
        .append(" viewBox=\"0 0 ")
        .append(rows.size() * groupW + 200)
        .append(' ')
        .append(chartH + top + 40)
        .append("\" class=\"chart\">");
    int x = 10;
    for (HoldoutCheck.Row r : rows) {
      bar(h, x, top, chartH, max, r.predictedMean(), "#b0bec5", "predicted", r);
      bar(h, x + 34, top, chartH, max, r.actualMean(), "#1565c0", "actual", r);
      h.append(text(x + 32, top + chartH + 16, r.label(), "middle"));
      x += groupW;
    }
    h.append(text(10, top + chartH + 34, "repeat purchases before " + end, "start"));
    h.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"#b0bec5\"/>",
            x + 10,
            top));
    h.append(text(x + 28, top + 10, "predicted", "start"));
    h.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"#1565c0\"/>",
            x + 10,
            top + 20));
    h.append(text(x + 28, top + 30, "actual", "start"));
    h.append("</svg>");
  }

  private static void bar(
      StringBuilder h,
      int x,
      int top,
      int chartH,
      double max,
      double v,
      String color,
      String what,
      HoldoutCheck.Row r) {
    double bh = max == 0 ? 0 : v / max * chartH;
    h.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%d\" y=\"%.1f\" width=\"30\" height=\"%.1f\" fill=\"%s\">"
                + "<title>%s: %s mean %.2f (%s buyers)</title></rect>",
            x,
            top + chartH - bh,
            bh,
            color,
            esc(r.label()),
            what,
            v,
            fmtInt(r.customers())));
    h.append(text(x + 15, top + chartH - bh - 3, String.format(Locale.ROOT, "%.2f", v), "middle"));
  }
}
