package dev.rapport.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.core.Channel;
import dev.rapport.core.EventDetail;
import dev.rapport.core.Kind;
import org.junit.jupiter.api.Test;

class ServiceTrackerTest {
  private static final long H = 3600;

  @Test
  void ticketsArePairedFirstInFirstOut_handComputed() {
    ServiceTracker s = new ServiceTracker();
    s.observe(0, Channel.SUPPORT, Kind.TICKET, Double.NaN, EventDetail.TICKET_OPENED); // A
    s.observe(
        2 * H,
        Channel.SUPPORT,
        Kind.TICKET,
        Double.NaN,
        EventDetail.TICKET_REPLIED); // A answered after 2 h
    s.observe(3 * H, Channel.SUPPORT, Kind.TICKET, Double.NaN, EventDetail.TICKET_OPENED); // B
    s.observe(
        10 * H,
        Channel.SUPPORT,
        Kind.TICKET,
        Double.NaN,
        EventDetail.TICKET_RESOLVED); // A resolved, 10 h
    // B resolved without a reply: its first response and resolution are both 10 h
    s.observe(13 * H, Channel.SUPPORT, Kind.TICKET, Double.NaN, EventDetail.TICKET_RESOLVED);
    s.observe(
        20 * H,
        Channel.SUPPORT,
        Kind.TICKET,
        Double.NaN,
        EventDetail.TICKET_OPENED); // C, still open
    s.observe(
        30 * H,
        Channel.SUPPORT,
        Kind.TICKET,
        Double.NaN,
        EventDetail.TICKET_REPLIED); // C answered, 10 h
    ServiceEvidence e = s.finish();
    assertThat(e.ticketsOpened()).isEqualTo(3);
    assertThat(e.ticketsOpen()).isEqualTo(1);
    assertThat(e.ticketsAnswered()).isEqualTo(3);
    assertThat(e.meanFirstResponseHours()).isEqualTo((2 + 10 + 10) / 3.0);
    assertThat(e.ticketsResolved()).isEqualTo(2);
    assertThat(e.meanResolutionHours()).isEqualTo((10 + 10) / 2.0);
  }

  @Test
  void aReplyWithNoOpenTicketCountsForNothing() {
    ServiceTracker s = new ServiceTracker();
    s.observe(0, Channel.SUPPORT, Kind.TICKET, Double.NaN, EventDetail.TICKET_REPLIED);
    s.observe(1, Channel.SUPPORT, Kind.TICKET, Double.NaN, EventDetail.TICKET_RESOLVED);
    ServiceEvidence e = s.finish();
    assertThat(e.ticketsAnswered()).isZero();
    assertThat(e.ticketsResolved()).isZero();
    assertThat(e.meanFirstResponseHours()).isNaN();
  }

  @Test
  void theLatestScoreOfEachScaleIsKept_andASurveyOfUnknownScaleIsCountedOnly() {
    ServiceTracker s = new ServiceTracker();
    s.observe(0, Channel.SUPPORT, Kind.SURVEY, 2, EventDetail.CSAT);
    s.observe(1, Channel.SUPPORT, Kind.SURVEY, 5, EventDetail.CSAT);
    s.observe(2, Channel.SUPPORT, Kind.SURVEY, 9, EventDetail.NPS);
    s.observe(3, Channel.SUPPORT, Kind.SURVEY, 7, EventDetail.NONE);
    ServiceEvidence e = s.finish();
    assertThat(e.surveys()).isEqualTo(4);
    assertThat(e.lastCsat()).isEqualTo(5f);
    assertThat(e.lastNps()).isEqualTo(9f);
    assertThat(e.lastCes()).isNaN();
  }
}
