package dev.rapport.analytics.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.junit.jupiter.api.Test;

/**
 * Pareto/NBD against the estimates reported in Fader, Hardie &amp; Lee (2005), "'Counting Your
 * Customers' the Easy Way", Marketing Science 24(2), for the CDNOW 1/10 sample, and the BTYD
 * walkthrough's customer 1516 (both listed in ../shared/datasets/cdnow/SOURCE.md).
 */
class ParetoNbdTest {
  @Test
  void fit_cdnowSample_reproducesThePublishedEstimates() {
    double[][] s = Cdnow.summary();
    ParetoNbd.Fit fit = ParetoNbd.fit(RfmData.of(s[0], s[1], s[2]));
    assertThat(fit.converged()).as(fit.message()).isTrue();
    ParetoNbd.Params p = fit.params();
    assertThat(p.r()).isCloseTo(0.553, withinPercentage(2));
    assertThat(p.alpha()).isCloseTo(10.578, withinPercentage(2));
    assertThat(p.s()).isCloseTo(0.606, withinPercentage(2));
    assertThat(p.beta()).isCloseTo(11.669, withinPercentage(2));
    assertThat(fit.logLikelihood()).isCloseTo(-9595.0, within(0.5));
  }

  @Test
  void customer1516_btydWalkthrough() {
    ParetoNbd.Params p = new ParetoNbd.Params(0.5534, 10.5802, 0.6061, 11.6562);
    assertThat(ParetoNbd.expectedPurchases(p, 52, 26, 30.86, 31)).isCloseTo(25.46, within(0.01));
    assertThat(ParetoNbd.probabilityAlive(p, 26, 30.86, 31)).isCloseTo(0.9979, within(0.0001));
  }

  @Test
  void likelihoodIsTheSameOnBothSidesOfAlphaEqualsBeta() {
    // The alpha >= beta and alpha < beta forms of A0 must meet where alpha = beta.
    double below = ParetoNbd.logLikelihood(new double[] {0.5, 10 - 1e-9, 0.6, 10}, 3, 20, 30);
    double above = ParetoNbd.logLikelihood(new double[] {0.5, 10 + 1e-9, 0.6, 10}, 3, 20, 30);
    assertThat(below).isCloseTo(above, within(1e-7));
  }

  @Test
  void aLastPurchaseAtTheEndMeansCertainlyAlive() {
    ParetoNbd.Params p = new ParetoNbd.Params(0.55, 10.6, 0.61, 11.7);
    assertThat(ParetoNbd.probabilityAlive(p, 4, 31, 31)).isEqualTo(1);
    assertThat(ParetoNbd.probabilityAlive(p, 4, 2, 31)).isLessThan(0.5);
  }
}
