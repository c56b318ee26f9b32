package dev.rapport.core.lifecycle;

import static dev.rapport.core.lifecycle.Stage.ACQUISITION;
import static dev.rapport.core.lifecycle.Stage.ACTIVATION;
import static dev.rapport.core.lifecycle.Stage.ADVOCACY;
import static dev.rapport.core.lifecycle.Stage.CHURNED;
import static dev.rapport.core.lifecycle.Stage.DISENGAGED;
import static dev.rapport.core.lifecycle.Stage.ENGAGEMENT;
import static dev.rapport.core.lifecycle.Stage.LOYALTY;
import static dev.rapport.core.lifecycle.Stage.SATISFACTION;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.core.Channel;
import dev.rapport.core.EventDetail;
import dev.rapport.core.Kind;
import dev.rapport.core.Outcome;
import dev.rapport.core.config.LifecycleSettings;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LifecycleTrackerTest {
  private static final long DAY = 86_400L;
  private static final long T0 = 1_700_000_000L;

  private final LifecycleTracker tracker = new LifecycleTracker(LifecycleSettings.defaults());
  private int streak;
  private long streakReachedAt = Long.MIN_VALUE;

  private void event(
      long day, Channel ch, Kind kind, Outcome outcome, double score, EventDetail d) {
    long t = T0 + day * DAY;
    tracker.advanceTo(t);
    tracker.observe(t, ch, kind, outcome, 0.0, score, d, streak, "e" + day);
  }

  private void event(long day, Kind kind) {
    event(day, Channel.WEB, kind, null, Double.NaN, EventDetail.NONE);
  }

  private void survey(long day, EventDetail scale, double score) {
    event(day, Channel.EMAIL, Kind.SURVEY, null, score, scale);
  }

  private List<StageTransition> finish(long day) {
    return tracker.finish(T0 + day * DAY, streak, streakReachedAt).transitions();
  }

  private static List<Stage> path(List<StageTransition> ts) {
    return ts.stream().map(StageTransition::to).toList();
  }

  @Test
  void firstPurchaseActivates_atTheSameMomentAsAcquisition() {
    event(0, Kind.PURCHASE);
    List<StageTransition> ts = finish(1);
    assertThat(path(ts)).containsExactly(ACQUISITION, ACTIVATION);
    assertThat(ts.get(1).cause()).isEqualTo("first purchase");
    assertThat(ts.get(1).eventId()).isEqualTo("e0");
    assertThat(ts.get(0).from()).isNull();
  }

  @Test
  void aReferralBeforeAnyPurchaseSkipsStraightToAdvocacy() {
    event(0, Kind.RESPONSE);
    event(2, Kind.REFERRAL);
    List<StageTransition> ts = finish(3);
    assertThat(path(ts)).containsExactly(ACQUISITION, ADVOCACY);
    assertThat(ts.get(1).cause()).isEqualTo("referral");
  }

  @Test
  void enoughEngagedInteractionsWithinTheWindowMeanEngagement_butNotIfSpreadThin() {
    event(0, Kind.PURCHASE);
    event(100, Kind.RESPONSE);
    event(200, Kind.RESPONSE); // three engaged, but over 200 days: not within 90
    assertThat(tracker.stage()).isIn(ACTIVATION, DISENGAGED);
    LifecycleTracker dense = new LifecycleTracker(LifecycleSettings.defaults());
    for (int d = 0; d < 3; d++) {
      dense.observe(
          T0 + d * DAY,
          Channel.WEB,
          d == 0 ? Kind.PURCHASE : Kind.RESPONSE,
          null,
          0,
          Double.NaN,
          EventDetail.NONE,
          0,
          null);
    }
    assertThat(dense.stage()).isEqualTo(ENGAGEMENT);
  }

  @Test
  void goodCsatMeansSatisfaction_andRepeatPurchasesOverTenureMeanLoyalty() {
    event(0, Kind.PURCHASE);
    survey(3, EventDetail.CSAT, 5);
    assertThat(tracker.stage()).isEqualTo(SATISFACTION);
    event(20, Kind.PURCHASE);
    event(40, Kind.PURCHASE);
    assertThat(tracker.stage()).isEqualTo(SATISFACTION); // three purchase days, but only 40 days
    for (int d = 60; d <= 200; d += 20) {
      event(d, Kind.PURCHASE);
    }
    List<StageTransition> ts = finish(201);
    assertThat(path(ts)).containsExactly(ACQUISITION, ACTIVATION, SATISFACTION, LOYALTY);
    assertThat(ts.get(3).at()).isEqualTo(Instant.ofEpochSecond(T0 + 180 * DAY));
    assertThat(ts.get(3).cause()).isEqualTo("10 purchase days over 180 days");
  }

  @Test
  void silenceDisengagesExactlyWhenDue_fromTheCustomersOwnGap_thenChurns() {
    // Engaged every 20 days: usual gap 20 days, so silence beyond 3 x 20 = 60 days disengages.
    for (int d = 0; d <= 100; d += 20) {
      event(d, Kind.PURCHASE);
    }
    List<StageTransition> ts = finish(400);
    StageTransition dis = ts.get(ts.size() - 2);
    StageTransition churn = ts.get(ts.size() - 1);
    assertThat(dis.to()).isEqualTo(DISENGAGED);
    assertThat(dis.at()).isEqualTo(Instant.ofEpochSecond(T0 + 160 * DAY));
    assertThat(dis.eventId()).isNull();
    assertThat(dis.cause())
        .isEqualTo("no engaged activity for 60 days (3 x the usual gap of 20 days)");
    assertThat(churn.to()).isEqualTo(CHURNED);
    assertThat(churn.at()).isEqualTo(Instant.ofEpochSecond(T0 + 280 * DAY));
  }

  @Test
  void silenceIsCheckedWhenTimeAdvances_notOnlyAtTheNextEvent() {
    event(0, Kind.PURCHASE);
    tracker.advanceTo(T0 + 29 * DAY);
    assertThat(tracker.stage()).isEqualTo(ACTIVATION);
    tracker.advanceTo(T0 + 91 * DAY); // default gap 30 days x 3 = 90 days
    assertThat(tracker.stage()).isEqualTo(DISENGAGED);
  }

  @Test
  void loyalCustomerWhoComplainsFallsBack_andReturnsAsAReactivation() {
    for (int d = 0; d <= 180; d += 10) {
      event(d, Kind.PURCHASE);
    }
    assertThat(tracker.stage()).isEqualTo(LOYALTY);
    event(185, Channel.SUPPORT, Kind.COMPLAINT, null, Double.NaN, EventDetail.NONE);
    assertThat(tracker.stage()).isEqualTo(DISENGAGED);
    event(186, Channel.SUPPORT, Kind.TICKET, null, Double.NaN, EventDetail.TICKET_REPLIED);
    assertThat(tracker.stage())
        .as("an agent's reply is not the customer returning")
        .isEqualTo(DISENGAGED);
    event(190, Kind.PURCHASE);
    List<StageTransition> ts = finish(191);
    StageTransition back = ts.get(ts.size() - 1);
    assertThat(back.from()).isEqualTo(DISENGAGED);
    assertThat(back.to()).isEqualTo(LOYALTY);
    assertThat(back.reactivation()).isTrue();
    assertThat(back.cause()).isEqualTo("returned: purchase on web");
  }

  @Test
  void detractorAnswerDisengages_andDoesNotCountAsReturning() {
    event(0, Kind.PURCHASE);
    survey(5, EventDetail.NPS, 3);
    assertThat(tracker.stage()).isEqualTo(DISENGAGED);
    survey(6, EventDetail.NPS, 2);
    assertThat(tracker.stage()).isEqualTo(DISENGAGED);
    assertThat(finish(7).get(2).cause()).isEqualTo("detractor: NPS 3");
  }

  @Test
  void aSurveyOfUnknownScaleIsActivityButNoSignal() {
    event(0, Kind.PURCHASE);
    survey(1, EventDetail.NONE, 1);
    assertThat(tracker.stage()).isEqualTo(ACTIVATION);
  }

  @Test
  void unsubscribingFromEveryChannelUsedChurns_oneOfTwoDoesNot() {
    event(0, Channel.EMAIL, Kind.TOUCH, null, Double.NaN, EventDetail.NONE);
    event(1, Channel.SMS, Kind.TOUCH, null, Double.NaN, EventDetail.NONE);
    event(2, Channel.EMAIL, Kind.UNSUBSCRIBE, null, Double.NaN, EventDetail.NONE);
    assertThat(tracker.stage()).isEqualTo(ACQUISITION);
    event(3, Channel.SMS, Kind.TOUCH, Outcome.UNSUBSCRIBED, Double.NaN, EventDetail.NONE);
    List<StageTransition> ts = finish(4);
    assertThat(path(ts)).containsExactly(ACQUISITION, CHURNED);
    assertThat(ts.get(1).cause()).isEqualTo("unsubscribed from every channel used (email, sms)");
  }

  @Test
  void aRunOfIgnoredTouchesDisengages() {
    event(0, Kind.PURCHASE);
    event(10, Channel.EMAIL, Kind.TOUCH, null, Double.NaN, EventDetail.NONE);
    streak = 10; // the touch's window closed before the end of observation
    streakReachedAt = T0 + 13 * DAY;
    List<StageTransition> ts = finish(20);
    assertThat(ts.get(ts.size() - 1).to()).isEqualTo(DISENGAGED);
    assertThat(ts.get(ts.size() - 1).cause()).isEqualTo("10 touches ignored in a row");
    // At the moment the run reached the limit, not at the end of observation.
    assertThat(ts.get(ts.size() - 1).atSecond()).isEqualTo(T0 + 13 * DAY);
    assertThat(tracker.finish(T0 + 30 * DAY, streak, streakReachedAt).transitions()).isEqualTo(ts);
  }

  @Test
  void cancellationChurnsFromAnyStage() {
    event(0, Kind.PURCHASE);
    event(1, Kind.CANCEL);
    assertThat(path(finish(2))).containsExactly(ACQUISITION, ACTIVATION, CHURNED);
  }
}
