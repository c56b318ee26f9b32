package dev.rapport.core.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rapport.core.Channel;
import dev.rapport.core.EventDetail;
import dev.rapport.core.Kind;
import dev.rapport.core.journey.JourneyLog.Model;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JourneyTrackerTest {
  private static final long DAY = 86_400;
  private static final int EMAIL = Touchpoints.of(Channel.EMAIL, Kind.TOUCH, EventDetail.NONE);
  private static final int WEB = Touchpoints.of(Channel.WEB, Kind.RESPONSE, EventDetail.NONE);
  private static final int SMS = Touchpoints.of(Channel.SMS, Kind.TOUCH, EventDetail.NONE);

  private JourneyLog log;
  private JourneyTracker tracker;

  @BeforeEach
  void setUp() {
    log = new JourneyLog();
    tracker = new JourneyTracker(Duration.ofDays(30), log);
  }

  private void touch(long day, Channel ch) {
    tracker.observe(day * DAY, ch, Kind.TOUCH, EventDetail.NONE, 0);
  }

  private void visit(long day) {
    tracker.observe(day * DAY, Channel.WEB, Kind.RESPONSE, EventDetail.NONE, 0);
  }

  private void purchase(long day, double value) {
    tracker.observe(day * DAY, Channel.WEB, Kind.PURCHASE, EventDetail.NONE, value);
  }

  @Test
  void converted_creditsEachModel_byHand() {
    // email > web > email > purchase of 100: three collapsed steps.
    touch(0, Channel.EMAIL);
    visit(1);
    touch(2, Channel.EMAIL);
    purchase(3, 100);
    tracker.finish(100 * DAY);

    assertThat(log.converted()).isEqualTo(1);
    assertThat(log.credit(Model.FIRST_TOUCH, EMAIL)).isEqualTo(1);
    assertThat(log.credit(Model.LAST_TOUCH, EMAIL)).isEqualTo(1);
    assertThat(log.credit(Model.LAST_TOUCH, WEB)).isZero();
    assertThat(log.credit(Model.LINEAR, EMAIL)).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(log.credit(Model.LINEAR, WEB)).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(log.credit(Model.POSITION_BASED, EMAIL)).isCloseTo(0.8, within(1e-12));
    assertThat(log.credit(Model.POSITION_BASED, WEB)).isCloseTo(0.2, within(1e-12));
    assertThat(log.revenueCredit(Model.POSITION_BASED, WEB)).isCloseTo(20, within(1e-9));
    assertThat(log.transitions(JourneyLog.START, EMAIL)).isEqualTo(1);
    assertThat(log.transitions(EMAIL, WEB)).isEqualTo(1);
    assertThat(log.transitions(WEB, EMAIL)).isEqualTo(1);
    assertThat(log.transitions(EMAIL, JourneyLog.CONVERSION)).isEqualTo(1);
    assertThat(log.convertedRevenue()).isEqualTo(100);
  }

  @Test
  void repeatsCollapse_intoOneStep() {
    touch(0, Channel.EMAIL);
    touch(1, Channel.EMAIL);
    touch(2, Channel.EMAIL);
    purchase(3, 10);

    assertThat(log.paths()).hasSize(1);
    long key = log.paths().keySet().iterator().next();
    assertThat(JourneyPath.touchpoints(key)).containsExactly(EMAIL);
    assertThat(JourneyPath.label(key)).isEqualTo("email touch");
    assertThat(log.credit(Model.LINEAR, EMAIL)).isEqualTo(1);
  }

  @Test
  void windowClosingWithoutPurchase_lapsesTheJourney_andTheNextTouchpointOpensAnother() {
    touch(0, Channel.EMAIL);
    touch(31, Channel.SMS); // the first journey's 30 days are over
    purchase(40, 50);

    assertThat(log.lapsed()).isEqualTo(1);
    assertThat(log.converted()).isEqualTo(1);
    assertThat(log.transitions(EMAIL, JourneyLog.NULL)).isEqualTo(1);
    assertThat(log.transitions(JourneyLog.START, SMS)).isEqualTo(1);
    assertThat(log.credit(Model.FIRST_TOUCH, SMS)).isEqualTo(1);
    assertThat(log.credit(Model.FIRST_TOUCH, EMAIL)).isZero();
  }

  @Test
  void purchaseWithoutOpenJourney_isDirect_andATouchpointCreditsOneConversionOnly() {
    purchase(0, 20);
    touch(1, Channel.EMAIL);
    purchase(2, 30);
    purchase(3, 40); // no touchpoint since the last purchase

    assertThat(log.direct()).isEqualTo(2);
    assertThat(log.directRevenue()).isEqualTo(60);
    assertThat(log.converted()).isEqualTo(1);
  }

  @Test
  void finish_leavesAJourneyInsideItsWindowOpen_andLapsesAnOlderOne() {
    touch(0, Channel.EMAIL);
    tracker.finish(10 * DAY);
    assertThat(log.open()).isEqualTo(1);
    assertThat(log.lapsed()).isZero();

    tracker.reset();
    touch(0, Channel.EMAIL);
    tracker.finish(30 * DAY);
    assertThat(log.lapsed()).isEqualTo(1);
    assertThat(log.open()).isEqualTo(1);
  }

  @Test
  void agentRepliesAndConsent_areNotTouchpoints() {
    tracker.observe(0, Channel.SUPPORT, Kind.TICKET, EventDetail.TICKET_REPLIED, 0);
    tracker.observe(0, Channel.EMAIL, Kind.CONSENT, EventDetail.CONSENT_GRANTED, 0);
    purchase(1, 5);
    assertThat(log.direct()).isEqualTo(1);
    assertThat(Touchpoints.of(Channel.SUPPORT, Kind.TICKET, EventDetail.TICKET_OPENED))
        .isNotNegative();
  }

  @Test
  void churned_logsTheLastSteps_acrossJourneys() {
    for (int d = 0; d < 8; d++) {
      touch(d, d % 2 == 0 ? Channel.EMAIL : Channel.SMS);
    }
    visit(8);
    tracker.churned();

    long key = only(log);
    assertThat(log.paths().get(key)[JourneyLog.CHURNED]).isEqualTo(1);
    assertThat(JourneyPath.isCut(key)).isTrue();
    assertThat(JourneyPath.touchpoints(key)).containsExactly(SMS, EMAIL, SMS, EMAIL, SMS, WEB);
    assertThat(JourneyPath.label(key)).startsWith("… > sms touch > email touch");
  }

  @Test
  void longJourney_keepsItsFirstStep_andTheLatest() {
    for (int i = 0; i < 100; i++) {
      tracker.observe(i, i % 2 == 0 ? Channel.EMAIL : Channel.SMS, Kind.TOUCH, EventDetail.NONE, 0);
    }
    purchase(1, 1);
    assertThat(log.credit(Model.FIRST_TOUCH, EMAIL)).isEqualTo(1);
    assertThat(log.credit(Model.LAST_TOUCH, SMS)).isEqualTo(1);
    // 64 steps kept: linear credit is spread over them.
    assertThat(log.credit(Model.LINEAR, EMAIL) + log.credit(Model.LINEAR, SMS))
        .isCloseTo(1, within(1e-12));
    assertThat(JourneyPath.isCut(only(log))).isTrue();
  }

  @Test
  void add_sumsTwoLogs() {
    touch(0, Channel.EMAIL);
    purchase(1, 10);
    JourneyLog other = new JourneyLog();
    JourneyTracker second = new JourneyTracker(Duration.ofDays(30), other);
    second.observe(0, Channel.EMAIL, Kind.TOUCH, EventDetail.NONE, 0);
    second.observe(DAY, Channel.WEB, Kind.PURCHASE, EventDetail.NONE, 30);
    log.add(other);
    assertThat(log.converted()).isEqualTo(2);
    assertThat(log.convertedRevenue()).isEqualTo(40);
    assertThat(log.paths().get(only(log))[JourneyLog.CONVERTED]).isEqualTo(2);
    assertThat(log.transitions(JourneyLog.START, EMAIL)).isEqualTo(2);
  }

  @Test
  void positionShares_sumToOne() {
    for (int n = 1; n < 10; n++) {
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += JourneyLog.positionShare(i, n);
      }
      assertThat(sum).as("n=%d", n).isCloseTo(1, within(1e-12));
    }
  }

  private static long only(JourneyLog log) {
    List<Long> keys = List.copyOf(log.paths().keySet());
    assertThat(keys).hasSize(1);
    return keys.get(0);
  }
}
