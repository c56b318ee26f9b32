package dev.rapport.report;

import static dev.rapport.report.ReportWriter.fmt1;
import static dev.rapport.report.ReportWriter.fmtInt;
import static dev.rapport.report.ReportWriter.pct;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rapport.core.lifecycle.LifecycleSummary;
import dev.rapport.core.lifecycle.Stage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The report's lifecycle section: where customers are now, how that changed month by month, the
 * flows between stages, and how fast customers move.
 */
final class LifecycleSection {
  private LifecycleSection() {}

  static String color(Stage s) {
    switch (s) {
      case ACQUISITION:
        return "#90caf9";
      case ACTIVATION:
        return "#42a5f5";
      case ENGAGEMENT:
        return "#1e88e5";
      case SATISFACTION:
        return "#66bb6a";
      case LOYALTY:
        return "#2e7d32";
      case ADVOCACY:
        return "#1b5e20";
      case DISENGAGED:
        return "#ffa726";
      default:
        return "#c62828";
    }
  }

  static void render(StringBuilder h, Charts charts, LifecycleSummary s) {
    if (s.customers() == 0) {
      return;
    }
    h.append("<section><h2>Where customers are in their lifecycle</h2>")
        .append("<p class=\"muted\">")
        .append(fmtInt(s.customers()))
        .append(" customers. ")
        .append(pct(s.activationRate()))
        .append(" ever activated, after a median of ")
        .append(days(s.medianDaysToActivate()))
        .append(". ")
        .append(fmtInt(s.reactivations()))
        .append(" returns from disengaged or churned.</p>");
    current(h, charts, s);
    overTime(h, charts, s);
    flows(h, charts, s);
    velocity(h, s);
    h.append("</section>\n");
  }

  private static void current(StringBuilder h, Charts charts, LifecycleSummary s) {
    ObjectNode o =
        Charts.horizontal(Arrays.stream(Stage.values()).map(Stage::id).toList(), "customers", 80);
    ArrayNode data = Charts.bars(o, "customers now", null).putArray("data");
    for (Stage st : Stage.values()) {
      int n = s.current().get(st);
      ObjectNode d = data.addObject();
      d.put("value", n);
      d.putObject("itemStyle").put("color", color(st));
      d.putObject("label")
          .put("show", true)
          .put("position", "right")
          .put("formatter", pct(s.customers() == 0 ? 0 : (double) n / s.customers()));
    }
    h.append("<h3>Now</h3>").append(charts.chart("lifecycle-now", o, Stage.values().length, 300));
  }

  /** Stacked columns: each month's customers by stage, at the month's end. */
  private static void overTime(StringBuilder h, Charts charts, LifecycleSummary s) {
    List<LifecycleSummary.Month> months = s.byMonth();
    if (months.isEmpty()) {
      return;
    }
    ObjectNode o =
        Charts.vertical(months.stream().map(m -> m.month().toString()).toList(), "customers");
    for (Stage st : Stage.values()) {
      ObjectNode ser = Charts.bars(o, st.id(), color(st)).put("stack", "stages");
      ArrayNode d = ser.putArray("data");
      months.forEach(m -> d.add(m.counts().get(st)));
    }
    h.append("<h3>Month by month</h3>")
        .append(charts.chart("lifecycle-months", o, months.size() * Stage.values().length, 340));
  }

  /**
   * Every move between stages as a flow from the stage left (left column) to the stage entered
   * (right column). Two columns rather than one node per stage because customers move both ways (a
   * disengaged customer can return to engagement), and a Sankey diagram cannot draw a cycle.
   */
  private static void flowChart(StringBuilder h, Charts charts, LifecycleSummary s) {
    ObjectNode o = Charts.object();
    o.set("tooltip", Charts.tooltip("item"));
    ObjectNode series = o.putArray("series").addObject();
    series.put("type", "sankey").put("left", 10).put("right", 140).put("nodeGap", 10);
    series.putObject("emphasis").put("focus", "adjacency");
    series.putObject("lineStyle").put("color", "source").put("opacity", 0.35);
    // Nodes in ladder order on both sides, kept so (no layout iterations): the reader finds each
    // stage where the "now" chart above has it.
    series.put("layoutIterations", 0);
    ArrayNode nodes = series.putArray("data");
    ArrayNode links = series.putArray("links");
    java.util.Set<Stage> left = java.util.EnumSet.noneOf(Stage.class);
    java.util.Set<Stage> right = java.util.EnumSet.noneOf(Stage.class);
    int count = 0;
    for (Map.Entry<Stage, Map<Stage, Integer>> from : s.flows().entrySet()) {
      for (Map.Entry<Stage, Integer> to : from.getValue().entrySet()) {
        if (to.getValue() > 0) {
          left.add(from.getKey());
          right.add(to.getKey());
          links
              .addObject()
              .put("source", from.getKey().id())
              .put("target", "→ " + to.getKey().id())
              .put("value", to.getValue());
          count++;
        }
      }
    }
    left.forEach(st -> node(nodes, st.id(), st));
    right.forEach(st -> node(nodes, "→ " + st.id(), st));
    if (count > 0) {
      h.append(charts.chart("lifecycle-flows", o, count, 420));
    }
  }

  private static void node(ArrayNode nodes, String name, Stage st) {
    ObjectNode n = nodes.addObject();
    n.put("name", name);
    n.putObject("itemStyle").put("color", color(st));
  }

  private static void flows(StringBuilder h, Charts charts, LifecycleSummary s) {
    List<Object[]> rows = new ArrayList<>();
    for (Map.Entry<Stage, Map<Stage, Integer>> from : s.flows().entrySet()) {
      for (Map.Entry<Stage, Integer> to : from.getValue().entrySet()) {
        rows.add(new Object[] {from.getKey(), to.getKey(), to.getValue()});
      }
    }
    rows.sort((a, b) -> Integer.compare((Integer) b[2], (Integer) a[2]));
    h.append("<h3>Moves between stages</h3><p class=\"muted\">Every transition: the stage left ")
        .append("on the left, the stage entered on the right. Moves up the ladder may skip ")
        .append("stages; moves to disengaged or churned can come from any stage.</p>");
    flowChart(h, charts, s);
    h.append("<table><thead><tr><th>from</th><th>to</th><th>customers moved</th>")
        .append("</tr></thead><tbody>");
    for (int i = 0; i < Math.min(15, rows.size()); i++) {
      Object[] r = rows.get(i);
      h.append("<tr><td>")
          .append(((Stage) r[0]).id())
          .append("</td><td>")
          .append(((Stage) r[1]).id())
          .append("</td><td>")
          .append(fmtInt((Integer) r[2]))
          .append("</td></tr>");
    }
    h.append("</tbody></table>");
  }

  private static void velocity(StringBuilder h, LifecycleSummary s) {
    h.append("<h3>How fast</h3><table><thead><tr><th>stage</th><th>customers who reached it</th>")
        .append("<th>median days from acquisition</th><th>median days spent in it</th>")
        .append("</tr></thead><tbody>");
    for (Stage st : Stage.values()) {
      h.append("<tr><td>")
          .append(st.id())
          .append("</td><td>")
          .append(fmtInt(s.reached().get(st)))
          .append("</td><td>")
          .append(days(s.medianDaysToReach().get(st)))
          .append("</td><td>")
          .append(days(s.medianDaysInStage().get(st)))
          .append("</td></tr>");
    }
    h.append("</tbody></table>");
  }

  private static String days(double d) {
    return Double.isNaN(d) ? "—" : fmt1(d) + " days";
  }
}
