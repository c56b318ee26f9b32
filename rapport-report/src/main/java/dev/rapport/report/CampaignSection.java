package dev.rapport.report;

import static dev.rapport.report.Html.esc;
import static dev.rapport.report.ReportWriter.fmtInt;
import static dev.rapport.report.ReportWriter.pct;
import static dev.rapport.report.ReportWriter.text;

import dev.rapport.analytics.lift.CampaignLift;
import dev.rapport.analytics.lift.Experiment;
import dev.rapport.analytics.lift.Lift;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The report's "does our engagement pay?" section: each campaign measured against its holdout
 * group, as a forest plot of the lift with its 95% interval per outcome, and the campaigns that
 * cannot be judged because they kept no holdout, listed with their activity and no verdict.
 */
final class CampaignSection {
  private CampaignSection() {}

  static void render(StringBuilder h, List<CampaignLift> campaigns, int windowDays, String cur) {
    if (campaigns.isEmpty()) {
      return;
    }
    List<CampaignLift> measured = campaigns.stream().filter(c -> c.treated() != null).toList();
    List<CampaignLift> unmeasured = campaigns.stream().filter(c -> c.treated() == null).toList();
    long lift = measured.stream().filter(c -> c.verdict() == CampaignLift.Verdict.LIFT).count();
    long harm = measured.stream().filter(c -> c.verdict() == CampaignLift.Verdict.HARM).count();
    h.append("<section id=\"campaign-lift\"><h2>Does our engagement pay?</h2><p class=\"muted\">")
        .append(fmtInt(campaigns.size()))
        .append(" campaigns; ")
        .append(fmtInt(measured.size()))
        .append(" kept a holdout group and are measured against it: ")
        .append(fmtInt(lift))
        .append(" show a lift, ")
        .append(fmtInt(harm))
        .append(" a harm, the rest no significant effect. ")
        .append(fmtInt(unmeasured.size()))
        .append(" kept no holdout: their effect is unknown, whatever their response counts. ")
        .append("Each customer's outcomes are counted in the ")
        .append(windowDays)
        .append(" days after they were touched or held out, on every channel. Bars are 95% ")
        .append("intervals of treated minus holdout; an interval across the line is no evidence ")
        .append("of an effect. With many campaigns, about one in twenty intervals misses by ")
        .append("chance.</p>");
    if (!measured.isEmpty()) {
      List<String> names = measured.stream().map(CampaignLift::campaign).toList();
      forest(h, names, lifts(measured, Experiment.Arm::responseLift), "response rate", true, cur);
      forest(
          h, names, lifts(measured, Experiment.Arm::conversionLift), "conversion rate", true, cur);
      forest(
          h,
          names,
          lifts(measured, Experiment.Arm::revenueLift),
          "revenue per customer",
          false,
          cur);
      table(h, measured, cur);
    }
    if (!unmeasured.isEmpty()) {
      h.append("<h3>Unmeasured: no holdout group</h3><table><thead><tr><th>campaign</th>")
          .append("<th>touches</th><th>customers</th><th>attributed responses</th>")
          .append("<th>per touch</th><th>effect</th></tr></thead><tbody>");
      for (CampaignLift c : unmeasured) {
        h.append("<tr><td>")
            .append(esc(c.campaign()))
            .append("</td><td>")
            .append(fmtInt(c.touches()))
            .append("</td><td>")
            .append(fmtInt(c.customers()))
            .append("</td><td>")
            .append(fmtInt(c.attributedResponses()))
            .append("</td><td>")
            .append(Double.isNaN(c.attributedResponseRate()) ? "" : pct(c.attributedResponseRate()))
            .append("</td><td>")
            .append(esc(c.verdict().text()))
            .append("</td></tr>");
      }
      h.append("</tbody></table>");
    }
    h.append("</section>\n");
  }

  private static List<Lift> lifts(List<CampaignLift> rows, Function<Experiment.Arm, Lift> lift) {
    return rows.stream().map(c -> lift.apply(c.treated())).toList();
  }

  /**
   * One row per label: the point estimate and its 95% interval against a zero line, green when the
   * interval lies above zero, red below, grey across.
   */
  static void forest(
      StringBuilder h,
      List<String> labels,
      List<Lift> lifts,
      String metric,
      boolean rate,
      String cur) {
    double lo = 0;
    double hi = 0;
    for (Lift l : lifts) {
      if (Double.isFinite(l.low()) && Double.isFinite(l.high())) {
        lo = Math.min(lo, l.low());
        hi = Math.max(hi, l.high());
      }
    }
    if (hi - lo <= 0) {
      hi = lo + 1;
    }
    // wide enough for the longest label at about 7 px a character of the 12 px chart font
    int labelW = Math.max(170, 10 + 7 * labels.stream().mapToInt(String::length).max().orElse(0));
    int plotW = 460;
    int valueW = 240;
    int rowH = 24;
    int top = 34;
    int height = top + lifts.size() * rowH + 26;
    double scale = plotW / (hi - lo);
    double zero = labelW + (0 - lo) * scale;
    h.append("<figure><svg role=\"img\" class=\"chart forest\" aria-label=\"lift in ")
        .append(esc(metric))
        .append(" with 95% intervals\" viewBox=\"0 0 ")
        .append(labelW + plotW + valueW)
        .append(' ')
        .append(height)
        .append("\">");
    h.append(text(0, 14, "lift in " + metric + " (treated − holdout), 95% interval", "start"));
    h.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#777\""
                + " stroke-dasharray=\"3,3\"/>",
            zero,
            top - 8,
            zero,
            height - 20));
    h.append(text(zero, height - 6, "0", "middle"));
    // the ends of the axis, unless one sits on the zero line's own label
    if (zero - labelW > 40) {
      h.append(text(labelW, height - 6, value(lo, rate, cur), "start"));
    }
    if (labelW + plotW - zero > 40) {
      h.append(text(labelW + plotW, height - 6, value(hi, rate, cur), "end"));
    }
    int y = top;
    for (int k = 0; k < lifts.size(); k++) {
      Lift l = lifts.get(k);
      String label = labels.get(k);
      String color = l.low() > 0 ? "#2e7d32" : l.high() < 0 ? "#c62828" : "#757575";
      h.append(text(0, y + 12, label, "start"));
      if (Double.isFinite(l.low()) && Double.isFinite(l.high())) {
        double x1 = labelW + (l.low() - lo) * scale;
        double x2 = labelW + (l.high() - lo) * scale;
        double xm = labelW + (l.difference() - lo) * scale;
        h.append(
            String.format(
                Locale.ROOT,
                "<g class=\"interval\"><title>%s: %s [%s, %s], p = %.3g</title>"
                    + "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\""
                    + " stroke-width=\"3\"/><circle cx=\"%.1f\" cy=\"%d\" r=\"5\" fill=\"%s\"/></g>",
                esc(label),
                esc(value(l.difference(), rate, cur)),
                esc(value(l.low(), rate, cur)),
                esc(value(l.high(), rate, cur)),
                l.pValue(),
                x1,
                y + 8,
                x2,
                y + 8,
                color,
                xm,
                y + 8,
                color));
      }
      h.append(
          text(
              labelW + plotW + 10,
              y + 12,
              value(l.difference(), rate, cur)
                  + " ["
                  + value(l.low(), rate, cur)
                  + ", "
                  + value(l.high(), rate, cur)
                  + "]",
              "start"));
      y += rowH;
    }
    h.append("</svg></figure>");
  }

  private static String value(double v, boolean rate, String cur) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    return rate
        ? String.format(Locale.ROOT, "%+.1f pt", 100 * v)
        : String.format(Locale.ROOT, "%+.2f %s", v, cur);
  }

  private static void table(StringBuilder h, List<CampaignLift> measured, String cur) {
    h.append("<table><thead><tr><th>campaign</th><th>treated</th><th>holdout</th>")
        .append("<th>conversion treated</th><th>conversion holdout</th>")
        .append("<th>revenue per customer treated</th><th>holdout</th><th>verdict</th>")
        .append("</tr></thead><tbody>");
    for (CampaignLift c : measured) {
      Experiment.Arm t = c.treated();
      Experiment.Arm k = c.arms().get(0);
      h.append("<tr><td>")
          .append(esc(c.campaign()))
          .append("</td><td>")
          .append(fmtInt(t.units()))
          .append("</td><td>")
          .append(fmtInt(k.units()))
          .append("</td><td>")
          .append(pct(t.conversionRate()))
          .append("</td><td>")
          .append(pct(k.conversionRate()))
          .append("</td><td>")
          .append(esc(String.format(Locale.ROOT, "%.2f %s", t.revenuePerUnit(), cur)))
          .append("</td><td>")
          .append(esc(String.format(Locale.ROOT, "%.2f %s", k.revenuePerUnit(), cur)))
          .append("</td><td>")
          .append(esc(c.verdict().text()))
          .append("</td></tr>");
    }
    h.append("</tbody></table>");
  }
}
