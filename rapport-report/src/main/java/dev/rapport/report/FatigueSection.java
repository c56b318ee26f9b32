package dev.rapport.report;

import static dev.rapport.report.ReportWriter.bar;
import static dev.rapport.report.ReportWriter.fmtInt;
import static dev.rapport.report.ReportWriter.pct;
import static dev.rapport.report.ReportWriter.text;

import dev.rapport.analytics.fatigue.ContactFatigue;
import java.util.Locale;

/**
 * The report's "does more contact pay?" section: by the contact pressure of the moment, how often a
 * touch is answered and how often it costs an unsubscribe or a complaint, and how many customers
 * are fatigued on their own history.
 */
final class FatigueSection {
  private FatigueSection() {}

  static void render(StringBuilder h, ReportWriter.Fatigue v, long customers, String cur) {
    ContactFatigue f = v.population();
    if (f.bands().isEmpty()) {
      return;
    }
    h.append("<section><h2>Does more contact pay?</h2><p class=\"muted\">Every touch counted ")
        .append("against the contact pressure the customer was under when it was made (touches in ")
        .append("the 30 days before). ")
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
    double maxAnswer = 0;
    double maxLoss = 0;
    for (ContactFatigue.Band b : f.bands()) {
      maxAnswer = Math.max(maxAnswer, b.responsesPerTouch());
      maxLoss = Math.max(maxLoss, loss(b));
    }
    int rowH = 28;
    int labelW = 120;
    int barW = 260;
    int gap = 160;
    h.append("<svg role=\"img\" aria-label=\"answers and losses per touch by contact pressure\"")
        .append(" viewBox=\"0 0 ")
        .append(labelW + 2 * barW + 2 * gap)
        .append(' ')
        .append(f.bands().size() * rowH + 30)
        .append("\" class=\"chart\">");
    h.append(text(labelW, 12, "answered per touch", "start"));
    h.append(text(labelW + barW + gap, 12, "unsubscribes + complaints per 1,000 touches", "start"));
    int y = 20;
    for (ContactFatigue.Band b : f.bands()) {
      String label =
          b.to() == Integer.MAX_VALUE
              ? b.from() + "+ touches"
              : b.from() == b.to() ? b.from() + " touches" : b.from() + "-" + b.to() + " touches";
      h.append(text(0, y + 17, label, "start"));
      double wa = maxAnswer == 0 ? 0 : barW * b.responsesPerTouch() / maxAnswer;
      bar(h, labelW, y, wa, "#2e7d32", fmtInt(b.touches()) + " touches at " + label);
      h.append(text(labelW + wa + 6, y + 17, pct(b.responsesPerTouch()), "start"));
      double wl = maxLoss == 0 ? 0 : barW * loss(b) / maxLoss;
      bar(h, labelW + barW + gap, y, wl, "#c62828", fmtInt(b.touches()) + " touches at " + label);
      h.append(
          text(
              labelW + barW + gap + wl + 6,
              y + 17,
              String.format(Locale.ROOT, "%.2f", 1000 * loss(b)),
              "start"));
      y += rowH;
    }
    h.append("</svg>");
    EngagementFitSection.render(h, v.bySegment(), cur);
    h.append("</section>\n");
  }

  private static double loss(ContactFatigue.Band b) {
    return b.unsubscribesPerTouch() + b.complaintsPerTouch();
  }
}
