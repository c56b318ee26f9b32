package dev.rapport.analytics.fatigue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.core.contact.ContactEvidence;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContactFatigueTest {
  /** Evidence with counts in band b: touches, responses, unsubscribes, complaints. */
  static ContactEvidence counts(int band, int touches, int responses, int unsubs, int complaints) {
    int[] c = new int[4 * ContactEvidence.PRESSURE_BANDS.length];
    c[4 * band] = touches;
    c[4 * band + 1] = responses;
    c[4 * band + 2] = unsubs;
    c[4 * band + 3] = complaints;
    return new ContactEvidence(List.of(), new int[0], new boolean[0], -1, c);
  }

  @Test
  void ratesPerTouchByPressureAtTheMoment_handComputed() {
    ContactFatigue f =
        ContactFatigue.of(
            List.of(
                counts(1, 100, 20, 1, 0),
                counts(1, 100, 10, 0, 1), // band 1-2: 200 touches, 30 responses
                counts(5, 400, 8, 12, 4))); // band 21+: 400 touches
    assertThat(f.bands()).hasSize(2);
    ContactFatigue.Band low = f.bands().get(0);
    assertThat(low.from()).isEqualTo(1);
    assertThat(low.to()).isEqualTo(2);
    assertThat(low.touches()).isEqualTo(200);
    assertThat(low.responsesPerTouch()).isEqualTo(0.15);
    assertThat(low.unsubscribesPerTouch()).isEqualTo(0.005);
    ContactFatigue.Band high = f.bands().get(1);
    assertThat(high.from()).isEqualTo(21);
    assertThat(high.to()).isEqualTo(Integer.MAX_VALUE);
    assertThat(high.responsesPerTouch()).isEqualTo(0.02);
    assertThat(high.unsubscribesPerTouch()).isEqualTo(0.03);
    assertThat(f.fatigueSignal()).isTrue();
  }

  @Test
  void noSignalWhenBusierContactIsAnsweredMore() {
    ContactFatigue f =
        ContactFatigue.of(List.of(counts(1, 100, 10, 1, 0), counts(4, 100, 30, 2, 0)));
    assertThat(f.fatigueSignal()).isFalse();
  }

  @Test
  void aTinyBusyBandDoesNotDecide() {
    ContactFatigue f =
        ContactFatigue.of(
            List.of(
                counts(0, 1_000, 150, 0, 0),
                counts(3, 10_000, 1_200, 20, 5), // busier: fewer answers, more unsubscribes
                counts(4, 50, 40, 0, 0))); // 0.5% of touches, answered a lot: too small
    assertThat(f.fatigueSignal()).isTrue();
  }

  @Test
  void bandEdges() {
    assertThat(ContactEvidence.band(0)).isZero();
    assertThat(ContactEvidence.band(1)).isEqualTo(1);
    assertThat(ContactEvidence.band(5)).isEqualTo(2);
    assertThat(ContactEvidence.band(6)).isEqualTo(3);
    assertThat(ContactEvidence.band(20)).isEqualTo(4);
    assertThat(ContactEvidence.band(500)).isEqualTo(5);
  }
}
