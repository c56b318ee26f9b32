package dev.rapport.analytics.fatigue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.core.contact.ContactEvidence;
import java.util.List;
import org.junit.jupiter.api.Test;

class CustomerFatigueTest {
  /** Evidence from {band, touches, responses, unsubscribes, complaints} rows. */
  static ContactEvidence bands(int[]... rows) {
    int[] c = new int[4 * ContactEvidence.PRESSURE_BANDS.length];
    for (int[] row : rows) {
      for (int k = 0; k < 4; k++) {
        c[4 * row[0] + k] = row[1 + k];
      }
    }
    return new ContactEvidence(List.of(), new int[0], new boolean[0], -1, c);
  }

  @Test
  void answeringFarLessWhenBusier_isFatigue_handComputed() {
    // Quiet half (bands 0-1): 10 touches, 5 answered; busy half (band 3, 6-10 a month): 10, 0.
    CustomerFatigue f =
        CustomerFatigue.of(
            bands(new int[] {0, 4, 2, 0, 0}, new int[] {1, 6, 3, 0, 0}, new int[] {3, 10, 0, 0, 0}),
            1,
            4);
    // Smoothed: (5 + 1) / (10 + 5) = 40% against (0 + 1) / (10 + 5) = 6.7%.
    assertThat(f.fatigued()).isTrue();
    assertThat(f.busyFrom()).isEqualTo(6);
    assertThat(f.reason())
        .isEqualTo(
            "answers 7% of touches when touched 6+ times in 30 days against 40% when touched less");
  }

  @Test
  void unsubscribingOnlyWhenBusier_isFatigue() {
    CustomerFatigue f =
        CustomerFatigue.of(bands(new int[] {1, 8, 2, 0, 0}, new int[] {2, 8, 2, 1, 0}), 1, 4);
    assertThat(f.fatigued()).isTrue();
    assertThat(f.busyFrom()).isEqualTo(3);
    assertThat(f.reason())
        .isEqualTo(
            "1 unsubscribe or complaint in 8 touches at 3+ against 0 in 8 when touched less");
  }

  @Test
  void answeringAsMuchWhenBusier_isNotFatigue() {
    CustomerFatigue f =
        CustomerFatigue.of(bands(new int[] {1, 8, 2, 0, 0}, new int[] {3, 12, 4, 0, 0}), 1, 4);
    assertThat(f.fatigued()).isFalse();
    assertThat(f.reason()).isEqualTo("compared: not fatigued");
  }

  @Test
  void tooFewTouchesOnEitherSide_isNoEvidence() {
    CustomerFatigue f =
        CustomerFatigue.of(bands(new int[] {0, 20, 10, 0, 0}, new int[] {4, 3, 0, 3, 0}), 1, 4);
    assertThat(f.fatigued()).isFalse();
    assertThat(f.reason()).isEmpty();
  }

  @Test
  void splitIsTheBandEdgeNearestTheMedian() {
    // 4 + 4 | 10: halving 18 touches is nearest after band 2 (8 below, 10 above).
    ContactEvidence e =
        bands(new int[] {0, 4, 0, 0, 0}, new int[] {1, 4, 0, 0, 0}, new int[] {3, 10, 0, 0, 0});
    assertThat(CustomerFatigue.split(e, 18)).isEqualTo(2);
  }
}
