package dev.rapport.analytics.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rapport.analytics.journey.Attribution.Credit;
import dev.rapport.core.Channel;
import dev.rapport.core.EventDetail;
import dev.rapport.core.Kind;
import dev.rapport.core.journey.JourneyLog;
import dev.rapport.core.journey.JourneyLog.Model;
import dev.rapport.core.journey.JourneyTracker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttributionTest {
  private static final long DAY = 86_400;

  /** Journeys of single customers: each a list of channels (touches), then bought or not. */
  private static JourneyLog log(Object[]... journeys) {
    JourneyLog log = new JourneyLog();
    JourneyTracker t = new JourneyTracker(Duration.ofDays(30), log);
    for (Object[] j : journeys) {
      t.reset();
      long s = 0;
      for (int i = 0; i < j.length - 1; i++) {
        t.observe(s++, (Channel) j[i], Kind.TOUCH, EventDetail.NONE, 0);
      }
      if ((Boolean) j[j.length - 1]) {
        t.observe(s, Channel.WEB, Kind.PURCHASE, EventDetail.NONE, 10);
      }
      t.finish(100 * DAY);
    }
    return log;
  }

  private static Credit channel(Attribution a, Channel ch) {
    return a.byChannel().stream().filter(c -> c.name().equals(ch.id())).findFirst().orElseThrow();
  }

  /**
   * The example of S. Puzyrov, "Markov Chain Attribution – Simple Explanation of Removal Effect"
   * (2019): Google Ads alone converts twice, mailing once, Google Ads then mailing once, Google Ads
   * once not. P(conversion) = 0.8; without Google Ads 0.2 (removal effect 0.75), without mailing
   * 0.4 (0.5); of 4 conversions, 2.4 to Google Ads and 1.6 to mailing.
   */
  @Test
  void markov_reproducesPuzyrovsRemovalEffects() {
    Channel ads = Channel.SOCIAL;
    Channel mailing = Channel.EMAIL;
    Attribution a =
        Attribution.of(
            log(
                new Object[] {ads, true},
                new Object[] {ads, true},
                new Object[] {mailing, true},
                new Object[] {ads, mailing, true},
                new Object[] {ads, false}));

    assertThat(a.conversionProbability()).isCloseTo(0.8, within(1e-12));
    assertThat(channel(a, ads).removalEffect()).isCloseTo(0.75, within(1e-12));
    assertThat(channel(a, mailing).removalEffect()).isCloseTo(0.5, within(1e-12));
    assertThat(channel(a, ads).markov()).isCloseTo(2.4, within(1e-12));
    assertThat(channel(a, mailing).markov()).isCloseTo(1.6, within(1e-12));
    assertThat(channel(a, ads).markovRevenue()).isCloseTo(24, within(1e-9));
    // Rule-based, by hand: first touch ads 3, mailing 1; last touch ads 2, mailing 2.
    assertThat(channel(a, ads).conversions(Model.FIRST_TOUCH)).isEqualTo(3);
    assertThat(channel(a, mailing).conversions(Model.LAST_TOUCH)).isEqualTo(2);
    assertThat(channel(a, ads).conversions(Model.LINEAR)).isEqualTo(2.5);
    assertThat(a.byChannel().get(0).name()).isEqualTo(ads.id());
  }

  /**
   * Three channels, by hand: C1 > C2 > C3 converts, C1 does not, C2 > C3 does not. P = 1/3; without
   * C1 1/6 (removal effect 0.5); without C2 or C3 0 (1 each): credit 0.2, 0.4, 0.4.
   */
  @Test
  void markov_threeChannels_byHand() {
    Channel c1 = Channel.EMAIL;
    Channel c2 = Channel.SMS;
    Channel c3 = Channel.PUSH;
    Attribution a =
        Attribution.of(
            log(
                new Object[] {c1, c2, c3, true},
                new Object[] {c1, false},
                new Object[] {c2, c3, false}));

    assertThat(a.conversionProbability()).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(channel(a, c1).removalEffect()).isCloseTo(0.5, within(1e-12));
    assertThat(channel(a, c2).removalEffect()).isCloseTo(1, within(1e-12));
    assertThat(channel(a, c1).markov()).isCloseTo(0.2, within(1e-12));
    assertThat(channel(a, c2).markov()).isCloseTo(0.4, within(1e-12));
    assertThat(channel(a, c3).markov()).isCloseTo(0.4, within(1e-12));
    // Position-based on the one converted path of three steps: 0.4, 0.2, 0.4.
    assertThat(channel(a, c2).conversions(Model.POSITION_BASED)).isCloseTo(0.2, within(1e-12));
  }

  @Test
  void markov_handlesLoops_andEveryModelCreditsAllConversions() {
    Attribution a =
        Attribution.of(
            log(
                new Object[] {Channel.EMAIL, Channel.WEB, Channel.EMAIL, true},
                new Object[] {Channel.WEB, Channel.EMAIL, Channel.WEB, false},
                new Object[] {Channel.SMS, true},
                new Object[] {Channel.EMAIL, false}));
    for (Model m : Model.values()) {
      assertThat(a.byChannel().stream().mapToDouble(c -> c.conversions(m)).sum())
          .as(m.id())
          .isCloseTo(2, within(1e-12));
    }
    assertThat(a.byChannel().stream().mapToDouble(Credit::markov).sum())
        .isCloseTo(2, within(1e-12));
    assertThat(a.byTouchpoint()).extracting(Credit::name).contains("email touch", "sms touch");
  }

  @Test
  void noEndedJourneys_givesNoCredit() {
    Attribution a = Attribution.of(new JourneyLog());
    assertThat(a.byChannel()).isEmpty();
    assertThat(a.conversionProbability()).isZero();
  }

  @Test
  void paths_rankByConversions_withTheirConversionRate() {
    JourneyLog log =
        log(
            new Object[] {Channel.EMAIL, true},
            new Object[] {Channel.EMAIL, true},
            new Object[] {Channel.EMAIL, false},
            new Object[] {Channel.SMS, Channel.EMAIL, true});
    List<Paths.PathCount> top = Paths.toConversion(log, 10);
    assertThat(top)
        .extracting(Paths.PathCount::label)
        .containsExactly("email touch", "sms touch > email touch");
    assertThat(top.get(0).conversionRate()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(Paths.toChurn(log, 10)).isEmpty();
  }

  @Test
  void paths_keepTheLimit_andBreakTiesByLabel() {
    JourneyLog log =
        log(
            new Object[] {Channel.SMS, true},
            new Object[] {Channel.EMAIL, true},
            new Object[] {Channel.PUSH, true},
            new Object[] {Channel.PUSH, true});
    assertThat(Paths.toConversion(log, 2))
        .extracting(Paths.PathCount::label)
        .containsExactly("push touch", "email touch");
    assertThat(Paths.toConversion(log, 0)).isEmpty();
  }
}
