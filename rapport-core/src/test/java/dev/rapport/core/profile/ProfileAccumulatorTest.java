package dev.rapport.core.profile;

import static dev.rapport.core.Events.at;
import static dev.rapport.core.Events.day;
import static dev.rapport.core.Events.event;
import static dev.rapport.core.Events.purchase;
import static dev.rapport.core.Events.response;
import static dev.rapport.core.Events.touch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.rapport.core.Channel;
import dev.rapport.core.Interaction;
import dev.rapport.core.Kind;
import dev.rapport.core.Outcome;
import dev.rapport.core.config.RapportConfig;
import dev.rapport.core.config.Signal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProfileAccumulatorTest {
  private final FoldSettings settings = new FoldSettings(RapportConfig.defaults());

  private CustomerProfile fold(Instant asOf, Interaction... events) {
    ProfileAccumulator acc = new ProfileAccumulator(settings);
    for (Interaction e : events) {
      acc.apply(e);
    }
    acc.advanceTo(asOf);
    return acc.snapshot();
  }

  @Test
  void apply_touchWithoutResponse_countsUnengagedWhenWindowCloses() {
    Interaction send = touch("c", at(0, 9), Channel.EMAIL);
    ProfileAccumulator acc = new ProfileAccumulator(settings);
    acc.apply(send);
    acc.advanceTo(at(3, 9)); // the 3-day email window closes exactly now: still open
    assertThat(acc.snapshot().channel(Channel.EMAIL).pending()).isEqualTo(1);
    acc.advanceTo(at(3, 10));
    ChannelStats email = acc.snapshot().channel(Channel.EMAIL);
    assertThat(email.touches()).isEqualTo(1);
    assertThat(email.unengaged()).isEqualTo(1);
    assertThat(email.engaged()).isZero();
    assertThat(email.pending()).isZero();
  }

  @Test
  void apply_responseWithinWindow_engagesTouch() {
    CustomerProfile p =
        fold(day(10), touch("c", at(0, 9), Channel.EMAIL), response("c", at(2, 9), Channel.EMAIL));
    ChannelStats email = p.channel(Channel.EMAIL);
    assertThat(email.engaged()).isEqualTo(1);
    assertThat(email.unengaged()).isZero();
    assertThat(email.inbound()).isEqualTo(1);
    assertThat(p.unengagedStreak()).isZero();
  }

  @Test
  void apply_responseAfterWindow_isOrganicAndTouchStaysUnengaged() {
    CustomerProfile p =
        fold(day(10), touch("c", at(0, 9), Channel.EMAIL), response("c", at(5, 9), Channel.EMAIL));
    assertThat(p.channel(Channel.EMAIL).unengaged()).isEqualTo(1);
    assertThat(p.channel(Channel.EMAIL).engaged()).isZero();
    assertThat(p.inbound()).isEqualTo(1);
  }

  @Test
  void apply_responseOnOtherChannel_doesNotEngageTouch() {
    CustomerProfile p =
        fold(day(10), touch("c", at(0, 9), Channel.SMS), response("c", at(0, 10), Channel.EMAIL));
    assertThat(p.channel(Channel.SMS).unengaged()).isEqualTo(1);
  }

  @Test
  void apply_responseEngagesMostRecentPendingTouch() {
    CustomerProfile p =
        fold(
            day(20),
            touch("c", at(0, 9), Channel.EMAIL),
            touch("c", at(2, 9), Channel.EMAIL),
            response("c", at(2, 12), Channel.EMAIL));
    assertThat(p.channel(Channel.EMAIL).engaged()).isEqualTo(1);
    assertThat(p.channel(Channel.EMAIL).unengaged()).isEqualTo(1);
  }

  @Test
  void apply_explicitOutcomes_areKeptAsGiven() {
    CustomerProfile p =
        fold(
            day(30),
            event("c", at(0, 9), Channel.EMAIL, Kind.TOUCH, Outcome.BOUNCED, 0),
            event("c", at(1, 9), Channel.EMAIL, Kind.TOUCH, Outcome.UNSUBSCRIBED, 0),
            event("c", at(2, 9), Channel.PHONE, Kind.TOUCH, Outcome.ENGAGED, 0),
            event("c", at(3, 9), Channel.PHONE, Kind.TOUCH, Outcome.UNENGAGED, 0),
            event("c", at(4, 9), Channel.EMAIL, Kind.TOUCH, Outcome.COMPLAINED, 0));
    assertThat(p.bounced()).isEqualTo(1);
    assertThat(p.unsubscribed()).isEqualTo(1);
    assertThat(p.complained()).isEqualTo(1);
    assertThat(p.channel(Channel.PHONE).engaged()).isEqualTo(1);
    assertThat(p.channel(Channel.PHONE).unengaged()).isEqualTo(1);
    assertThat(p.channel(Channel.EMAIL).touches()).isEqualTo(3);
    assertThat(p.channel(Channel.EMAIL).engaged() + p.channel(Channel.EMAIL).unengaged()).isZero();
  }

  @Test
  void snapshot_clvInputs_countPurchaseDaysAsInBgNbd() {
    // CDNOW-style: two purchases on one day are one transaction.
    CustomerProfile p =
        fold(
            day(100),
            purchase("c", day(0), 10),
            purchase("c", day(14), 20),
            purchase("c", day(14).plusSeconds(60), 30),
            purchase("c", day(28), 40));
    assertThat(p.purchases()).isEqualTo(4);
    assertThat(p.revenue()).isEqualTo(100);
    assertThat(p.frequency()).isEqualTo(2);
    assertThat(p.recency()).isCloseTo(4.0, within(1e-12)); // 28 days in weeks
    assertThat(p.T()).isCloseTo(99 / 7.0, within(1e-12)); // observation ends on day 99
    assertThat(p.monetaryValue()).isCloseTo(45.0, within(1e-12)); // (50 + 40) / 2
  }

  @Test
  void snapshot_oneTimeBuyer_hasZeroFrequencyAndMonetary() {
    CustomerProfile p = fold(day(7), purchase("c", day(0), 10));
    assertThat(p.frequency()).isZero();
    assertThat(p.recency()).isZero();
    assertThat(p.T()).isCloseTo(6 / 7.0, within(1e-12));
    assertThat(p.monetaryValue()).isZero();
  }

  @Test
  void snapshot_nonBuyer_hasNoClvInputs() {
    CustomerProfile p = fold(day(7), touch("c", day(0), Channel.EMAIL));
    assertThat(p.frequency()).isNaN();
    assertThat(p.T()).isNaN();
  }

  @Test
  void apply_return_isNegativeValueWhateverItsSign() {
    CustomerProfile p =
        fold(
            day(7),
            purchase("c", day(0), 50),
            event("c", day(1), Channel.WEB, Kind.RETURN, null, 20),
            event("c", day(2), Channel.WEB, Kind.RETURN, null, -5));
    assertThat(p.returns()).isEqualTo(2);
    assertThat(p.returnValue()).isEqualTo(-25);
    assertThat(p.netRevenue()).isEqualTo(25);
  }

  @Test
  void score_decaysByHalfEveryHalfLife_andComponentsAddUp() {
    Interaction buy = purchase("c", day(0), 10);
    CustomerProfile now = fold(day(0).plusSeconds(1), buy);
    CustomerProfile later = fold(day(30).plusSeconds(1), purchase("c", day(0), 10));
    double rawNow = now.scoreComponents().get(0).raw();
    double rawLater = later.scoreComponents().get(0).raw();
    assertThat(rawLater / rawNow).isCloseTo(0.5, within(1e-6));
    assertThat(now.engagementScore()).isCloseTo(100 * (1 - Math.exp(-0.5)), within(1e-3));
    CustomerProfile mixed =
        fold(
            day(10),
            purchase("c", day(0), 10),
            touch("c", day(1), Channel.EMAIL),
            response("c", day(2), Channel.SMS));
    double sum = mixed.scoreComponents().stream().mapToDouble(ScoreComponent::points).sum();
    assertThat(sum).isCloseTo(mixed.engagementScore(), within(1e-9));
    assertThat(mixed.scoreComponents().get(0).signal()).isEqualTo(Signal.PURCHASE);
    assertThat(mixed.scoreExplanation(3)).startsWith("purchase +");
  }

  @Test
  void score_ignoredTouchesOnly_isZero() {
    CustomerProfile p =
        fold(day(30), touch("c", day(0), Channel.EMAIL), touch("c", day(5), Channel.EMAIL));
    assertThat(p.engagementScore()).isZero();
    assertThat(p.scoreComponents())
        .extracting(ScoreComponent::signal)
        .containsExactly(Signal.IGNORED);
  }

  @Test
  void snapshot_contactPressureAndStreak() {
    CustomerProfile p =
        fold(
            day(60),
            touch("c", day(1), Channel.EMAIL),
            response("c", day(1).plusSeconds(60), Channel.EMAIL),
            touch("c", day(20), Channel.EMAIL),
            touch("c", day(35), Channel.SMS),
            touch("c", day(40), Channel.EMAIL),
            touch("c", day(45), Channel.PUSH));
    assertThat(p.contactPressure()).isEqualTo(3); // days 35, 40, 45 are within 30 days of day 60
    assertThat(p.unengagedStreak()).isEqualTo(4);
    assertThat(p.touches()).isEqualTo(5);
  }

  @Test
  void apply_outOfOrder_isRefusedWithTheEventId() {
    ProfileAccumulator acc = new ProfileAccumulator(settings);
    acc.apply(purchase("c", day(5), 1));
    Interaction late = purchase("c", day(1), 1);
    assertThatThrownBy(() -> acc.apply(late))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(late.eventId())
        .hasMessageContaining("time order");
  }

  @Test
  void snapshot_responseRate_isSmoothedTowardsPrior() {
    CustomerProfile p =
        fold(
            day(30),
            touch("c", day(0), Channel.EMAIL),
            response("c", day(0).plusSeconds(5), Channel.EMAIL));
    // (1 engaged + 1) / (1 decided + 1 + 4)
    assertThat(p.channel(Channel.EMAIL).responseRate()).isCloseTo(2.0 / 6.0, within(1e-12));
  }

  @Test
  void interaction_outsideSupportedYears_isRefusedWithTheRule() {
    assertThatThrownBy(() -> purchase("c", Instant.parse("1969-12-31T23:59:59Z"), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1970-2106");
    CustomerProfile p =
        fold(Instant.parse("2106-02-07T06:28:15Z"), purchase("c", Instant.EPOCH, 1));
    assertThat(p.firstSeen()).isEqualTo(Instant.EPOCH);
    assertThat(p.asOf()).isEqualTo(Instant.parse("2106-02-07T06:28:15Z"));
  }
}
