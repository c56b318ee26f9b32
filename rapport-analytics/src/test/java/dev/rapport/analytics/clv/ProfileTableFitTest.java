package dev.rapport.analytics.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rapport.core.config.ClvSettings;
import dev.rapport.core.config.PeriodUnit;
import dev.rapport.core.profile.CustomerProfile;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ProfileTableFitTest {
  private static final ClvSettings WEEKS = weeks();
  private static final Instant END = Instant.parse("1998-07-01T00:00:00Z");

  private static ClvSettings weeks() {
    ClvSettings d = ClvSettings.defaults();
    return new ClvSettings(
        PeriodUnit.WEEKS, d.horizonMonths(), d.monthlyDiscount(), d.margin(), d.costPerTicket());
  }

  /**
   * A profile row with the CLV inputs given and as of {@code asOf}; the rest as a table holds it.
   */
  static CustomerProfile row(int k, double x, double tx, double t, double m, Instant asOf) {
    return new CustomerProfile(
        k,
        "c" + k,
        asOf,
        asOf,
        asOf,
        0,
        (int) x + 1,
        List.of(),
        0,
        null,
        (int) x + 1,
        m * (x + 1),
        0,
        0,
        asOf,
        asOf,
        x,
        tx,
        t,
        m,
        0,
        0,
        0,
        0,
        0,
        0,
        List.of());
  }

  /**
   * Read row by row from the CDNOW cohort's 2,357 customers (Fader, Hardie and Lee 2005, "Counting
   * your customers the easy way", Table 1 data), the fit is the one on the whole arrays: BG/NBD r
   * 0.243, alpha 4.414, a 0.793, b 2.426, as the paper reports.
   */
  @Test
  void rowByRow_fitsAsTheWholeArrays_andReproducesThePaper() {
    double[][] c = Cdnow.withMonetaryValue();
    ProfileTableFit fit = new ProfileTableFit(WEEKS);
    for (int k = 0; k < c[0].length; k++) {
      fit.add(row(k, c[0][k], c[1][k], c[2][k], c[3][k], END));
    }
    fit.add(row(-1, Double.NaN, Double.NaN, Double.NaN, 0, END)); // never bought: not a buyer
    assertThat(fit.customers()).isEqualTo(2_358);
    assertThat(fit.buyers()).isEqualTo(2_357);
    CustomerValue v = fit.fit();
    BgNbd.Params p = v.purchases().params();
    assertThat(p.r()).isCloseTo(0.243, within(0.001));
    assertThat(p.alpha()).isCloseTo(4.414, within(0.002));
    assertThat(p.a()).isCloseTo(0.793, within(0.002));
    assertThat(p.b()).isCloseTo(2.426, within(0.005));
    CustomerValue whole = CustomerValue.ofBuyers(c[0], c[1], c[2], c[3], v.fallbackValue(), WEEKS);
    assertThat(v.purchases().params()).isEqualTo(whole.purchases().params());
    assertThat(v.clv()).containsExactly(whole.clv());
  }

  /**
   * A stream's rows are as of their own last snapshots: each buyer's age is carried forward to the
   * table's latest as-of time, so rows snapshotted earlier (with their T as it was then) give the
   * fit of rows all as of the end.
   */
  @Test
  void rowsAsOfEarlierSnapshots_areCarriedForwardToTheLatest() {
    double[][] c = Cdnow.withMonetaryValue();
    Random rnd = new Random(4);
    ProfileTableFit staggered = new ProfileTableFit(WEEKS);
    for (int k = 0; k < c[0].length; k++) {
      // Snapshotted up to five weeks before the end, but not before the last purchase.
      double weeksBack = Math.min(rnd.nextInt(6), c[2][k] - c[1][k]);
      Instant asOf = END.minusSeconds((long) (weeksBack * 7 * 86_400));
      staggered.add(row(k, c[0][k], c[1][k], c[2][k] - weeksBack, c[3][k], asOf));
    }
    assertThat(staggered.asOf()).isEqualTo(END);
    CustomerValue v = staggered.fit();
    CustomerValue atEnd = CustomerValue.ofBuyers(c[0], c[1], c[2], c[3], v.fallbackValue(), WEEKS);
    // Equal up to the optimiser's tolerance: carried forward, T differs from the end's in the last
    // bits (weeks to seconds and back).
    assertThat(v.purchases().params().r()).isCloseTo(atEnd.purchases().params().r(), within(1e-6));
    assertThat(v.purchases().params().b()).isCloseTo(atEnd.purchases().params().b(), within(1e-6));
    for (int k = 0; k < c[0].length; k++) {
      assertThat(v.pAlive()[k]).as("p_alive %d", k).isCloseTo(atEnd.pAlive()[k], within(1e-6));
    }
  }
}
