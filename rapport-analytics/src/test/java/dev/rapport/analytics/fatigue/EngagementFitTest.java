package dev.rapport.analytics.fatigue;

import static dev.rapport.analytics.fatigue.ContactFatigueTest.counts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rapport.analytics.TestProfiles;
import dev.rapport.core.Channel;
import dev.rapport.core.contact.ContactEvidence;
import dev.rapport.core.profile.ChannelStats;
import dev.rapport.core.profile.CustomerProfile;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EngagementFitTest {
  /** A customer seen for 300 days (10 periods of 30) with these touches and this revenue. */
  static CustomerProfile customer(int touches, double revenue) {
    return TestProfiles.customer()
        .channel(new ChannelStats(Channel.EMAIL, touches, 0, touches, 0, 0, 0))
        .tenureDays(300)
        .purchases(revenue > 0 ? 1 : 0, revenue)
        .build();
  }

  /** Five segments of 40 customers, each built to show one answer. */
  private static EngagementFit fit() {
    List<CustomerProfile> ps = new ArrayList<>();
    List<ContactEvidence> cs = new ArrayList<>();
    List<String> seg = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      int touches = 10 + 5 * i; // 1 to 20.5 touches per 30 days
      // pays: revenue rises with contact; losses per touch the same in the quiet and busy bands
      ps.add(customer(touches, 10.0 * i));
      cs.add(counts(i < 20 ? 1 : 4, 100, 10, 1, 0));
      seg.add("pays");
      // tires: revenue flat (alternating), losses per touch ten times higher when busy
      ps.add(customer(touches, i % 2 == 0 ? 50 : 0));
      cs.add(counts(i < 20 ? 1 : 4, 100, 10, i < 20 ? 0 : 5, i < 20 ? 0 : 5));
      seg.add("tires");
      // trade-off: both rise
      ps.add(customer(touches, 10.0 * i));
      cs.add(counts(i < 20 ? 1 : 4, 100, 10, i < 20 ? 0 : 5, i < 20 ? 0 : 5));
      seg.add("trade-off");
      // flat: neither
      ps.add(customer(touches, i % 2 == 0 ? 50 : 0));
      cs.add(counts(i < 20 ? 1 : 4, 100, 10, 1, 0));
      seg.add("flat");
      // chased: the more contacted buy less, losses flat
      ps.add(customer(touches, 10.0 * (40 - i)));
      cs.add(counts(i < 20 ? 1 : 4, 100, 10, 1, 0));
      seg.add("chased");
    }
    for (int i = 0; i < 5; i++) { // a segment too small to judge
      ps.add(customer(10, 0));
      cs.add(counts(1, 10, 1, 0, 0));
      seg.add("tiny");
    }
    ps.add(customer(10, 0)); // no segment: left out
    cs.add(counts(1, 10, 1, 0, 0));
    seg.add(null);
    return EngagementFit.of("test", ps, cs, seg);
  }

  private static EngagementFit.Segment segment(EngagementFit f, String name) {
    return f.segments().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void eachSegmentGetsTheAnswerItsDataGive() {
    EngagementFit f = fit();
    assertThat(segment(f, "pays").verdict()).isEqualTo(EngagementFit.Verdict.PAYS);
    assertThat(segment(f, "tires").verdict()).isEqualTo(EngagementFit.Verdict.TIRES);
    assertThat(segment(f, "trade-off").verdict()).isEqualTo(EngagementFit.Verdict.TRADE_OFF);
    assertThat(segment(f, "flat").verdict()).isEqualTo(EngagementFit.Verdict.NO_DIFFERENCE);
    assertThat(segment(f, "chased").verdict()).isEqualTo(EngagementFit.Verdict.LESS_REVENUE);
    assertThat(segment(f, "tiny").verdict()).isEqualTo(EngagementFit.Verdict.TOO_SMALL);
    assertThat(f.segments()).extracting(EngagementFit.Segment::customers).startsWith(40L);
    assertThat(f.segments().stream().mapToLong(EngagementFit.Segment::customers).sum())
        .isEqualTo(205); // the customer without a segment is left out
    assertThat(f.verdicts()).containsEntry(EngagementFit.Verdict.PAYS, 1L);
  }

  @Test
  void revenueRankCorrelation_andLossesPerTouch_handComputed() {
    EngagementFit.Segment pays = segment(fit(), "pays");
    // contact and revenue rise together strictly: ρ = 1
    assertThat(pays.revenueCorrelation()).isCloseTo(1.0, within(1e-12));
    assertThat(pays.revenueP()).isZero();
    // losses: 20 customers × 1 unsubscribe in 2,000 touches in both bands: no trend
    assertThat(pays.lossesTrendZ()).isCloseTo(0, within(1e-12));
    EngagementFit.Segment tires = segment(fit(), "tires");
    assertThat(tires.lossesTrendZ()).isPositive();
    assertThat(tires.lossesTrendP()).isLessThan(1e-6);
    assertThat(tires.revenueP()).isGreaterThan(0.05);
  }

  @Test
  void cochranArmitage_handComputed() {
    // 5, 10, 15 of 100 in groups scored 0, 1, 2: p̄ 0.1, T = 2 × 5 = 10,
    // Var = 0.1 × 0.9 × (500 − 300² / 300) = 18, z = 10 / √18
    assertThat(EngagementFit.cochranArmitage(new long[] {5, 10, 15}, new long[] {100, 100, 100}))
        .isCloseTo(10 / Math.sqrt(18), within(1e-12));
    // falling proportions give a negative z; an empty group is skipped without changing scores
    assertThat(EngagementFit.cochranArmitage(new long[] {15, 0, 5}, new long[] {100, 0, 100}))
        .isNegative();
    assertThat(EngagementFit.cochranArmitage(new long[] {0, 0}, new long[] {10, 10})).isNaN();
    assertThat(EngagementFit.cochranArmitage(new long[] {3}, new long[] {10})).isNaN();
  }

  @Test
  void customersAreBandedByTouchesPer30Days_withMeanRevenuePer30Days() {
    EngagementFit.Segment pays = segment(fit(), "pays");
    // touches per 30 days 1, 1.5, 2, ..., 20.5: bands 1-2 (i 0-2), 3-5 (i 4-9), ...
    List<EngagementFit.CustomerBand> bands = pays.byContactRate();
    assertThat(bands).extracting(EngagementFit.CustomerBand::from).containsExactly(1, 3, 6, 11);
    EngagementFit.CustomerBand first = bands.get(0);
    assertThat(first.to()).isEqualTo(2);
    assertThat(first.customers()).isEqualTo(4); // 1, 1.5, 2, 2.5 (floored to 2)
    // revenue 0, 10, 20, 30 over 10 periods: mean 1.5 per 30 days
    assertThat(first.revenuePer30Days()).isCloseTo(1.5, within(1e-12));
    assertThat(bands.stream().mapToLong(EngagementFit.CustomerBand::customers).sum()).isEqualTo(40);
  }

  @Test
  void spearmanPValue_matchesTheTApproximation() {
    // ρ = 0.5, n = 27: t = 0.5 √(25 / 0.75) = 2.8868, two-sided p with 25 df = 0.00789
    assertThat(EngagementFit.pValue(0.5, 27)).isCloseTo(0.00789, within(5e-5));
  }
}
