package dev.rapport.analytics.lift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class UpliftTest {
  @Test
  void qiniCurve_handComputed() {
    // Ranked by score: T+ C- T- C+ ; Q at 1/2: R_t=1, R_c=0 -> 1; at 1: R_t=1, R_c=1, N_t=N_c=2 ->
    // 0.
    double[] score = {0.9, 0.8, 0.7, 0.6};
    boolean[] treated = {true, false, true, false};
    boolean[] outcome = {true, false, false, true};
    double[] q = Uplift.qiniCurve(score, treated, outcome, 2);
    assertThat(q).containsExactly(0.0, 1.0, 0.0);
    // Area between the curve and the random line (0 to 0): triangles of 1/2 * 1 * 1 / 2 steps.
    assertThat(Uplift.qini(q, 4)).isCloseTo(0.5 / 4, within(1e-12));
  }

  @Test
  void twoModel_findsWhoIsMovedWhenOnlySomeAre() {
    // Only units with x0 > 0 respond to treatment; the model must rank them first.
    Random r = new Random(5);
    int n = 6000;
    double[][] x = new double[n][2];
    boolean[] treated = new boolean[n];
    boolean[] outcome = new boolean[n];
    for (int i = 0; i < n; i++) {
      x[i][0] = r.nextGaussian();
      x[i][1] = r.nextGaussian();
      treated[i] = r.nextBoolean();
      double p = 0.1 + (treated[i] && x[i][0] > 0 ? 0.3 : 0);
      outcome[i] = r.nextDouble() < p;
    }
    Uplift u = Uplift.twoModel(x, treated, outcome, 100, 9);
    assertThat(u.testUnits()).isEqualTo(1800);
    assertThat(u.qini()).isPositive();
    // Treating the top half gets about all the gain: Q(0.5) is near Q(1).
    assertThat(u.curve()[50]).isGreaterThan(0.8 * u.curve()[100]);
  }
}
