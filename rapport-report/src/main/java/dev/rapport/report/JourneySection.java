package dev.rapport.report;

import static dev.rapport.report.Html.esc;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rapport.analytics.journey.Attribution;
import dev.rapport.analytics.journey.Paths;
import dev.rapport.core.journey.JourneyLog;
import dev.rapport.core.journey.JourneyLog.Model;
import java.util.List;
import java.util.Locale;

/**
 * "Which paths lead to a purchase, and which to churn" and "Which channels earn the purchases": the
 * commonest journeys and the credit of each channel under five attribution models side by side, so
 * that a reader sees where the models agree and where the choice of model decides.
 */
final class JourneySection {
  /** Paths drawn per chart; the whole list is in out/journeys.json. */
  static final int SHOWN = 10;

  private static final String[] MODEL_COLORS = {
    "#90caf9", "#1565c0", "#a5d6a7", "#2e7d32", "#ef6c00"
  };

  private JourneySection() {}

  static void paths(StringBuilder h, Charts charts, ReportWriter.Journeys j) {
    JourneyLog log = j.log();
    h.append("<section id=\"journeys\"><h2>Which paths lead to a purchase, and which to churn</h2>")
        .append("<p class=\"muted\">A journey opens at a touchpoint (a touch, whatever its ")
        .append("outcome, or anything the customer does but buy) and lasts ")
        .append(j.windowDays())
        .append(" days: its first purchase converts it, its window closing without one lapses ")
        .append("it. Repeats in a row are one step; the last ")
        .append(dev.rapport.core.journey.JourneyPath.STEPS)
        .append(" steps are shown. ")
        .append(
            String.format(
                Locale.ROOT,
                "Journeys converted: %,d; lapsed: %,d; still open: %,d. Purchases with no"
                    + " touchpoint before them: %,d.",
                log.converted(),
                log.lapsed(),
                log.open(),
                log.direct()))
        .append("</p>");
    List<Paths.PathCount> toPurchase = Paths.toConversion(log, SHOWN);
    List<Paths.PathCount> beforeChurn = Paths.toChurn(log, SHOWN);
    if (toPurchase.isEmpty()) {
      h.append("<p class=\"muted\">No journey has ended in a purchase yet.</p>");
    } else {
      h.append("<h3>The commonest paths to a purchase</h3>")
          .append("<p class=\"muted\">Bars: journeys that converted; the label gives the share ")
          .append("of all ended journeys on the same path that converted.</p>")
          .append(
              charts.chart(
                  "paths-to-purchase",
                  pathChart(toPurchase, false),
                  toPurchase.size(),
                  70 + 30 * toPurchase.size()));
    }
    if (beforeChurn.isEmpty()) {
      h.append("<p class=\"muted\">Nobody has churned in the period.</p>");
    } else {
      h.append("<h3>The last steps before customers churned</h3>")
          .append("<p class=\"muted\">Touches sent after a customer went quiet are part of ")
          .append("the path: they show what we kept doing while the customer left.</p>")
          .append(
              charts.chart(
                  "paths-before-churn",
                  pathChart(beforeChurn, true),
                  beforeChurn.size(),
                  70 + 30 * beforeChurn.size()));
    }
    h.append("</section>\n");
  }

  private static ObjectNode pathChart(List<Paths.PathCount> paths, boolean churn) {
    ObjectNode o =
        Charts.horizontal(
            paths.stream().map(Paths.PathCount::label).toList(),
            churn ? "customers" : "journeys",
            60);
    ((ObjectNode) o.get("yAxis"))
        .putObject("axisLabel")
        .put("width", 520)
        .put("overflow", "truncate");
    ArrayNode data =
        Charts.bars(
                o,
                churn ? "churned after this path" : "converted",
                churn ? Charts.UNENGAGED : Charts.ENGAGED)
            .putArray("data");
    for (Paths.PathCount p : paths) {
      ObjectNode d = data.addObject();
      d.put("value", churn ? p.churned() : p.converted());
      if (!churn && !Double.isNaN(p.conversionRate())) {
        d.putObject("label")
            .put("show", true)
            .put("position", "right")
            .put("formatter", String.format(Locale.ROOT, "%.0f%%", 100 * p.conversionRate()));
      }
    }
    return o;
  }

  static void attribution(StringBuilder h, Charts charts, ReportWriter.Journeys j) {
    Attribution a = j.attribution();
    JourneyLog log = j.log();
    h.append("<section id=\"attribution\"><h2>Which channels earn the purchases</h2>");
    if (a.byChannel().isEmpty() || log.converted() == 0) {
      h.append("<p class=\"muted\">No converted journey to attribute.</p></section>\n");
      return;
    }
    h.append("<p class=\"muted\">")
        .append(String.format(Locale.ROOT, "%,d", log.converted()))
        .append(" converted journeys credited to channels by five models. First and last touch ")
        .append("give each purchase to one step; linear shares it equally; position-based gives ")
        .append("40% each to the first and last steps and 20% to the rest. The Markov model ")
        .append("(Anderl et al. 2016) learns from lapsed journeys too: a channel's credit is ")
        .append("the share of purchases that would be lost without it (its removal effect), so ")
        .append("a channel that is everywhere but leads nowhere earns little.</p>");
    List<Attribution.Credit> credits = a.byChannel();
    ObjectNode o =
        Charts.vertical(credits.stream().map(Attribution.Credit::name).toList(), "conversions");
    String[] names = {"first touch", "last touch", "linear", "position-based", "Markov"};
    for (int m = 0; m < names.length; m++) {
      ArrayNode d = Charts.bars(o, names[m], MODEL_COLORS[m]).putArray("data");
      for (Attribution.Credit c : credits) {
        Charts.add(d, m < Model.values().length ? c.conversions(Model.values()[m]) : c.markov());
      }
    }
    h.append(charts.chart("attribution", o, credits.size() * names.length, 340));
    h.append("<table><thead><tr><th>channel</th><th>first</th><th>last</th><th>linear</th>")
        .append("<th>position</th><th>Markov</th><th>removal effect</th></tr></thead><tbody>");
    for (Attribution.Credit c : credits) {
      h.append("<tr><td>").append(esc(c.name())).append("</td>");
      for (Model m : Model.values()) {
        h.append("<td>").append(ReportWriter.fmt1(c.conversions(m))).append("</td>");
      }
      h.append("<td>")
          .append(ReportWriter.fmt1(c.markov()))
          .append("</td><td>")
          .append(ReportWriter.pct(c.removalEffect()))
          .append("</td></tr>");
    }
    h.append("</tbody></table></section>\n");
  }
}
