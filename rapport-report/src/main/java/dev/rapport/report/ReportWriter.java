package dev.rapport.report;

import static dev.rapport.report.Html.esc;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rapport.analytics.advocacy.Advocacy;
import dev.rapport.analytics.clv.CustomerValue;
import dev.rapport.analytics.clv.HoldoutCheck;
import dev.rapport.analytics.fatigue.ContactFatigue;
import dev.rapport.analytics.fatigue.EngagementFit;
import dev.rapport.analytics.feedback.Feedback;
import dev.rapport.analytics.journey.Attribution;
import dev.rapport.analytics.kpi.Kpis;
import dev.rapport.analytics.lift.CampaignLift;
import dev.rapport.core.journey.JourneyLog;
import dev.rapport.core.lifecycle.LifecycleSummary;
import dev.rapport.core.profile.CustomerProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Writes {@code out/report.html}: one self-contained file (inline CSS, SVG and, with the KPIs, the
 * ECharts library) that opens from disk without a network. Sections answer, in order: how are we
 * doing (KPI tiles with trends, what customers are worth, where they are in their lifecycle), where
 * are we losing people (funnels, cohorts, monthly retention and churn, channels, response times,
 * the paths before churn, what customers tell us), and what should we do (which channels earn the
 * purchases, which campaigns pay, where more contact stops paying, the segments, the advocates).
 */
public final class ReportWriter {
  private ReportWriter() {}

  /**
   * What the report describes besides the profiles.
   *
   * @param title e.g. the workspace name
   * @param asOf end of observation, as text
   * @param currency ISO code for money figures
   * @param importSummary e.g. "read=… accepted=… rejected=… duplicate=…" lines; may be empty
   */
  public record Context(String title, String asOf, String currency, List<String> importSummary) {}

  /**
   * Contact fatigue, for the "does more contact pay?" section.
   *
   * @param population the population's answers and losses per touch by contact pressure
   * @param fatiguedCustomers customers who, on their own history, answer less or leave more as
   *     contact rises
   * @param bySegment the engagement-fit view per segmentation; empty leaves it out
   */
  public record Fatigue(
      ContactFatigue population, long fatiguedCustomers, List<EngagementFit> bySegment) {}

  /**
   * The sections that need the models' results.
   *
   * @param fatigue contact fatigue; null leaves the section out
   * @param value lifetime value per customer (aligned with the profiles); null leaves it out
   * @param campaigns every campaign, measured against its holdout where it has one; null leaves the
   *     section out
   * @param kpis the KPIs; null leaves out "how are we doing" and "where are we losing people" (and
   *     the channels are drawn without the charting library)
   * @param feedback sentiment, themes and the follow-up list (aligned with the profiles); null
   *     leaves the section out
   * @param journeys paths and attribution; null leaves the sections out
   * @param advocacy referrals, advocates, reviews and promoters; null leaves the section out
   */
  public record Sections(
      Fatigue fatigue,
      Value value,
      Campaigns campaigns,
      Kpis kpis,
      Feedback.Result feedback,
      Journeys journeys,
      Advocacy advocacy) {
    public static final Sections NONE = new Sections(null, null, null, null, null, null, null);
  }

  /**
   * Journeys and their attribution, for "which paths lead to a purchase" and "which channels earn
   * the purchases".
   *
   * @param windowDays how long a journey lasts from its first touchpoint
   */
  public record Journeys(JourneyLog log, Attribution attribution, long windowDays) {}

  /**
   * Lifetime value, for the "what customers are worth" section.
   *
   * @param model the value per customer, aligned with the profiles
   * @param holdout the model refitted at a calibration end against what followed; null leaves the
   *     chart out
   * @param calibrationEnd the calibration period's last day
   */
  public record Value(CustomerValue model, HoldoutCheck holdout, String calibrationEnd) {}

  /**
   * Campaign lift, for the "does our engagement pay?" section.
   *
   * @param lifts every campaign
   * @param windowDays the measurement window after each customer's assignment
   */
  public record Campaigns(List<CampaignLift> lifts, int windowDays) {}

  public static void write(Path file, Context context, List<CustomerProfile> profiles) {
    write(file, context, profiles, null);
  }

  /**
   * @param lifecycle the population's lifecycle; null leaves the section out
   */
  public static void write(
      Path file, Context context, List<CustomerProfile> profiles, LifecycleSummary lifecycle) {
    write(file, context, profiles, lifecycle, List.of());
  }

  /**
   * @param lifecycle the population's lifecycle; null leaves the section out
   * @param breakdowns customers grouped other ways (segments, styles, touch models, clusters), a
   *     section each after the lifecycle
   */
  public static void write(
      Path file,
      Context context,
      List<CustomerProfile> profiles,
      LifecycleSummary lifecycle,
      List<Breakdown> breakdowns) {
    write(file, context, profiles, lifecycle, breakdowns, Sections.NONE);
  }

  public static void write(
      Path file,
      Context context,
      List<CustomerProfile> profiles,
      LifecycleSummary lifecycle,
      List<Breakdown> breakdowns,
      Sections sections) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(
          file, render(context, profiles, lifecycle, breakdowns, sections), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write report " + file, e);
    }
  }

  public static String render(Context context, List<CustomerProfile> profiles) {
    return render(context, profiles, null);
  }

  public static String render(
      Context context, List<CustomerProfile> profiles, LifecycleSummary lifecycle) {
    return render(context, profiles, lifecycle, List.of());
  }

  public static String render(
      Context context,
      List<CustomerProfile> profiles,
      LifecycleSummary lifecycle,
      List<Breakdown> breakdowns) {
    return render(context, profiles, lifecycle, breakdowns, Sections.NONE);
  }

  public static String render(
      Context context,
      List<CustomerProfile> profiles,
      LifecycleSummary lifecycle,
      List<Breakdown> breakdowns,
      Sections sections) {
    Overview o = Overview.of(profiles);
    StringBuilder h = new StringBuilder(64 * 1024);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>Rapport report — ")
        .append(esc(context.title()))
        .append("</title>\n<style>")
        .append(CSS)
        .append("</style></head><body>\n");
    h.append("<header><h1>Rapport — ")
        .append(esc(context.title()))
        .append("</h1><p class=\"muted\">Customers as of ")
        .append(esc(context.asOf()))
        .append("</p></header>\n");
    // Ordered for a reader who asks: how are we doing, where are we losing people, what should
    // we do.
    tiles(h, o, context.currency());
    Charts charts = new Charts();
    if (sections.kpis() != null) {
      KpiSection.tiles(h, charts, sections.kpis(), context.currency());
    }
    if (sections.value() != null) {
      ValueSection.render(h, charts, profiles, sections.value(), context.currency());
    }
    if (lifecycle != null) {
      LifecycleSection.render(h, charts, lifecycle);
    }
    if (sections.kpis() != null) {
      KpiSection.losing(h, charts, sections.kpis());
    } else {
      channelSection(h, o);
    }
    if (sections.journeys() != null) {
      JourneySection.paths(h, charts, sections.journeys());
    }
    if (sections.feedback() != null) {
      FeedbackSection.render(h, charts, sections.feedback(), profiles);
    }
    if (sections.journeys() != null) {
      JourneySection.attribution(h, charts, sections.journeys());
    }
    if (sections.campaigns() != null) {
      CampaignSection.render(
          h, sections.campaigns().lifts(), sections.campaigns().windowDays(), context.currency());
    }
    if (sections.fatigue() != null) {
      FatigueSection.render(h, charts, sections.fatigue(), profiles.size(), context.currency());
    }
    for (Breakdown b : breakdowns) {
      BreakdownSection.render(h, charts, b, context.currency());
    }
    if (sections.advocacy() != null) {
      AdvocacySection.render(h, charts, sections.advocacy(), context.currency());
    }
    scoreSection(h, charts, o, profiles);
    if (!context.importSummary().isEmpty()) {
      h.append("<section><h2>Data imported</h2><ul>");
      context
          .importSummary()
          .forEach(s -> h.append("<li><code>").append(esc(s)).append("</code></li>"));
      h.append("</ul></section>\n");
    }
    h.append("<footer class=\"muted\">Definitions: a touch is <em>engaged</em> when the customer ")
        .append("responds on its channel within the channel's response window, <em>unengaged</em> ")
        .append(
            "when the window closes without one, <em>pending</em> while it is open. Rates divide ")
        .append("by every decided touch, ignored ones included. The engagement score decays with ")
        .append("the half-life set in rapport.yaml.</footer>\n");
    h.append(charts.script());
    h.append("</body></html>\n");
    return h.toString();
  }

  private static void tiles(StringBuilder h, Overview o, String currency) {
    h.append("<section class=\"tiles\">");
    tile(h, "Customers", fmtInt(o.customers()), "with at least one interaction");
    tile(h, "Interactions", fmtInt(o.events()), "every channel, engaged or not");
    double decided = o.engaged() + o.unengaged();
    tile(
        h,
        "Touches answered",
        decided == 0 ? "—" : pct(o.engaged() / decided),
        fmtInt(o.unengaged()) + " of " + fmtInt(o.touches()) + " touches ignored");
    tile(h, "Buyers", fmtInt(o.buyers()), fmtInt(o.purchases()) + " purchases");
    tile(
        h,
        "Revenue",
        compactMoney(o.revenue(), currency),
        money(o.revenue(), currency) + "; returns " + money(o.returnValue(), currency));
    tile(
        h,
        "Mean engagement",
        Double.isNaN(o.meanScore()) ? "—" : fmt1(o.meanScore()),
        "score 0-100");
    h.append("</section>\n");
  }

  static void tile(StringBuilder h, String label, String value, String note) {
    h.append("<div class=\"tile\"><div class=\"label\">")
        .append(esc(label))
        .append("</div><div class=\"value\">")
        .append(esc(value))
        .append("</div><div class=\"muted\">")
        .append(esc(note))
        .append("</div></div>");
  }

  private static void channelSection(StringBuilder h, Overview o) {
    h.append("<section><h2>How customers answer us, by channel</h2>")
        .append("<p class=\"muted\">Each bar is every touch we made on the channel: engaged, ")
        .append("ignored (unengaged) and still pending. Most touches are ignored; that is the ")
        .append("half of the story a responders-only view hides.</p>");
    long max =
        o.channels().values().stream().mapToLong(Overview.ChannelTotals::touches).max().orElse(0);
    int rowH = 28;
    int labelW = 90;
    int barW = 420;
    int height = Math.max(1, o.channels().size()) * rowH + 30;
    h.append("<svg role=\"img\" aria-label=\"touches by channel\" viewBox=\"0 0 ")
        .append(labelW + barW + 380)
        .append(' ')
        .append(height)
        .append("\" class=\"chart\">");
    int y = 10;
    for (Overview.ChannelTotals t : o.channels().values()) {
      h.append(text(0, y + 17, t.channel().id(), "start"));
      double scale = max == 0 ? 0 : (double) barW / max;
      double x = labelW;
      x = bar(h, x, y, t.engaged() * scale, "#2e7d32", t.engaged() + " engaged");
      x = bar(h, x, y, t.unengaged() * scale, "#c62828", t.unengaged() + " unengaged");
      bar(h, x, y, t.pending() * scale, "#9e9e9e", t.pending() + " pending");
      String label =
          fmtInt(t.touches())
              + " touches · "
              + (Double.isNaN(t.engagedRate()) ? "—" : pct(t.engagedRate()))
              + " engaged · "
              + fmtInt(t.inbound())
              + " inbound";
      h.append(text(labelW + barW + 12, y + 17, label, "start"));
      y += rowH;
    }
    h.append("</svg><p class=\"legend\"><span style=\"color:#2e7d32\">■</span> engaged ")
        .append("<span style=\"color:#c62828\">■</span> unengaged (ignored) ")
        .append("<span style=\"color:#9e9e9e\">■</span> pending</p>");
    h.append("<table><thead><tr><th>channel</th><th>touches</th><th>engaged</th><th>unengaged</th>")
        .append("<th>pending</th><th>engaged rate</th><th>inbound</th></tr></thead><tbody>");
    for (Overview.ChannelTotals t : o.channels().values()) {
      h.append("<tr><td>")
          .append(t.channel().id())
          .append("</td><td>")
          .append(fmtInt(t.touches()))
          .append("</td><td>")
          .append(fmtInt(t.engaged()))
          .append("</td><td>")
          .append(fmtInt(t.unengaged()))
          .append("</td><td>")
          .append(fmtInt(t.pending()))
          .append("</td><td>")
          .append(Double.isNaN(t.engagedRate()) ? "—" : pct(t.engagedRate()))
          .append("</td><td>")
          .append(fmtInt(t.inbound()))
          .append("</td></tr>");
    }
    h.append("</tbody></table></section>\n");
  }

  private static void scoreSection(
      StringBuilder h, Charts charts, Overview o, List<CustomerProfile> profiles) {
    h.append("<section><h2>Engagement score distribution</h2>")
        .append("<p class=\"muted\">Customers by score decile. The score rewards engaged ")
        .append("interactions, penalises ignored touches and decays with time.</p>");
    int[] hist = o.scoreHistogram();
    List<String> deciles = new java.util.ArrayList<>();
    ArrayNode counts = Charts.array();
    for (int i = 0; i < hist.length; i++) {
      deciles.add(i * 10 + "–" + (i * 10 + 10));
      counts.add(hist[i]);
    }
    ObjectNode chart = Charts.vertical(deciles, "customers");
    ((ObjectNode) chart.get("xAxis")).put("name", "score");
    ObjectNode series = Charts.bars(chart, "customers", Charts.ACCENT);
    series.putObject("label").put("show", true).put("position", "top");
    series.set("data", counts);
    h.append(charts.chart("score-distribution", chart, hist.length, 280));
    h.append("<h3>Most engaged customers</h3><table><thead><tr><th>customer</th><th>score</th>")
        .append(
            "<th>why</th><th>purchases</th><th>revenue</th><th>last seen</th></tr></thead><tbody>");
    profiles.stream()
        .sorted(
            Comparator.comparingDouble(CustomerProfile::engagementScore)
                .reversed()
                .thenComparing(CustomerProfile::customerId))
        .limit(15)
        .forEach(
            p ->
                h.append("<tr><td>")
                    .append(esc(p.customerId()))
                    .append("</td><td>")
                    .append(fmt1(p.engagementScore()))
                    .append("</td><td>")
                    .append(esc(p.scoreExplanation(3)))
                    .append("</td><td>")
                    .append(p.purchases())
                    .append("</td><td>")
                    .append(String.format(Locale.ROOT, "%,.2f", p.revenue()))
                    .append("</td><td>")
                    .append(p.lastSeen().toString(), 0, 10)
                    .append("</td></tr>"));
    h.append("</tbody></table></section>\n");
  }

  static double bar(StringBuilder h, double x, int y, double w, String color, String title) {
    if (w > 0) {
      h.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"22\" fill=\"%s\"><title>%s</title></rect>",
              x,
              y,
              w,
              color,
              esc(title)));
    }
    return x + w;
  }

  static String text(double x, double y, String s, String anchor) {
    return String.format(
        Locale.ROOT,
        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>",
        x,
        y,
        anchor,
        esc(s));
  }

  static String fmtInt(long v) {
    return String.format(Locale.ROOT, "%,d", v);
  }

  static String fmt1(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  static String pct(double v) {
    return String.format(Locale.ROOT, "%.1f%%", v * 100);
  }

  /** Money for a tile: 4.91 M USD rather than 4,911,906.79 USD. */
  static String compactMoney(double v, String currency) {
    double a = Math.abs(v);
    if (a >= 1e9) {
      return String.format(Locale.ROOT, "%.2f B %s", v / 1e9, currency);
    }
    if (a >= 1e6) {
      return String.format(Locale.ROOT, "%.2f M %s", v / 1e6, currency);
    }
    if (a >= 1e4) {
      return String.format(Locale.ROOT, "%.1f k %s", v / 1e3, currency);
    }
    return money(v, currency);
  }

  static String money(double v, String currency) {
    return String.format(Locale.ROOT, "%,.2f %s", v, currency);
  }

  static final String CSS =
      "body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;"
          + "max-width:1100px;color:#222;padding:0 1rem}h1{margin-bottom:0}"
          + ".muted{color:#666;font-size:.9rem}section{margin:2rem 0}"
          + ".tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(160px,1fr));gap:1rem}"
          + ".tile{border:1px solid #ddd;border-radius:8px;padding:1rem}"
          + ".tile .label{font-size:.85rem;color:#555}.tile .value{font-size:1.6rem;font-weight:600}"
          + "table{border-collapse:collapse;width:100%;font-size:.9rem;margin-top:1rem}"
          + "th,td{border-bottom:1px solid #eee;padding:.35rem .5rem;text-align:left}"
          + "th{background:#fafafa}.chart{width:100%;height:auto;font-size:12px}"
          + ".legend{font-size:.85rem}footer{margin-top:3rem}.spark{font-size:9px}"
          + ".echart{width:100%}.tile.kpi .echart{margin-top:.4rem}h3{font-size:1rem}"
          + ".pair{display:grid;grid-template-columns:1fr 1fr;gap:1rem}";
}
