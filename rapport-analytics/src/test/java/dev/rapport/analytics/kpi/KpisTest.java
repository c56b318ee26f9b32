package dev.rapport.analytics.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rapport.core.Channel;
import dev.rapport.core.Identifier;
import dev.rapport.core.Interaction;
import dev.rapport.core.Kind;
import dev.rapport.core.Outcome;
import dev.rapport.core.config.RapportConfig;
import dev.rapport.core.engine.BatchEngine;
import dev.rapport.core.engine.BatchResult;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every KPI on three customers small enough to count by hand (the counts are in the comments). */
class KpisTest {
  private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
  private static int seq;

  private static Instant at(int day, int hour) {
    return START.plusSeconds(86_400L * day + 3600L * hour);
  }

  private static Interaction event(
      String who,
      Instant ts,
      Channel ch,
      Kind kind,
      Outcome outcome,
      double value,
      String campaign,
      double score,
      Map<String, String> attributes) {
    return new Interaction(
        "e" + ++seq,
        List.of(Identifier.of("customer_id", who)),
        ts,
        ch,
        kind,
        outcome,
        campaign,
        null,
        null,
        value,
        0,
        score,
        null,
        attributes);
  }

  private static Interaction simple(String who, Instant ts, Channel ch, Kind kind) {
    return event(who, ts, ch, kind, null, 0, null, Double.NaN, Map.of());
  }

  private static Interaction purchase(String who, Instant ts, double value) {
    return event(who, ts, Channel.WEB, Kind.PURCHASE, null, value, null, Double.NaN, Map.of());
  }

  private static Interaction survey(String who, Instant ts, String scale, double score) {
    return event(who, ts, Channel.EMAIL, Kind.SURVEY, null, 0, scale, score, Map.of());
  }

  private static Interaction ticket(String who, Instant ts, String status) {
    return event(
        who,
        ts,
        Channel.SUPPORT,
        Kind.TICKET,
        null,
        0,
        null,
        Double.NaN,
        Map.of("ticket_status", status));
  }

  /**
   * A answers an email, ignores an SMS, buys in January and February, rates CSAT 5 and 3, and has a
   * ticket answered in 2 h and resolved in 24 h. B ignores an email (recorded), gives NPS 10, 5 and
   * 8, first buys in February, and has a ticket resolved without a reply after 24 h. C is touched
   * once in February and never answers.
   */
  static BatchResult scenario() {
    List<Interaction> e = new ArrayList<>();
    e.add(simple("A", at(0, 9), Channel.EMAIL, Kind.TOUCH));
    e.add(simple("A", at(0, 10), Channel.EMAIL, Kind.RESPONSE));
    e.add(simple("A", at(1, 9), Channel.SMS, Kind.TOUCH));
    e.add(purchase("A", at(2, 9), 100));
    e.add(survey("A", at(3, 9), "csat", 5));
    e.add(survey("A", at(4, 9), "csat", 3));
    e.add(ticket("A", at(5, 9), "opened"));
    e.add(ticket("A", at(5, 11), "replied"));
    e.add(ticket("A", at(6, 9), "resolved"));
    e.add(purchase("A", at(40, 9), 50));
    e.add(
        event(
            "B",
            at(0, 9),
            Channel.EMAIL,
            Kind.TOUCH,
            Outcome.UNENGAGED,
            0,
            null,
            Double.NaN,
            Map.of()));
    e.add(survey("B", at(10, 9), "nps", 10));
    e.add(survey("B", at(11, 9), "nps", 5));
    e.add(survey("B", at(12, 9), "nps", 8));
    e.add(purchase("B", at(35, 9), 20));
    e.add(ticket("B", at(36, 9), "opened"));
    e.add(ticket("B", at(37, 9), "resolved"));
    e.add(simple("C", at(50, 9), Channel.EMAIL, Kind.TOUCH));
    BatchEngine engine = new BatchEngine(RapportConfig.defaults(), 2);
    engine.addAll(e);
    return engine.run(at(60, 0)); // observation ends with 29 February 2024
  }

  static Kpis kpis(BatchResult r) {
    return Kpis.of(r, null, RapportConfig.defaults().kpi(), RapportConfig.defaults().zone());
  }

  @Test
  void overall_handComputed() {
    KpiGroup all = kpis(scenario()).overall();
    assertThat(all.value(Kpi.CUSTOMERS)).isEqualTo(3);
    assertThat(all.value(Kpi.ENGAGED_CUSTOMERS)).isEqualTo(1); // only A answered anything
    assertThat(all.value(Kpi.BUYERS)).isEqualTo(2);
    assertThat(all.value(Kpi.CONVERSION_RATE)).isEqualTo(2 / 3.0);
    assertThat(all.value(Kpi.REPEAT_RATE)).isEqualTo(1 / 2.0); // A bought on two days
    assertThat(all.value(Kpi.TOUCHES)).isEqualTo(4);
    // decided: A's email engaged, A's SMS and B's email and C's email unengaged
    assertThat(all.value(Kpi.RESPONSE_RATE)).isEqualTo(1 / 4.0);
    assertThat(all.value(Kpi.UNENGAGED_RATE)).isEqualTo(3 / 4.0);
    assertThat(all.value(Kpi.PURCHASES)).isEqualTo(3);
    assertThat(all.value(Kpi.REVENUE)).isEqualTo(170);
    assertThat(all.value(Kpi.AVERAGE_ORDER_VALUE)).isEqualTo(170 / 3.0);
    assertThat(all.value(Kpi.CSAT)).isEqualTo(0.5); // 5 satisfied, 3 not
    assertThat(all.value(Kpi.NPS)).isEqualTo(0.0); // one promoter, one detractor, one passive
    assertThat(all.value(Kpi.NPS_ANSWERS)).isEqualTo(3);
    assertThat(all.value(Kpi.CES)).isNaN(); // no CES answers: not 0
    assertThat(all.value(Kpi.TICKETS)).isEqualTo(2);
    assertThat(all.value(Kpi.FIRST_RESPONSE_MEDIAN_HOURS)).isEqualTo(13.0); // 2 h and 24 h
    assertThat(all.value(Kpi.FIRST_RESPONSE_MEAN_HOURS)).isEqualTo(13.0);
    assertThat(all.value(Kpi.FIRST_RESPONSE_P90_HOURS)).isCloseTo(2 + 0.9 * 22, within(1e-9));
    assertThat(all.value(Kpi.RESOLUTION_MEDIAN_HOURS)).isEqualTo(24.0);
    assertThat(all.value(Kpi.CLV_TOTAL)).isNaN(); // no models given
  }

  @Test
  void engagedOnly_leavesTheSilentOut_andShowsTheSkew() {
    Kpis k = kpis(scenario());
    KpiGroup engaged = k.engagedOnly();
    assertThat(engaged.value(Kpi.CUSTOMERS)).isEqualTo(1);
    assertThat(engaged.value(Kpi.CONVERSION_RATE)).isEqualTo(1.0); // against 2/3 for everyone
    assertThat(engaged.value(Kpi.RESPONSE_RATE)).isEqualTo(1 / 2.0); // against 1/4
  }

  @Test
  void byMonthAndChannel_countEventsWhereAndWhenTheyHappened() {
    Kpis k = kpis(scenario());
    List<KpiGroup> months = k.byMonth();
    assertThat(months).extracting(KpiGroup::key).containsExactly("2024-01", "2024-02");
    KpiGroup jan = months.get(0);
    assertThat(jan.value(Kpi.TOUCHES)).isEqualTo(3);
    assertThat(jan.value(Kpi.RESPONSE_RATE)).isEqualTo(1 / 3.0);
    assertThat(jan.value(Kpi.CUSTOMERS)).isNaN(); // a month is a group of events
    KpiGroup feb = months.get(1);
    assertThat(feb.value(Kpi.REVENUE)).isEqualTo(70);
    assertThat(feb.value(Kpi.FIRST_RESPONSE_MEDIAN_HOURS)).isEqualTo(24.0); // B's ticket
    List<KpiGroup> channels = k.byChannel();
    KpiGroup sms = channels.stream().filter(g -> g.key().equals("sms")).findFirst().orElseThrow();
    assertThat(sms.value(Kpi.UNENGAGED_RATE)).isEqualTo(1.0);
    KpiGroup email =
        channels.stream().filter(g -> g.key().equals("email")).findFirst().orElseThrow();
    assertThat(email.value(Kpi.TOUCHES)).isEqualTo(3);
    assertThat(email.value(Kpi.RESPONSE_RATE)).isEqualTo(1 / 3.0);
  }

  @Test
  void byCustomers_sumToOverall() {
    Kpis k = kpis(scenario());
    List<KpiGroup> groups = k.byCustomers(i -> i == 0 ? "a" : "bc");
    assertThat(groups).extracting(KpiGroup::key).containsExactly("bc", "a");
    assertThat(groups.get(0).value(Kpi.CUSTOMERS) + groups.get(1).value(Kpi.CUSTOMERS))
        .isEqualTo(3);
    assertThat(groups.get(0).value(Kpi.REVENUE) + groups.get(1).value(Kpi.REVENUE))
        .isEqualTo(k.overall().value(Kpi.REVENUE));
    assertThat(groups.get(0).value(Kpi.NPS)).isEqualTo(0.0);
  }

  @Test
  void funnel_touchResponsePurchaseWithin30Days() {
    Kpis.FunnelResult f = kpis(scenario()).funnels(i -> i == 0 ? "a" : "bc").get(0);
    assertThat(f.name()).isEqualTo("touch_to_purchase");
    // all three were touched; only A answered, and A bought two days later
    assertThat(f.reached()).containsExactly(3, 1, 1);
    assertThat(f.conversion()).isEqualTo(1 / 3.0);
    assertThat(f.byGroup().get("bc")).containsExactly(2, 0, 0);
  }

  @Test
  void cohorts_byFirstPurchaseMonth() {
    Kpis.CohortMatrix c = kpis(scenario()).cohorts();
    assertThat(c.cohorts()).containsExactly(YearMonth.of(2024, 1), YearMonth.of(2024, 2));
    assertThat(c.retained()[0]).containsExactly(1, 1); // A: January, again in February
    assertThat(c.retained()[1]).containsExactly(1); // B: February, the last month observed
    assertThat(c.share(0, 1)).isEqualTo(1.0);
  }

  @Test
  void monthFlows_retentionAndAcquisition() {
    List<Kpis.MonthFlow> flows = kpis(scenario()).monthFlows();
    assertThat(flows)
        .extracting(Kpis.MonthFlow::month)
        .containsExactly(YearMonth.of(2024, 1), YearMonth.of(2024, 2));
    assertThat(flows.get(0).acquired()).isEqualTo(2); // A and B
    assertThat(flows.get(1).acquired()).isEqualTo(1); // C
    assertThat(flows.get(1).buyersBefore()).isEqualTo(1); // A bought in January
    assertThat(flows.get(1).retentionRate()).isEqualTo(1.0); // and again in February
    assertThat(flows.get(0).retentionRate()).isNaN(); // no month before
    assertThat(flows.get(1).atRisk()).isEqualTo(2);
  }

  @Test
  void noEvents_noCohortsNorMonthFlows_andNoCustomers() {
    BatchResult r =
        new dev.rapport.core.engine.BatchEngine(dev.rapport.core.config.RapportConfig.defaults(), 1)
            .run(null);
    Kpis k = kpis(r);
    assertThat(r.asOf()).isNull();
    assertThat(k.cohorts().cohorts()).isEmpty();
    assertThat(k.monthFlows()).isEmpty();
    assertThat(k.overall().customers().customers()).isZero();
  }
}
