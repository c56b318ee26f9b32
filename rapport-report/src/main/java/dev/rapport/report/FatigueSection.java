package dev.rapport.report;

import static dev.rapport.report.Html.esc;
import static dev.rapport.report.ReportWriter.fmtInt;
import static dev.rapport.report.ReportWriter.pct;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rapport.analytics.fatigue.ContactFatigue;
import java.util.List;
import java.util.Locale;

/**
 * The report's "does more contact pay?" section: by the contact pressure of the moment, how often a
 * touch is answered and how often it costs an unsubscribe or a complaint, and how many customers
 * are fatigued on their own history.
 */
final class FatigueSection {
  private FatigueSection() {}

  static void render(
      StringBuilder h, Charts charts, ReportWriter.Fatigue v, long customers, String cur) {
    ContactFatigue f = v.population();
    if (f.bands().isEmpty()) {
      return;
    }
    h.append("<section id=\"fatigue\"><h2>Does more contact pay?</h2><p class=\"muted\">Every ")
        .append("touch counted against the contact pressure the customer was under when it was ")
        .append("made (touches in the 30 days before). ")
        .append(
            f.fatigueSignal()
                ? "<strong>At the busiest pressure touches are answered less and bring more "
                    + "unsubscribes or complaints than at the quietest: more contact there only "
                    + "tires customers.</strong> "
                : "The busiest pressure is not answered less with more losses than the quietest. ")
        .append(fmtInt(v.fatiguedCustomers()))
        .append(" customers (")
        .append(pct(customers == 0 ? 0 : (double) v.fatiguedCustomers() / customers))
        .append(") are fatigued on their own history; the next best action halves their caps.")
        .append("</p>");
    List<String> labels = f.bands().stream().map(FatigueSection::label).toList();
    ArrayNode answered = Charts.array();
    ArrayNode losses = Charts.array();
    for (ContactFatigue.Band b : f.bands()) {
      // Rounded as the table shows them: the bars' labels print the values.
      Charts.add(answered, Math.round(1000 * b.responsesPerTouch()) / 10.0);
      Charts.add(losses, Math.round(100_000 * loss(b)) / 100.0);
    }
    h.append("<div class=\"pair\"><div>")
        .append(
            charts.chart(
                "fatigue-answers",
                bandChart(labels, answered, "answered per touch, %", Charts.ENGAGED),
                labels.size(),
                60 + 32 * labels.size()))
        .append("</div><div>")
        .append(
            charts.chart(
                "fatigue-losses",
                bandChart(
                    labels,
                    losses,
                    "unsubscribes + complaints per 1,000 touches",
                    Charts.UNENGAGED),
                labels.size(),
                60 + 32 * labels.size()))
        .append("</div></div>");
    h.append("<table><thead><tr><th>pressure</th><th>touches</th><th>answered per touch</th>")
        .append("<th>unsubscribes + complaints per 1,000 touches</th></tr></thead><tbody>");
    for (int i = 0; i < f.bands().size(); i++) {
      ContactFatigue.Band b = f.bands().get(i);
      h.append("<tr><td>")
          .append(esc(labels.get(i)))
          .append("</td><td>")
          .append(fmtInt(b.touches()))
          .append("</td><td>")
          .append(pct(b.responsesPerTouch()))
          .append("</td><td>")
          .append(String.format(Locale.ROOT, "%.2f", 1000 * loss(b)))
          .append("</td></tr>");
    }
    h.append("</tbody></table>");
    EngagementFitSection.render(h, v.bySegment(), cur);
    h.append("</section>\n");
  }

  private static String label(ContactFatigue.Band b) {
    return b.to() == Integer.MAX_VALUE
        ? b.from() + "+ touches"
        : b.from() == b.to() ? b.from() + " touches" : b.from() + "-" + b.to() + " touches";
  }

  private static ObjectNode bandChart(
      List<String> labels, ArrayNode values, String name, String color) {
    ObjectNode o = Charts.horizontal(labels, null, 40);
    o.putObject("title")
        .put("text", name)
        .put("left", 0)
        .putObject("textStyle")
        .put("fontSize", 13);
    ObjectNode s = Charts.bars(o, name, color);
    s.putObject("label").put("show", true).put("position", "right");
    s.set("data", values);
    return o;
  }

  private static double loss(ContactFatigue.Band b) {
    return b.unsubscribesPerTouch() + b.complaintsPerTouch();
  }
}
