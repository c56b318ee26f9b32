package dev.rapport.analytics.clv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.core.config.ClvSettings;
import org.junit.jupiter.api.Test;

class CustomerValueTest {
  /**
   * The server rescores a customer against the population's last fit as their events arrive; on the
   * 2,357 CDNOW customers (Fader, Hardie and Lee 2005's data) scoring each one alone gives the
   * population scoring's numbers, bit for bit.
   */
  @Test
  void scoreOne_equalsThePopulationScoring_onCdnow() {
    double[][] c = Cdnow.withMonetaryValue();
    CustomerValue v = CustomerValue.ofBuyers(c[0], c[1], c[2], c[3], 35.0, ClvSettings.defaults());
    int repeat = 0;
    for (int k = 0; k < c[0].length; k++) {
      CustomerValue.Score s = v.score(c[0][k], c[1][k], c[2][k], c[3][k]);
      assertThat(s.pAlive()).as("p_alive %d", k).isEqualTo(v.pAlive()[k]);
      assertThat(s.expectedPurchases()).as("purchases %d", k).isEqualTo(v.expectedPurchases()[k]);
      assertThat(s.valuePerPurchase()).as("value %d", k).isEqualTo(v.valuePerPurchase()[k]);
      assertThat(s.clv()).as("clv %d", k).isEqualTo(v.clv()[k]);
      repeat += c[0][k] > 0 ? 1 : 0;
    }
    assertThat(repeat).isEqualTo(946); // both branches: 946 repeat buyers, 1,411 bought once
    // A purchase more, a week later: the customer's own figures move, against the same fit.
    CustomerValue.Score before = v.score(2, 30, 38, 40);
    CustomerValue.Score after = v.score(3, 37, 39, 40);
    assertThat(after.expectedPurchases()).isGreaterThan(before.expectedPurchases());
    assertThat(after.pAlive()).isGreaterThan(before.pAlive());
  }
}
