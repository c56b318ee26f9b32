package dev.rapport.report;

import static dev.rapport.report.Html.esc;
import static dev.rapport.report.ReportWriter.bar;
import static dev.rapport.report.ReportWriter.fmt1;
import static dev.rapport.report.ReportWriter.fmtInt;
import static dev.rapport.report.ReportWriter.pct;
import static dev.rapport.report.ReportWriter.text;

import dev.rapport.core.lifecycle.LifecycleSummary;
import dev.rapport.core.lifecycle.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

  static void render(StringBuilder h, LifecycleSummary s) {
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
    current(h, s);
    overTime(h, s);
    flows(h, s);
    velocity(h, s);
    h.append("</section>\n");
  }

  private static void current(StringBuilder h, LifecycleSummary s) {
    int max = s.current().values().stream().mapToInt(Integer::intValue).max().orElse(0);
    int rowH = 28;
    int labelW = 100;
    int barW = 420;
    h.append(
            "<h3>Now</h3><svg role=\"img\" aria-label=\"customers by current stage\" viewBox=\"0 0 ")
        .append(labelW + barW + 200)
        .append(' ')
        .append(Stage.values().length * rowH + 10)
        .append("\" class=\"chart\">");
    int y = 5;
    for (Stage st : Stage.values()) {
      int n = s.current().get(st);
      h.append(text(0, y + 17, st.id(), "start"));
      double w = max == 0 ? 0 : (double) barW * n / max;
      bar(h, labelW, y, w, color(st), n + " " + st.id());
      h.append(
          text(
              labelW + w + 8,
              y + 17,
              fmtInt(n) + " (" + pct(s.customers() == 0 ? 0 : (double) n / s.customers()) + ")",
              "start"));
      y += rowH;
    }
    h.append("</svg>");
  }

  /** Stacked columns: each month's customers by stage, at the month's end. */
  private static void overTime(StringBuilder h, LifecycleSummary s) {
    List<LifecycleSummary.Month> months = s.byMonth();
    if (months.isEmpty()) {
      return;
    }
    int max = 0;
    for (LifecycleSummary.Month m : months) {
      max = Math.max(max, m.counts().values().stream().mapToInt(Integer::intValue).sum());
    }
    int chartH = 220;
    int colW = Math.max(8, Math.min(40, 760 / months.size()));
    int width = 60 + months.size() * colW + 10;
    h.append(
            "<h3>Month by month</h3><svg role=\"img\" aria-label=\"stages by month\" viewBox=\"0 0 ")
        .append(width)
        .append(' ')
        .append(chartH + 40)
        .append("\" class=\"chart\">");
    h.append(text(0, 12, fmtInt(max), "start"));
    for (int i = 0; i < months.size(); i++) {
      LifecycleSummary.Month m = months.get(i);
      double x = 60 + i * colW;
      double y = chartH + 10;
      for (Stage st : Stage.values()) {
        int n = m.counts().get(st);
        double hgt = max == 0 ? 0 : (double) chartH * n / max;
        y -= hgt;
        if (hgt > 0) {
          h.append(
              String.format(
                  Locale.ROOT,
                  "<rect x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\"><title>%s</title></rect>",
                  x,
                  y,
                  colW - 2,
                  hgt,
                  color(st),
                  esc(m.month() + ": " + n + " " + st.id())));
        }
      }
      if (i % Math.max(1, months.size() / 8) == 0) {
        h.append(text(x, chartH + 28, m.month().toString(), "start"));
      }
    }
    h.append("</svg><p class=\"legend\">");
    for (Stage st : Stage.values()) {
      h.append("<span style=\"color:")
          .append(color(st))
          .append("\">■</span> ")
          .append(st.id())
          .append(' ');
    }
    h.append("</p>");
  }

  /**
   * Every move between stages as a grid, from-stage in rows and to-stage in columns, each cell
   * shaded by its share of the largest flow (on a square-root scale, so small flows stay visible).
   */
  private static void flowGrid(StringBuilder h, LifecycleSummary s) {
    Stage[] stages = Stage.values();
    int max = 0;
    for (Map<Stage, Integer> to : s.flows().values()) {
      for (int n : to.values()) {
        max = Math.max(max, n);
      }
    }
    if (max == 0) {
      return;
    }
    int cell = 70;
    int labelW = 100;
    int top = 40;
    h.append("<svg role=\"img\" aria-label=\"moves between stages\" viewBox=\"0 0 ")
        .append(labelW + stages.length * cell + 10)
        .append(' ')
        .append(top + stages.length * cell / 2 + 30)
        .append("\" class=\"chart flows\">");
    h.append(text(labelW, 12, "to →", "start"));
    for (int c = 0; c < stages.length; c++) {
      h.append(text(labelW + c * cell + cell / 2.0, top - 8, stages[c].id(), "middle"));
    }
    int rowH = cell / 2;
    for (int r = 0; r < stages.length; r++) {
      double y = top + r * rowH;
      h.append(text(0, y + rowH / 2.0 + 4, stages[r].id(), "start"));
      Map<Stage, Integer> row = s.flows().getOrDefault(stages[r], Map.of());
      for (int c = 0; c < stages.length; c++) {
        int n = row.getOrDefault(stages[c], 0);
        double x = labelW + c * cell;
        double shade = n == 0 ? 0 : Math.sqrt((double) n / max);
        h.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%d\" fill=\"%s\""
                    + " fill-opacity=\"%.3f\" stroke=\"#eee\"><title>%s</title></rect>",
                x,
                y,
                cell - 2,
                rowH - 2,
                n == 0 ? "#fafafa" : color(stages[c]),
                n == 0 ? 1.0 : 0.15 + 0.85 * shade,
                esc(stages[r].id() + " → " + stages[c].id() + ": " + n)));
        if (n == 0) {
          continue;
        }
        h.append(text(x + (cell - 2) / 2.0, y + rowH / 2.0 + 4, fmtInt(n), "middle"));
      }
    }
    h.append(text(0, top - 8, "from ↓", "start"));
    h.append("</svg>");
  }

  private static void flows(StringBuilder h, LifecycleSummary s) {
    List<Object[]> rows = new ArrayList<>();
    for (Map.Entry<Stage, Map<Stage, Integer>> from : s.flows().entrySet()) {
      for (Map.Entry<Stage, Integer> to : from.getValue().entrySet()) {
        rows.add(new Object[] {from.getKey(), to.getKey(), to.getValue()});
      }
    }
    rows.sort((a, b) -> Integer.compare((Integer) b[2], (Integer) a[2]));
    h.append("<h3>Moves between stages</h3><p class=\"muted\">Every transition: the stage left in ")
        .append(
            "rows, the stage entered in columns. Moves up the ladder may skip stages; moves to ")
        .append("disengaged or churned can come from any stage.</p>");
    flowGrid(h, s);
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
