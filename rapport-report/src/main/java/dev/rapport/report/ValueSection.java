package dev.rapport.report;

import static dev.rapport.report.Html.esc;
import static dev.rapport.report.ReportWriter.compactMoney;
import static dev.rapport.report.ReportWriter.fmtInt;
import static dev.rapport.report.ReportWriter.text;

import dev.rapport.analytics.clv.CustomerValue;
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
      StringBuilder h, List<CustomerProfile> profiles, CustomerValue v, String currency) {
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
}
