package dev.rapport.report;

import static dev.rapport.report.Html.esc;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rapport.analytics.advocacy.Advocacy;
import dev.rapport.analytics.advocacy.Reviews;
import java.util.List;
import java.util.Locale;

/**
 * "Who speaks for us": the referral graph's advocates ranked by their reach (PageRank), what the
 * people they brought are worth, review stars and promoters.
 */
final class AdvocacySection {
  /** Advocates drawn; the whole ranking is out/advocates.csv. */
  static final int SHOWN = 12;

  private AdvocacySection() {}

  static void render(StringBuilder h, Charts charts, Advocacy a, String currency) {
    h.append("<section id=\"advocacy\"><h2>Who speaks for us</h2>");
    h.append("<div class=\"tiles\">");
    ReportWriter.tile(
        h, "advocates", ReportWriter.fmtInt(a.advocates().size()), "customers who referred");
    ReportWriter.tile(
        h,
        "referred customers",
        ReportWriter.fmtInt(a.referredCustomers()),
        ReportWriter.fmtInt(a.referredBuyers()) + " of them bought");
    ReportWriter.tile(
        h,
        "revenue of the referred",
        ReportWriter.compactMoney(a.referredRevenue(), currency),
        "net of returns");
    ReportWriter.tile(
        h,
        "promoters",
        ReportWriter.fmtInt(a.promoters()),
        a.npsAnswerers() == 0
            ? "no NPS answers"
            : "of " + ReportWriter.fmtInt(a.npsAnswerers()) + " NPS answerers");
    Reviews r = a.reviews();
    ReportWriter.tile(
        h,
        "reviews",
        ReportWriter.fmtInt(r.count()),
        Double.isNaN(r.meanStars())
            ? "no stars given"
            : String.format(Locale.ROOT, "%.2f stars on average", r.meanStars()));
    h.append("</div>");
    if (a.advocates().isEmpty()) {
      h.append("<p class=\"muted\">No referral names whom it referred (the attribute ")
          .append("<code>kpi.referred_attribute</code> of rapport.yaml).</p>");
    } else {
      advocates(h, charts, a.advocates().subList(0, Math.min(SHOWN, a.advocates().size())));
    }
    if (r.scored() > 0) {
      ObjectNode o = Charts.vertical(List.of("1 star", "2", "3", "4", "5 stars"), "reviews");
      ObjectNode s = Charts.bars(o, "reviews", null);
      ArrayNode d = s.putArray("data");
      for (int stars = 1; stars <= 5; stars++) {
        ObjectNode point = d.addObject();
        point.put("value", r.withStars(stars));
        point
            .putObject("itemStyle")
            .put(
                "color",
                stars >= 4 ? Charts.ENGAGED : stars <= 2 ? Charts.UNENGAGED : Charts.NEUTRAL);
      }
      h.append("<h3>Review stars</h3>").append(charts.chart("review-stars", o, 5, 240));
    }
    h.append("</section>\n");
  }

  private static void advocates(StringBuilder h, Charts charts, List<Advocacy.Advocate> top) {
    h.append("<h3>Advocates by reach</h3><p class=\"muted\">Ranked by PageRank in the referral ")
        .append("graph with its edges reversed (Page et al. 1999): credit flows from the people ")
        .append("referred to whoever referred them, so an advocate whose referrals go on to ")
        .append("refer others ranks above one with as many referrals who stopped there. The ")
        .append("whole ranking is out/advocates.csv.</p>");
    ObjectNode o =
        Charts.horizontal(top.stream().map(Advocacy.Advocate::customerId).toList(), "people", 60);
    o.putObject("legend").put("top", 0);
    ArrayNode dd = Charts.bars(o, "referred directly", Charts.ACCENT).putArray("data");
    ArrayNode rd = Charts.bars(o, "reach (everyone downstream)", Charts.ENGAGED).putArray("data");
    for (Advocacy.Advocate v : top) {
      dd.add(v.referrals());
      rd.add(v.reach());
    }
    h.append(charts.chart("advocates", o, top.size() * 2, 80 + 34 * top.size()));
    h.append("<table><thead><tr><th>customer</th><th>referred</th><th>reach</th>")
        .append("<th>PageRank</th><th>referred who bought</th></tr></thead><tbody>");
    for (Advocacy.Advocate v : top) {
      h.append("<tr><td>")
          .append(esc(v.customerId()))
          .append("</td><td>")
          .append(v.referrals())
          .append("</td><td>")
          .append(v.reach())
          .append("</td><td>")
          .append(String.format(Locale.ROOT, "%.4f", v.pageRank()))
          .append("</td><td>")
          .append(v.referredBuyers())
          .append("</td></tr>");
    }
    h.append("</tbody></table>");
  }
}
