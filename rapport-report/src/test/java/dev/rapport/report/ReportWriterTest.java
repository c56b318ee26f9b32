package dev.rapport.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.analytics.lift.CampaignLift;
import dev.rapport.analytics.lift.Experiment;
import dev.rapport.core.Channel;
import dev.rapport.core.Identifier;
import dev.rapport.core.Interaction;
import dev.rapport.core.Kind;
import dev.rapport.core.config.RapportConfig;
import dev.rapport.core.engine.BatchEngine;
import dev.rapport.core.profile.CustomerProfile;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportWriterTest {
  private static Interaction event(
      String id, String customer, int hour, Channel ch, Kind kind, double value) {
    return new Interaction(
        id,
        List.of(Identifier.of("customer_id", customer)),
        Instant.parse("2024-01-01T00:00:00Z").plusSeconds(3600L * hour),
        ch,
        kind,
        null,
        null,
        null,
        null,
        value,
        0,
        Double.NaN,
        null,
        Map.of());
  }

  private static List<CustomerProfile> profiles() {
    BatchEngine engine = new BatchEngine(RapportConfig.defaults(), 1);
    engine.add(event("1", "<script>", 0, Channel.EMAIL, Kind.TOUCH, 0));
    engine.add(event("2", "<script>", 1, Channel.EMAIL, Kind.RESPONSE, 0));
    engine.add(event("3", "b", 0, Channel.EMAIL, Kind.TOUCH, 0));
    engine.add(event("4", "b", 0, Channel.SMS, Kind.TOUCH, 0));
    engine.add(event("5", "b", 200, Channel.WEB, Kind.PURCHASE, 42.5));
    return engine.run(null).profiles();
  }

  @Test
  void journeysAndAdvocacy_drawPathsAttributionAndAdvocates_escapingNames() {
    BatchEngine engine = new BatchEngine(RapportConfig.defaults(), 1);
    engine.add(event("1", "a", 0, Channel.EMAIL, Kind.TOUCH, 0));
    engine.add(event("2", "a", 1, Channel.WEB, Kind.RESPONSE, 0));
    engine.add(event("3", "a", 2, Channel.WEB, Kind.PURCHASE, 20));
    engine.add(event("4", "b", 0, Channel.EMAIL, Kind.TOUCH, 0));
    engine.add(event("5", "b", 2000, Channel.EMAIL, Kind.UNSUBSCRIBE, 0));
    dev.rapport.core.engine.BatchResult r = engine.run(null);
    dev.rapport.analytics.advocacy.Reviews reviews = new dev.rapport.analytics.advocacy.Reviews();
    reviews.add(5, true);
    dev.rapport.analytics.advocacy.Advocacy advocacy =
        dev.rapport.analytics.advocacy.Advocacy.of(
            List.of(new dev.rapport.analytics.advocacy.ReferralGraph.Edge("<a>", "b")),
            Map.of("b", new dev.rapport.analytics.advocacy.Advocacy.Customer(1, 20)),
            reviews,
            1,
            2);
    String html =
        ReportWriter.render(
            new ReportWriter.Context("t", "2024-03-01", "USD", List.of()),
            r.profiles(),
            null,
            List.of(),
            new ReportWriter.Sections(
                null,
                null,
                null,
                null,
                null,
                new ReportWriter.Journeys(
                    r.journeys(), dev.rapport.analytics.journey.Attribution.of(r.journeys()), 30),
                advocacy));
    assertThat(html).contains("<h2>Which paths lead to a purchase, and which to churn</h2>");
    assertThat(html).contains("Journeys converted: 1; lapsed: 1;");
    assertThat(html).contains("chart-paths-to-purchase").contains("email touch > web response");
    assertThat(html).contains("<h2>Which channels earn the purchases</h2>");
    assertThat(html).contains("chart-attribution");
    assertThat(html).contains("<h2>Who speaks for us</h2>").contains("chart-advocates");
    assertThat(html).contains("<td>&lt;a&gt;</td>").doesNotContain("<td><a></td>");
    // In the chart data too: every "<" of a label is escaped inside the script.
    assertThat(html).contains("\"\\u003ca>\"").doesNotContain("\"<a>\"");
    assertThat(html).contains("chart-review-stars").contains("5.00 stars on average");
  }

  @Test
  void overview_countsIgnoredTouchesInTheDenominator() {
    Overview o = Overview.of(profiles());
    Overview.ChannelTotals email = o.channels().get(Channel.EMAIL);
    assertThat(email.touches()).isEqualTo(2);
    assertThat(email.engaged()).isEqualTo(1);
    assertThat(email.unengaged()).isEqualTo(1);
    assertThat(email.engagedRate()).isEqualTo(0.5);
    assertThat(o.channels().get(Channel.SMS).engagedRate()).isEqualTo(0.0);
    assertThat(o.revenue()).isEqualTo(42.5);
    assertThat(java.util.stream.IntStream.of(o.scoreHistogram()).sum()).isEqualTo(2);
  }

  @Test
  void render_isSelfContainedAndEscapesCustomerIds() {
    String html =
        ReportWriter.render(
            new ReportWriter.Context("demo", "2024-01-10", "USD", List.of("read=5 accepted=5")),
            profiles());
    assertThat(html).startsWith("<!DOCTYPE html>");
    // Self-contained: the charting library is inlined, nothing is fetched.
    assertThat(html).doesNotContain("<script src=").doesNotContain("<link ");
    assertThat(html).doesNotContain("src=\"http").doesNotContain("href=\"http");
    assertThat(html).contains("&lt;script&gt;").doesNotContain("<script>\"");
    assertThat(html).contains("How customers answer us, by channel").contains("<svg");
    assertThat(html).contains("Engagement score distribution").contains("chart-score-distribution");
  }

  @Test
  void breakdownsShowSharesOfAllCustomers_andEscapeLabels() {
    Breakdown segments =
        new Breakdown(
            "Your segments",
            "may overlap",
            List.of(
                new Breakdown.Group("<b>vip</b>", 25, 500, null),
                new Breakdown.Group("at_risk", 50, 100, "left <quietly>")),
            100,
            1_000);
    String html =
        ReportWriter.render(
            new ReportWriter.Context("demo", "2024-01-10", "USD", List.of()),
            profiles(),
            null,
            List.of(segments));
    assertThat(html).contains("<h2>Your segments</h2>");
    assertThat(html).contains("&lt;b&gt;vip&lt;/b&gt;").doesNotContain("<b>vip</b>");
    assertThat(html).contains("25 (25.0%)").contains("500.00 USD (50.0%)");
    assertThat(html).contains("chart-breakdown-your-segments");
    assertThat(html).contains("50 (50.0%)").contains("left &lt;quietly&gt;");
  }

  @Test
  void fatigueSectionShowsAnswersAndLossesByPressure() {
    int[] counts = new int[4 * dev.rapport.core.contact.ContactEvidence.PRESSURE_BANDS.length];
    counts[0] = 1_000; // pressure 0: 1,000 touches, 150 answered, 1 unsubscribe
    counts[1] = 150;
    counts[2] = 1;
    counts[4 * 3] =
        2_000; // pressure 6-10: 2,000 touches, 100 answered, 8 unsubscribes, 2 complaints
    counts[4 * 3 + 1] = 100;
    counts[4 * 3 + 2] = 8;
    counts[4 * 3 + 3] = 2;
    dev.rapport.analytics.fatigue.ContactFatigue f =
        dev.rapport.analytics.fatigue.ContactFatigue.of(
            List.of(
                new dev.rapport.core.contact.ContactEvidence(
                    List.of(), new int[0], new boolean[0], -1, counts)));
    String html =
        ReportWriter.render(
            new ReportWriter.Context("demo", "2024-01-10", "USD", List.of()),
            profiles(),
            null,
            List.of(),
            new ReportWriter.Sections(
                new ReportWriter.Fatigue(f, 1, List.of()), null, null, null, null, null, null));
    assertThat(html).contains("<h2>Does more contact pay?</h2>");
    assertThat(html).contains("more contact there only tires customers");
    assertThat(html).contains("1 customers (50.0%) are fatigued");
    assertThat(html).contains("<td>15.0%</td>").contains("<td>5.0%</td>"); // answered per touch
    assertThat(html).contains("<td>1.00</td>").contains("<td>5.00</td>"); // losses per 1,000
    assertThat(html).contains("<td>6-10 touches</td>");
    assertThat(html).contains("chart-fatigue-answers").contains("chart-fatigue-losses");
  }

  @Test
  void campaignSectionPlotsLiftWithIntervals_andListsCampaignsWithoutHoldoutAsUnmeasured() {
    int n = 400;
    java.util.List<String> arms = new java.util.ArrayList<>();
    boolean[] responded = new boolean[n];
    boolean[] converted = new boolean[n];
    double[] revenue = new double[n];
    for (int i = 0; i < n; i++) {
      boolean control = i < n / 2;
      arms.add(control ? CampaignLift.CONTROL : CampaignLift.TREATED);
      responded[i] = i % 10 < (control ? 1 : 4); // 10% against 40%: a clear lift
      converted[i] = i % 10 == 0;
      revenue[i] = converted[i] ? 20 : 0;
    }
    java.util.List<Experiment.Arm> compared =
        new Experiment(arms, CampaignLift.CONTROL, responded, converted, revenue, Map.of())
            .compare();
    CampaignLift measured =
        new CampaignLift(
            "offer <spring>",
            200,
            200,
            n,
            80,
            null,
            null,
            200,
            200,
            0,
            0,
            compared,
            Map.of(),
            CampaignLift.verdictOf(compared.get(1)));
    CampaignLift blind =
        new CampaignLift(
            "newsletter",
            5_000,
            0,
            900,
            700,
            null,
            null,
            0,
            0,
            0,
            0,
            List.of(),
            Map.of(),
            CampaignLift.Verdict.UNMEASURED);
    String html =
        ReportWriter.render(
            new ReportWriter.Context("demo", "2024-01-10", "USD", List.of()),
            profiles(),
            null,
            List.of(),
            new ReportWriter.Sections(
                null,
                null,
                new ReportWriter.Campaigns(List.of(measured, blind), 14),
                null,
                null,
                null,
                null));
    assertThat(measured.verdict()).isEqualTo(CampaignLift.Verdict.LIFT);
    assertThat(html).contains("<section id=\"campaign-lift\"><h2>Does our engagement pay?</h2>");
    assertThat(html).contains("2 campaigns; 1 kept a holdout group").contains(" 1 show a lift");
    assertThat(html).contains("counted in the 14 days after");
    assertThat(html).contains("aria-label=\"lift in response rate with 95% intervals\"");
    assertThat(html).contains("aria-label=\"lift in revenue per customer with 95% intervals\"");
    assertThat(html).contains("offer &lt;spring&gt;").doesNotContain("offer <spring>");
    // the significant response lift (+30 pt) is drawn in green; the null conversion lift in grey
    assertThat(html).contains("+30.0 pt [").contains("stroke=\"#2e7d32\"");
    assertThat(html).contains("+0.0 pt [").contains("stroke=\"#757575\"");
    assertThat(html)
        .contains("<h3>Unmeasured: no holdout group</h3>")
        .contains("<td>newsletter</td><td>5,000</td><td>900</td><td>700</td><td>14.0%</td>")
        .contains("<td>unmeasured: no holdout group</td>");
  }

  @Test
  void engagementFitShowsRevenueByContactAndLossesPerSegment() {
    java.util.List<CustomerProfile> ps = new java.util.ArrayList<>();
    java.util.List<dev.rapport.core.contact.ContactEvidence> cs = new java.util.ArrayList<>();
    java.util.List<String> seg = new java.util.ArrayList<>();
    for (CustomerProfile p : profiles()) {
      ps.add(p);
      int[] c = new int[4 * dev.rapport.core.contact.ContactEvidence.PRESSURE_BANDS.length];
      c[4] = 10; // ten touches at pressure 1-2, one lost
      c[6] = 1;
      cs.add(
          new dev.rapport.core.contact.ContactEvidence(
              List.of(), new int[0], new boolean[0], -1, c));
      seg.add("<vip>");
    }
    dev.rapport.analytics.fatigue.EngagementFit fit =
        dev.rapport.analytics.fatigue.EngagementFit.of("rfm_segment", ps, cs, seg);
    dev.rapport.analytics.fatigue.ContactFatigue population =
        dev.rapport.analytics.fatigue.ContactFatigue.of(cs);
    String html =
        ReportWriter.render(
            new ReportWriter.Context("demo", "2024-01-10", "USD", List.of()),
            profiles(),
            null,
            List.of(),
            new ReportWriter.Sections(
                new ReportWriter.Fatigue(population, 0, List.of(fit)),
                null,
                null,
                null,
                null,
                null,
                null));
    assertThat(html).contains("<h3>Engagement fit by segment</h3>");
    assertThat(html).contains("<th>rfm segment</th>");
    assertThat(html).contains("<td>&lt;vip&gt;</td><td>2</td>");
    assertThat(html).contains("aria-label=\"revenue per 30 days by contact in &lt;vip&gt;\"");
    assertThat(html).contains("<td>1-2: 100.0</td>"); // 1 loss in 10 touches: 100 per 1,000
    assertThat(html).contains("too few customers to tell");
  }
}
