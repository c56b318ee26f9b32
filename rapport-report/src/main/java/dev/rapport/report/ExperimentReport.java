package dev.rapport.report;

import static dev.rapport.report.Html.esc;
import static dev.rapport.report.ReportWriter.fmtInt;
import static dev.rapport.report.ReportWriter.text;

import dev.rapport.analytics.lift.Experiment;
import dev.rapport.analytics.lift.Lift;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code out/lift.html}: a randomised experiment read from a file, on one self-contained page —
 * each arm's rates, each treatment's lift against the control with 95% intervals, overall and by
 * segment, and the uplift model's Qini curve on held-out units.
 */
public final class ExperimentReport {
  private ExperimentReport() {}

  /**
   * The uplift model of one treatment arm.
   *
   * @param arm the treatment arm
   * @param curve incremental responses at shares 0, 1/steps, …, 1 of the held-out units ranked by
   *     predicted uplift
   * @param coefficient the Qini coefficient
   * @param testUnits held-out units the curve is drawn on
   */
  public record Qini(String arm, double[] curve, double coefficient, int testUnits) {}

  /**
   * @param file the experiment's file, for the title
   * @param arms control first, as {@link Experiment#compare()} gives them
   * @param bySegment segmentation → value → arms within it
   */
  public static String render(
      String file,
      List<Experiment.Arm> arms,
      Map<String, Map<String, List<Experiment.Arm>>> bySegment,
      List<Qini> qini,
      String currency) {
    StringBuilder h = new StringBuilder(32 * 1024);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>Rapport — experiment ")
        .append(esc(file))
        .append("</title>\n<style>")
        .append(ReportWriter.CSS)
        .append(
            "</style></head><body>\n<header><h1>Does the treatment pay?</h1><p class=\"muted\">")
        .append(esc(file))
        .append(": each arm against the control arm <strong>")
        .append(esc(arms.get(0).arm()))
        .append("</strong>. Bars are 95% intervals of treatment − control; an interval across")
        .append(" the line is no evidence of an effect.</p></header>\n");
    armsTable(h, arms, currency);
    List<Experiment.Arm> treated = arms.subList(1, arms.size());
    List<String> names = treated.stream().map(Experiment.Arm::arm).toList();
    h.append("<section id=\"lift\"><h2>Lift against the control</h2>");
    forests(h, names, treated, currency);
    h.append("</section>\n");
    if (!bySegment.isEmpty()) {
      h.append("<section id=\"segments\"><h2>Lift by segment</h2><p class=\"muted\">The same")
          .append(" comparison within each value of each segment column; an overall lift can")
          .append(" hide a segment where the treatment does nothing.</p>");
      for (Map.Entry<String, Map<String, List<Experiment.Arm>>> s : bySegment.entrySet()) {
        List<String> labels = new ArrayList<>();
        List<Experiment.Arm> rows = new ArrayList<>();
        for (Map.Entry<String, List<Experiment.Arm>> v : s.getValue().entrySet()) {
          for (Experiment.Arm a : v.getValue().subList(1, v.getValue().size())) {
            labels.add(s.getKey() + " = " + v.getKey() + " · " + a.arm());
            rows.add(a);
          }
        }
        h.append("<h3>").append(esc(s.getKey())).append("</h3>");
        forests(h, labels, rows, currency);
      }
      h.append("</section>\n");
    }
    if (!qini.isEmpty()) {
      qiniSection(h, qini);
    }
    h.append("</body></html>\n");
    return h.toString();
  }

  public static void write(
      Path out,
      String file,
      List<Experiment.Arm> arms,
      Map<String, Map<String, List<Experiment.Arm>>> bySegment,
      List<Qini> qini,
      String currency) {
    try {
      Files.writeString(out, render(file, arms, bySegment, qini, currency), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out, e);
    }
  }

  private static void forests(
      StringBuilder h, List<String> labels, List<Experiment.Arm> rows, String currency) {
    CampaignSection.forest(
        h, labels, lifts(rows, Experiment.Arm::responseLift), "response rate", true, currency);
    CampaignSection.forest(
        h, labels, lifts(rows, Experiment.Arm::conversionLift), "conversion rate", true, currency);
    CampaignSection.forest(
        h, labels, lifts(rows, Experiment.Arm::revenueLift), "revenue per unit", false, currency);
  }

  private static List<Lift> lifts(List<Experiment.Arm> rows, Function<Experiment.Arm, Lift> f) {
    return rows.stream().map(f).toList();
  }

  private static void armsTable(StringBuilder h, List<Experiment.Arm> arms, String currency) {
    h.append("<section id=\"arms\"><h2>Arms</h2><table><thead><tr><th>arm</th><th>units</th>")
        .append("<th>response rate</th><th>conversion rate</th><th>revenue per unit</th>")
        .append("</tr></thead><tbody>");
    for (Experiment.Arm a : arms) {
      h.append("<tr><td>")
          .append(esc(a.arm()))
          .append("</td><td>")
          .append(fmtInt(a.units()))
          .append("</td><td>")
          .append(String.format(Locale.ROOT, "%.3f%%", 100 * a.responseRate()))
          .append("</td><td>")
          .append(String.format(Locale.ROOT, "%.3f%%", 100 * a.conversionRate()))
          .append("</td><td>")
          .append(esc(String.format(Locale.ROOT, "%.4f %s", a.revenuePerUnit(), currency)))
          .append("</td></tr>");
    }
    h.append("</tbody></table></section>\n");
  }

  private static final String[] COLORS = {"#1565c0", "#2e7d32", "#6a1b9a", "#ef6c00"};

  /** The Qini curves of every arm with their random-targeting diagonals. */
  private static void qiniSection(StringBuilder h, List<Qini> qini) {
    double lo = 0;
    double hi = 0;
    for (Qini q : qini) {
      for (double v : q.curve()) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    if (hi - lo <= 0) {
      hi = lo + 1;
    }
    int left = 70;
    int w = 620;
    int top = 20;
    int ht = 300;
    double yScale = ht / (hi - lo);
    h.append("<section id=\"qini\"><h2>Who is moved: the uplift model's Qini curve</h2>")
        .append("<p class=\"muted\">Two models (gradient-boosted trees on the treated and on")
        .append(" the control units) predict each held-out unit's uplift; units ranked by it,")
        .append(" the curve gives the incremental responses gained by treating the top share")
        .append(" (Radcliffe 2007). The dashed line is random targeting; the Qini coefficient is")
        .append(" the area between, per unit: above zero, the model finds who is moved.</p>")
        .append("<svg role=\"img\" aria-label=\"Qini curve\" class=\"chart\" viewBox=\"0 0 ")
        .append(left + w + 400)
        .append(' ')
        .append(top + ht + 50)
        .append("\">");
    double zeroY = top + (hi - 0) * yScale;
    h.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#999\"/>",
            left,
            zeroY,
            left + w,
            zeroY));
    h.append(text(left - 6, top + 10, String.format(Locale.ROOT, "%.0f", hi), "end"));
    h.append(text(left - 6, zeroY + 4, "0", "end"));
    h.append(text(left, top + ht + 20, "0%", "middle"));
    h.append(text(left + w, top + ht + 20, "100%", "middle"));
    h.append(
        text(
            left + w / 2.0,
            top + ht + 40,
            "share of units treated, by predicted uplift",
            "middle"));
    int k = 0;
    for (Qini q : qini) {
      String color = COLORS[k % COLORS.length];
      double[] c = q.curve();
      int steps = c.length - 1;
      StringBuilder pts = new StringBuilder();
      for (int s = 0; s <= steps; s++) {
        pts.append(
            String.format(
                Locale.ROOT,
                "%.1f,%.1f ",
                left + (double) w * s / steps,
                top + (hi - c[s]) * yScale));
      }
      h.append("<polyline fill=\"none\" stroke-width=\"2.5\" stroke=\"")
          .append(color)
          .append("\" points=\"")
          .append(pts.toString().strip())
          .append("\"><title>")
          .append(esc(q.arm()))
          .append("</title></polyline>");
      h.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\""
                  + " stroke-dasharray=\"5,4\"/>",
              left,
              zeroY,
              left + w,
              top + (hi - c[steps]) * yScale,
              color));
      h.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>",
              left + w + 14,
              top + 5 + 20 * k,
              color));
      h.append(
          text(
              left + w + 30,
              top + 14 + 20 * k,
              String.format(
                  Locale.ROOT,
                  "%s: Qini %.5f (%s held-out units)",
                  q.arm(),
                  q.coefficient(),
                  fmtInt(q.testUnits())),
              "start"));
      k++;
    }
    h.append("</svg></section>\n");
  }
}
