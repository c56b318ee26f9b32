package dev.rapport.core.lifecycle;

import static dev.rapport.core.lifecycle.Stage.ACQUISITION;
import static dev.rapport.core.lifecycle.Stage.ACTIVATION;
import static dev.rapport.core.lifecycle.Stage.CHURNED;
import static dev.rapport.core.lifecycle.Stage.DISENGAGED;
import static dev.rapport.core.lifecycle.Stage.ENGAGEMENT;
import static dev.rapport.core.lifecycle.Stage.LOYALTY;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LifecycleSummaryTest {
  private static Instant day(int d) {
    return Instant.parse("2024-01-01T00:00:00Z").plusSeconds(d * 86_400L);
  }

  /** A lifecycle from (stage, day) pairs; the second argument of each pair is the day. */
  private static Lifecycle path(Object... stageDay) {
    List<StageTransition> ts = new ArrayList<>();
    Stage from = null;
    for (int i = 0; i < stageDay.length; i += 2) {
      Stage to = (Stage) stageDay[i];
      boolean back = (from == DISENGAGED || from == CHURNED) && to.isPositive();
      ts.add(new StageTransition(from, to, day((Integer) stageDay[i + 1]), "test", null, back));
      from = to;
    }
    return new Lifecycle(ts);
  }

  @Test
  void handComputedPopulation() {
    List<Lifecycle> ls =
        List.of(
            // a: activated after 10 days, engaged at 40, loyal at 100
            path(ACQUISITION, 0, ACTIVATION, 10, ENGAGEMENT, 40, LOYALTY, 100),
            // b: never activated, disengaged at 31 (February), churned at 200
            path(ACQUISITION, 5, DISENGAGED, 31, CHURNED, 200),
            // c: skips to engagement at 20, falls at 60, returns at 70
            path(ACQUISITION, 0, ENGAGEMENT, 20, DISENGAGED, 60, ENGAGEMENT, 70));
    LifecycleSummary s = LifecycleSummary.of(ls, day(210), ZoneOffset.UTC);

    assertThat(s.customers()).isEqualTo(3);
    assertThat(s.current().get(LOYALTY)).isEqualTo(1);
    assertThat(s.current().get(CHURNED)).isEqualTo(1);
    assertThat(s.current().get(ENGAGEMENT)).isEqualTo(1);
    assertThat(s.flows().get(ACQUISITION))
        .containsEntry(ACTIVATION, 1)
        .containsEntry(ENGAGEMENT, 1);
    assertThat(s.flows().get(DISENGAGED)).containsEntry(CHURNED, 1).containsEntry(ENGAGEMENT, 1);
    assertThat(s.reactivations()).isEqualTo(1); // c's return; b's churn is a fall, not a return

    // Activation: a (10 days) and c (20 days); b never.
    assertThat(s.activationRate()).isEqualTo(2.0 / 3.0);
    assertThat(s.medianDaysToActivate()).isEqualTo(15.0);
    // Velocity: engagement first reached after 40 (a) and 20 (c) days.
    assertThat(s.medianDaysToReach().get(ENGAGEMENT)).isEqualTo(30.0);
    assertThat(s.reached().get(ENGAGEMENT)).isEqualTo(2);
    // Completed stays in acquisition: 10 (a), 26 (b), 20 (c).
    assertThat(s.medianDaysInStage().get(ACQUISITION)).isEqualTo(20.0);
    assertThat(s.medianDaysInStage().get(LOYALTY)).isNaN(); // nobody has left it

    // End of January: a activated, b acquired, c engaged. End of February: b disengaged.
    LifecycleSummary.Month jan = s.byMonth().get(0);
    assertThat(jan.month()).isEqualTo(YearMonth.of(2024, 1));
    assertThat(jan.counts())
        .containsEntry(ACTIVATION, 1)
        .containsEntry(ACQUISITION, 1)
        .containsEntry(ENGAGEMENT, 1);
    assertThat(s.byMonth().get(1).counts())
        .containsEntry(DISENGAGED, 1)
        .containsEntry(ENGAGEMENT, 2);
    LifecycleSummary.Month lastMonth = s.byMonth().get(s.byMonth().size() - 1);
    assertThat(lastMonth.month()).isEqualTo(YearMonth.of(2024, 7));
    assertThat(lastMonth.counts()).isEqualTo(s.current());
  }
}
