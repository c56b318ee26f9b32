package dev.rapport.analytics.lift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TestsTest {
  @Test
  void twoProportions_handComputed() {
    // 60/200 against 40/200: diff 0.1; pooled p 0.25, SE sqrt(0.25*0.75*(2/200)) = 0.0433013,
    // z = 2.3094, p = 0.020921; unpooled SE sqrt(0.3*0.7/200 + 0.2*0.8/200) = 0.0430116.
    Lift l = Tests.twoProportions("rate", 60, 200, 40, 200);
    assertThat(l.difference()).isCloseTo(0.1, within(1e-12));
    assertThat(l.pValue()).isCloseTo(0.020921, within(1e-6));
    assertThat(l.low()).isCloseTo(0.1 - 1.959964 * 0.0430116, within(1e-6));
    assertThat(l.high()).isCloseTo(0.1 + 1.959964 * 0.0430116, within(1e-6));
    assertThat(l.relative()).isCloseTo(0.5, within(1e-12));
    assertThat(l.significant()).isTrue();
  }

  @Test
  void welch_handComputed() {
    // Means 3 and 2; variances 2.5 (1..5) and 1 (1,2,3); SE^2 = 2.5/5 + 1/3 = 0.833333;
    // df = 0.833333^2 / (0.5^2/4 + 0.333333^2/2) = 5.8824; t = 1.095445; p = 0.316133 and the
    // 97.5% t quantile 2.45882, both by numerical integration of the t density.
    Lift l = Tests.welch("mean", new double[] {1, 2, 3, 4, 5}, new double[] {1, 2, 3});
    assertThat(l.difference()).isEqualTo(1.0);
    assertThat(l.pValue()).isCloseTo(0.316133, within(1e-5));
    double half = (l.high() - l.low()) / 2;
    assertThat(half).isCloseTo(2.45882 * Math.sqrt(0.8333333), within(1e-4));
  }

  @Test
  void bootstrap_isReproducible_andCoversTheDifference() {
    double[] t = new double[500];
    double[] c = new double[500];
    for (int i = 0; i < 500; i++) {
      t[i] = i % 10 == 0 ? 50 : 0;
      c[i] = i % 20 == 0 ? 50 : 0;
    }
    Lift a = Tests.bootstrap("revenue", t, c, 1000, 1);
    Lift b = Tests.bootstrap("revenue", t, c, 1000, 1);
    assertThat(a).isEqualTo(b);
    assertThat(a.difference()).isCloseTo(2.5, within(1e-12));
    assertThat(a.low()).isLessThan(2.5).isPositive();
    assertThat(a.high()).isGreaterThan(2.5);
  }
}
