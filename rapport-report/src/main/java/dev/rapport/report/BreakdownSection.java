package dev.rapport.report;

import static dev.rapport.report.Html.esc;
import static dev.rapport.report.ReportWriter.bar;
import static dev.rapport.report.ReportWriter.compactMoney;
import static dev.rapport.report.ReportWriter.fmtInt;
import static dev.rapport.report.ReportWriter.pct;
import static dev.rapport.report.ReportWriter.text;

/**
 * One {@link Breakdown} as bars of customers, with each group's share of all customers and of all
 * revenue beside.
 */
final class BreakdownSection {
  private BreakdownSection() {}

  static void render(StringBuilder h, Breakdown b, String currency) {
    long customers = b.customers();
    double revenue = b.revenue();
    long max = b.groups().stream().mapToLong(Breakdown.Group::customers).max().orElse(0);
    h.append("<section><h2>")
        .append(esc(b.title()))
        .append("</h2><p class=\"muted\">")
        .append(esc(b.note()))
        .append("</p>");
    int rowH = 28;
    int labelW = 170;
    int barW = 380;
    h.append("<svg role=\"img\" aria-label=\"")
        .append(esc(b.title()))
        .append("\" viewBox=\"0 0 ")
        .append(labelW + barW + 330)
        .append(' ')
        .append(b.groups().size() * rowH + 10)
        .append("\" class=\"chart\">");
    int y = 5;
    for (Breakdown.Group g : b.groups()) {
      h.append(text(0, y + 17, g.label(), "start"));
      double w = max == 0 ? 0 : (double) barW * g.customers() / max;
      bar(h, labelW, y, w, "#1e88e5", g.customers() + " customers");
      h.append(
          text(
              labelW + w + 8,
              y + 17,
              fmtInt(g.customers())
                  + " ("
                  + pct(customers == 0 ? 0 : (double) g.customers() / customers)
                  + ") · "
                  + compactMoney(g.revenue(), currency)
                  + " ("
                  + pct(revenue == 0 ? 0 : g.revenue() / revenue)
                  + " of revenue)",
              "start"));
      y += rowH;
    }
    h.append("</svg>");
    if (b.groups().stream().anyMatch(g -> g.description() != null)) {
      h.append("<table><thead><tr><th>group</th><th>what sets it apart</th></tr></thead><tbody>");
      for (Breakdown.Group g : b.groups()) {
        if (g.description() != null) {
          h.append("<tr><td>")
              .append(esc(g.label()))
              .append("</td><td>")
              .append(esc(g.description()))
              .append("</td></tr>");
        }
      }
      h.append("</tbody></table>");
    }
    h.append("</section>\n");
  }
}
