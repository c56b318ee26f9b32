package dev.rapport.report;

import static dev.rapport.report.Html.esc;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rapport.analytics.feedback.Feedback;
import dev.rapport.analytics.feedback.PainPoints;
import dev.rapport.core.profile.CustomerProfile;
import java.util.List;
import java.util.Locale;

/**
 * "What customers tell us": the sentiment of their texts, the themes that set unhappy and unengaged
 * customers' texts apart, and the first customers of the follow-up list.
 */
final class FeedbackSection {
  /** Follow-ups shown in the report; the whole list is out/follow_up.csv. */
  static final int SHOWN = 15;

  private FeedbackSection() {}

  static void render(
      StringBuilder h, Charts charts, Feedback.Result f, List<CustomerProfile> profiles) {
    h.append("<section id=\"feedback\"><h2>What customers tell us</h2>");
    if (f.texts() == 0) {
      h.append("<p class=\"muted\">No free text (survey comments, reviews, complaints, messages) ")
          .append("in the data.</p></section>\n");
      return;
    }
    h.append("<p class=\"muted\">")
        .append(String.format(Locale.ROOT, "%,d", f.texts()))
        .append(" texts scored by VADER (Hutto &amp; Gilbert 2014): positive from 0.05, negative ")
        .append("from −0.05. Themes: words and phrases more typical of the texts of unhappy ")
        .append("customers (detractors, dissatisfied, complainers) and of customers who never ")
        .append("engaged than of everyone else's (weighted log-odds, Monroe et al. 2008; z &gt; ")
        .append("1.96 is significant at 5%).</p>");
    ObjectNode split = Charts.object();
    split.set("grid", Charts.grid(10, 30, 10, 10));
    split.set("tooltip", Charts.tooltip("item"));
    split.putObject("xAxis").put("type", "value");
    ObjectNode ya = split.putObject("yAxis");
    ya.put("type", "category");
    ya.set("data", Charts.strings(List.of("texts")));
    ArrayNode series = split.putArray("series");
    bar(series, "negative", f.negative(), Charts.UNENGAGED);
    bar(series, "neutral", f.neutral(), Charts.NEUTRAL);
    bar(series, "positive", f.positive(), Charts.ENGAGED);
    split.putObject("legend").put("top", 0);
    h.append(charts.chart("sentiment", split, 3, 110));
    if (f.themes().isEmpty()) {
      h.append("<p class=\"muted\">No term stands out in the unhappy customers' texts (each needs ")
          .append(PainPoints.MIN_TEXTS)
          .append(" texts at least).</p>");
    } else {
      List<PainPoints.Theme> top = f.themes().subList(0, Math.min(12, f.themes().size()));
      ObjectNode o = Charts.object();
      o.set("grid", Charts.grid(10, 30, 10, 10));
      o.set("tooltip", Charts.tooltip("axis"));
      o.putObject("xAxis").put("type", "value").put("name", "z");
      ObjectNode y = o.putObject("yAxis");
      y.put("type", "category");
      y.put("inverse", true);
      y.set("data", Charts.strings(top.stream().map(PainPoints.Theme::term).toList()));
      ObjectNode s = o.putArray("series").addObject();
      s.put("type", "bar");
      s.put("name", "z");
      s.putObject("itemStyle").put("color", Charts.UNENGAGED);
      ArrayNode d = s.putArray("data");
      top.forEach(t -> Charts.add(d, t.z()));
      h.append("<h3>Pain points</h3>")
          .append(charts.chart("themes", o, top.size(), 60 + 26 * top.size()));
    }
    h.append("<h3>To follow up: ")
        .append(String.format(Locale.ROOT, "%,d", f.followUp().size()))
        .append(" customers</h3><p class=\"muted\">Detractors, dissatisfied customers, ")
        .append("complainers and writers of a very negative last message, most recent first; all ")
        .append("of them, with their identifiers, stage and value, in out/follow_up.csv.</p>");
    if (!f.followUp().isEmpty()) {
      h.append("<table><thead><tr><th>customer</th><th>why</th><th>last message</th>")
          .append("</tr></thead><tbody>");
      for (Feedback.FollowUp u : f.followUp().subList(0, Math.min(SHOWN, f.followUp().size()))) {
        h.append("<tr><td>")
            .append(esc(profiles.get(u.customer()).customerId()))
            .append("</td><td>")
            .append(esc(String.join("; ", u.reasons())))
            .append("</td><td>")
            .append(esc(u.lastText() == null ? "" : u.lastText()))
            .append("</td></tr>");
      }
      h.append("</tbody></table>");
    }
    h.append("</section>\n");
  }

  private static void bar(ArrayNode series, String name, long value, String color) {
    ObjectNode s = series.addObject();
    s.put("type", "bar");
    s.put("name", name);
    s.put("stack", "all");
    s.putObject("itemStyle").put("color", color);
    s.putArray("data").add(value);
  }
}
