package dev.rapport.analytics.clv;

import static org.hipparchus.special.Gamma.digamma;
import static org.hipparchus.special.Gamma.logGamma;

/**
 * The Gamma-Gamma model of spend per transaction: Fader, Hardie &amp; Lee (2005), "RFM and CLV:
 * Using Iso-Value Curves for Customer Base Analysis", Journal of Marketing Research 42(4), 415-430,
 * as written in Fader &amp; Hardie (2013), "The Gamma-Gamma Model of Monetary Value"
 * (brucehardie.com/notes/025).
 *
 * <p>A customer's transaction values are Gamma(p, ν) around their own mean, with ν ~ Gamma(q, γ)
 * across customers; it is fitted on the repeat buyers' number of repeat transactions x and their
 * mean value m_x, and assumes spend is independent of purchase frequency (check the correlation:
 * {@link #frequencySpendCorrelation}).
 */
public final class GammaGamma {
  private GammaGamma() {}

  public record Params(double p, double q, double gamma) {
    public Params {
      if (!(p > 0 && q > 0 && gamma > 0)) {
        throw new IllegalArgumentException(
            "Gamma-Gamma parameters must be > 0: p=" + p + " q=" + q + " gamma=" + gamma);
      }
    }
  }

  /**
   * A maximum-likelihood fit.
   *
   * @param params the estimates
   * @param standardErrors in the order p, q, γ
   * @param logLikelihood the maximised log-likelihood
   * @param converged false when the optimiser did not reach its tolerance
   * @param message how the fit ended, in words
   * @param customers repeat buyers fitted
   */
  public record Fit(
      Params params,
      double[] standardErrors,
      double logLikelihood,
      boolean converged,
      String message,
      double customers) {}

  /**
   * Fits on the repeat buyers among the given customers (x &gt; 0); others are skipped, as the
   * model has nothing to learn from them.
   *
   * @param frequency repeat transactions per customer
   * @param monetaryValue their mean value per repeat transaction, &gt; 0 for repeat buyers
   */
  public static Fit fit(double[] frequency, double[] monetaryValue) {
    Likelihood ll = Likelihood.of(frequency, monetaryValue);
    if (ll.x.length < 2) {
      throw new IllegalArgumentException(
          "Gamma-Gamma needs at least two repeat buyers to fit; found " + ll.x.length);
    }
    // Start: a spread of p = 1 and q = 2 with the population mean γp/(q-1) at the observed mean.
    double mean = 0;
    for (double m : ll.m) {
      mean += m / ll.m.length;
    }
    MaximumLikelihood.Fit f = MaximumLikelihood.fit(ll, new double[] {1, 2, mean});
    double[] e = f.params();
    return new Fit(
        new Params(e[0], e[1], e[2]),
        f.standardErrors(),
        f.logLikelihood(),
        f.converged(),
        f.message(),
        ll.x.length);
  }

  /**
   * E(M | p, q, γ, m_x, x) = (q-1)/(px+q-1) × γp/(q-1) + px/(px+q-1) × m_x: the expected mean
   * transaction value of a customer, a weighted average of the population mean and their own. For a
   * customer without repeat transactions it is the population mean γp/(q-1).
   */
  public static double expectedAverageValue(Params g, double x, double monetaryValue) {
    double p = g.p();
    double q = g.q();
    if (!(q > 1)) {
      throw new IllegalArgumentException(
          "the Gamma-Gamma population mean γp/(q-1) needs q > 1: q=" + q);
    }
    double m = x > 0 ? monetaryValue : 0;
    return (g.gamma() + m * x) * p / (p * x + q - 1);
  }

  /** Pearson correlation of frequency and mean spend among repeat buyers (the model assumes ~0). */
  public static double frequencySpendCorrelation(double[] frequency, double[] monetaryValue) {
    Likelihood ll = Likelihood.of(frequency, monetaryValue);
    int n = ll.x.length;
    double mx = 0;
    double mm = 0;
    for (int i = 0; i < n; i++) {
      mx += ll.x[i] / (double) n;
      mm += ll.m[i] / n;
    }
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < n; i++) {
      double dx = ll.x[i] - mx;
      double dy = ll.m[i] - mm;
      sxy += dx * dy;
      sxx += dx * dx;
      syy += dy * dy;
    }
    return sxy / Math.sqrt(sxx * syy);
  }

  /**
   * The marginal likelihood of a customer's mean spend: Γ(px+q) / (Γ(px) Γ(q)) γ^q m_x^(px-1)
   * x^(px) / (γ + m_x x)^(px+q), with its gradient.
   */
  static final class Likelihood implements MaximumLikelihood.LogLikelihood {
    final int[] x;
    final double[] m;
    private final double[] lnM;
    private final int[] distinctX;
    private final int[] xIndex;

    private Likelihood(int[] x, double[] m) {
      this.x = x;
      this.m = m;
      this.lnM = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        lnM[i] = Math.log(m[i]);
      }
      this.distinctX = RfmData.distinctSorted(x);
      this.xIndex = new int[x.length];
      for (int i = 0; i < x.length; i++) {
        xIndex[i] = java.util.Arrays.binarySearch(distinctX, x[i]);
      }
    }

    static Likelihood of(double[] frequency, double[] monetaryValue) {
      if (frequency.length != monetaryValue.length) {
        throw new IllegalArgumentException(
            "frequency and monetary value must have one value per customer: "
                + frequency.length
                + ", "
                + monetaryValue.length);
      }
      int n = 0;
      for (int i = 0; i < frequency.length; i++) {
        if (frequency[i] > 0) {
          if (!(monetaryValue[i] > 0) || Double.isInfinite(monetaryValue[i])) {
            throw new IllegalArgumentException(
                "customer row "
                    + i
                    + ": frequency="
                    + frequency[i]
                    + ", monetary value="
                    + monetaryValue[i]
                    + ": the Gamma-Gamma model needs a mean spend > 0 for every repeat buyer");
          }
          n++;
        }
      }
      int[] x = new int[n];
      double[] m = new double[n];
      int k = 0;
      for (int i = 0; i < frequency.length; i++) {
        if (frequency[i] > 0) {
          x[k] = (int) frequency[i];
          m[k] = monetaryValue[i];
          k++;
        }
      }
      return new Likelihood(x, m);
    }

    @Override
    public int dimension() {
      return 3;
    }

    @Override
    public double customers() {
      return x.length;
    }

    /**
     * The gamma-function terms depend on x alone and are computed once per distinct x; each
     * customer then costs one logarithm.
     */
    @Override
    public double value(double[] params, double[] grad) {
      double p = params[0];
      double q = params[1];
      double gamma = params[2];
      int nx = distinctX.length;
      double[] lgRatio = new double[nx]; // ln Γ(px+q) - ln Γ(px) + px ln x
      double[] dP = new double[nx]; // ψ(px+q) - ψ(px) + ln x
      double[] psiPxQ = new double[nx];
      for (int k = 0; k < nx; k++) {
        double xk = distinctX[k];
        double px = p * xk;
        double lnX = Math.log(xk);
        lgRatio[k] = logGamma(px + q) - logGamma(px) + px * lnX;
        psiPxQ[k] = digamma(px + q);
        dP[k] = psiPxQ[k] - digamma(px) + lnX;
      }
      double lgQ = logGamma(q);
      double psiQ = digamma(q);
      double lnGamma = Math.log(gamma);
      double[] sum =
          MaximumLikelihood.sumInChunks(
              x.length,
              4,
              (from, to, acc) -> {
                for (int i = from; i < to; i++) {
                  int k = xIndex[i];
                  double px = p * x[i];
                  double total = gamma + m[i] * x[i];
                  double lnTotal = Math.log(total);
                  acc[0] += lgRatio[k] - lgQ + q * lnGamma + (px - 1) * lnM[i] - (px + q) * lnTotal;
                  acc[1] += x[i] * (dP[k] + lnM[i] - lnTotal);
                  acc[2] += psiPxQ[k] - psiQ + lnGamma - lnTotal;
                  acc[3] += q / gamma - (px + q) / total;
                }
              });
      grad[0] = sum[1];
      grad[1] = sum[2];
      grad[2] = sum[3];
      return sum[0];
    }
  }
}
