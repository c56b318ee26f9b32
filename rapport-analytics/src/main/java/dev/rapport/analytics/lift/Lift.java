package dev.rapport.analytics.lift;

import java.util.Locale;

/**
 * One measured effect of a treatment against its control: the metric in each group, their
 * difference with a 95% confidence interval, and the two-sided p-value of "no difference".
 *
 * @param metric e.g. "visit rate", "revenue per customer"
 * @param method the test, e.g. "two-proportion z", "Welch t", "bootstrap"
 * @param treatment the metric in the treated group
 * @param control the metric in the control group
 * @param difference treatment - control (absolute lift)
 * @param low lower end of the 95% interval of the difference
 * @param high upper end
 * @param pValue two-sided
 * @param nTreatment units treated
 * @param nControl units in control
 */
public record Lift(
    String metric,
    String method,
    double treatment,
    double control,
    double difference,
    double low,
    double high,
    double pValue,
    long nTreatment,
    long nControl) {

  /** Relative lift, difference / control; NaN when the control is 0. */
  public double relative() {
    return control == 0 ? Double.NaN : difference / control;
  }

  /** True when the 95% interval excludes zero. */
  public boolean significant() {
    return low > 0 || high < 0;
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "%s: %.6g vs %.6g, lift %+.6g [%+.6g, %+.6g] (%s, p=%.3g)",
        metric,
        treatment,
        control,
        difference,
        low,
        high,
        method,
        pValue);
  }
}
