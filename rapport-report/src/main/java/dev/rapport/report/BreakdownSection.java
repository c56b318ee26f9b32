package dev.rapport.report;

import static dev.rapport.report.Html.esc;
import static dev.rapport.report.ReportWriter.compactMoney;
import static dev.rapport.report.ReportWriter.fmtInt;
import static dev.rapport.report.ReportWriter.pct;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * One {@link Breakdown} as bars of each group's share of all customers beside its share of all
 * revenue, with the counts in a table.
 */
final class BreakdownSection {
  private BreakdownSection() {}

  static void render(StringBuilder h, Charts charts, Breakdown b, String currency) {
    long customers = b.customers();
    double revenue = b.revenue();
    h.append("<section><h2>")
        .append(esc(b.title()))
        .append("</h2><p class=\"muted\">")
        .append(esc(b.note()))
        .append(" Bars: each group's share of all customers and of all net revenue; a group ")
        .append("with a longer revenue bar is worth more than its size.</p>");
    if (b.groups().isEmpty()) {
      h.append("<p class=\"muted\">No customer in any group.</p></section>\n");
      return;
    }
    ObjectNode o =
        Charts.horizontal(b.groups().stream().map(Breakdown.Group::label).toList(), "%", 40);
    ((ObjectNode) o.get("xAxis")).put("max", 100);
    o.putObject("legend").put("top", 0);
    ArrayNode pd = Charts.bars(o, "% of customers", Charts.ACCENT).putArray("data");
    ArrayNode md =
        Charts.bars(o, "% of net revenue (" + currency + ")", Charts.ENGAGED).putArray("data");
    for (Breakdown.Group g : b.groups()) {
      Charts.add(pd, customers == 0 ? 0 : 100.0 * g.customers() / customers);
      Charts.add(md, revenue == 0 ? 0 : 100.0 * g.revenue() / revenue);
    }
    h.append(
        charts.chart(
            "breakdown-" + b.title().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-"),
            o,
            2 * b.groups().size(),
            70 + 44 * b.groups().size()));
    h.append("<table><thead><tr><th>group</th><th>customers</th><th>net revenue</th>")
        .append("</tr></thead><tbody>");
    for (Breakdown.Group g : b.groups()) {
      h.append("<tr><td>")
          .append(esc(g.label()))
          .append("</td><td>")
          .append(fmtInt(g.customers()))
          .append(" (")
          .append(pct(customers == 0 ? 0 : (double) g.customers() / customers))
          .append(")</td><td>")
          .append(esc(compactMoney(g.revenue(), currency)))
          .append(" (")
          .append(pct(revenue == 0 ? 0 : g.revenue() / revenue))
          .append(")</td></tr>");
    }
    h.append("</tbody></table>");
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
