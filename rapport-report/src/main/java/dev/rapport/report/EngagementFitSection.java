package dev.rapport.report;

import static dev.rapport.report.Html.esc;
import static dev.rapport.report.ReportWriter.fmtInt;

import dev.rapport.analytics.fatigue.ContactFatigue;
import dev.rapport.analytics.fatigue.EngagementFit;
import java.util.List;
import java.util.Locale;

/**
 * The engagement-fit tables under "does more contact pay?": per segment, a small bar chart of
 * revenue per 30 days by how much the customers are contacted, losses per touch from the quietest
 * to the busiest contact pressure, and the verdict of the two together.
 */
final class EngagementFitSection {
  private EngagementFitSection() {}

  static void render(StringBuilder h, List<EngagementFit> fits, String cur) {
    if (fits == null || fits.isEmpty()) {
      return;
    }
    h.append("<h3>Engagement fit by segment</h3><p class=\"muted\">Within each segment: does ")
        .append("more contact go with more revenue, or only with more unsubscribes and ")
        .append("complaints? Revenue: each customer's touches per 30 days against their net ")
        .append("revenue per 30 days (Spearman rank correlation, 5%). Losses: unsubscribes and ")
        .append("complaints per touch across the bands of contact pressure at the moment of each ")
        .append("touch (Cochran-Armitage trend test, 5%). This is association, not effect: a ")
        .append("business that contacts its best customers most sees revenue rise with contact ")
        .append("whatever contact does; the holdout comparison above measures the effect.</p>");
    for (EngagementFit f : fits) {
      if (f.segments().isEmpty()) {
        continue;
      }
      h.append("<table class=\"fit\"><thead><tr><th>")
          .append(esc(f.segmentation().replace('_', ' ')))
          .append("</th><th>customers</th><th>revenue per 30 days by touches per 30 days</th>")
          .append(
              "<th>unsubscribes + complaints per 1,000 touches, by touches in the 30 days before</th><th>verdict</th>")
          .append("</tr></thead><tbody>");
      for (EngagementFit.Segment s : f.segments()) {
        h.append("<tr><td>")
            .append(esc(s.name()))
            .append("</td><td>")
            .append(fmtInt(s.customers()))
            .append("</td><td>");
        spark(h, s, cur);
        h.append("</td><td>").append(esc(losses(s.atTheMoment()))).append("</td><td>");
        h.append(esc(s.verdict().text()));
        if (!Double.isNaN(s.revenueCorrelation())) {
          h.append(
              String.format(
                  Locale.ROOT,
                  " <span class=\"muted\">(ρ %+.2f, p %.2g; losses trend p %s)</span>",
                  s.revenueCorrelation(),
                  s.revenueP(),
                  Double.isNaN(s.lossesTrendP())
                      ? "n/a"
                      : String.format(Locale.ROOT, "%.2g", s.lossesTrendP())));
        }
        h.append("</td></tr>");
      }
      h.append("</tbody></table>");
    }
  }

  /** One bar per band of contact rate, height by mean revenue per 30 days. */
  private static void spark(StringBuilder h, EngagementFit.Segment s, String cur) {
    List<EngagementFit.CustomerBand> bands = s.byContactRate();
    double max = 0;
    for (EngagementFit.CustomerBand b : bands) {
      max = Math.max(max, b.revenuePer30Days());
    }
    int barW = 22;
    int height = 40;
    h.append("<svg role=\"img\" class=\"spark\" aria-label=\"revenue per 30 days by contact in ")
        .append(esc(s.name()))
        .append("\" width=\"")
        .append(bands.size() * (barW + 4))
        .append("\" height=\"")
        .append(height + 12)
        .append("\">");
    int x = 0;
    for (EngagementFit.CustomerBand b : bands) {
      double v = Math.max(0, b.revenuePer30Days());
      double bh = max <= 0 ? 0 : (height - 2) * v / max;
      String label = b.to() == Integer.MAX_VALUE ? b.from() + "+" : range(b.from(), b.to());
      h.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"#1565c0\">"
                  + "<title>%s touches per 30 days: %s customers, %.2f %s per 30 days</title>"
                  + "</rect>",
              x,
              height - bh,
              barW,
              bh,
              esc(label),
              fmtInt(b.customers()),
              b.revenuePer30Days(),
              esc(cur)));
      h.append(ReportWriter.text(x + barW / 2.0, height + 11, label, "middle"));
      x += barW + 4;
    }
    h.append("</svg>");
  }

  /** e.g. "0: 0.0 · 1-2: 1.1 · 3-5: 2.6": losses per 1,000 touches by touches in 30 days. */
  private static String losses(ContactFatigue f) {
    StringBuilder b = new StringBuilder();
    for (ContactFatigue.Band band : f.bands()) {
      b.append(b.length() == 0 ? "" : " · ")
          .append(
              band.to() == Integer.MAX_VALUE ? band.from() + "+" : range(band.from(), band.to()))
          .append(
              String.format(
                  Locale.ROOT,
                  ": %.1f",
                  1000 * (band.unsubscribesPerTouch() + band.complaintsPerTouch())));
    }
    return b.toString();
  }

  private static String range(int from, int to) {
    return from == to ? Integer.toString(from) : from + "-" + to;
  }
}
