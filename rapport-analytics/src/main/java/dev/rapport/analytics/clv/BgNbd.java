package dev.rapport.analytics.clv;

import static org.hipparchus.special.Gamma.digamma;
import static org.hipparchus.special.Gamma.logGamma;

/**
 * The BG/NBD model of repeat purchasing: Fader, Hardie &amp; Lee (2005), "'Counting Your Customers'
 * the Easy Way: An Alternative to the Pareto/NBD Model", Marketing Science 24(2), 275-284.
 *
 * <p>While alive a customer buys as a Poisson process with rate λ ~ Gamma(r, α); after each
 * purchase they drop out with probability p ~ Beta(a, b). Equation numbers below are the paper's.
 */
public final class BgNbd {
  private BgNbd() {}

  /** The four population parameters. */
  public record Params(double r, double alpha, double a, double b) {
    public Params {
      if (!(r > 0 && alpha > 0 && a > 0 && b > 0)) {
        throw new IllegalArgumentException(
            "BG/NBD parameters must be > 0: r=" + r + " alpha=" + alpha + " a=" + a + " b=" + b);
      }
    }

    double[] array() {
      return new double[] {r, alpha, a, b};
    }

    static Params of(double[] p) {
      return new Params(p[0], p[1], p[2], p[3]);
    }
  }

  /**
   * A maximum-likelihood fit.
   *
   * @param params the estimates
   * @param standardErrors their standard errors (NaN where the information matrix is singular)
   * @param logLikelihood the maximised log-likelihood, eq. 6 summed over customers
   * @param converged false when the optimiser did not reach its tolerance: do not trust the fit
   * @param message how the fit ended, in words
   * @param customers customers fitted
   */
  public record Fit(
      Params params,
      double[] standardErrors,
      double logLikelihood,
      boolean converged,
      String message,
      double customers) {}

  /** Fits the model by maximum likelihood on (frequency, recency, T). */
  public static Fit fit(RfmData data) {
    if (data.customers() == 0) {
      throw new IllegalArgumentException("BG/NBD needs at least one customer to fit");
    }
    MaximumLikelihood.Fit f = MaximumLikelihood.fit(new Likelihood(data), start(data));
    return new Fit(
        Params.of(f.params()),
        f.standardErrors(),
        f.logLikelihood(),
        f.converged(),
        f.message(),
        data.customers());
  }

  /** The log-likelihood of the data, eq. 6 summed over customers. */
  public static double logLikelihood(Params p, RfmData data) {
    return new Likelihood(data).value(p.array(), new double[4]);
  }

  /**
   * One customer's log-likelihood, eq. 6 written out directly: the per-row form, used to check the
   * compressed sum and as the benchmark's baseline.
   */
  public static double logLikelihood(Params p, double x, double tx, double T) {
    double r = p.r();
    double alpha = p.alpha();
    double a = p.a();
    double b = p.b();
    double common =
        logGamma(r + x) - logGamma(r) + r * Math.log(alpha) + logBeta(a, b + x) - logBeta(a, b);
    double alive = -(r + x) * Math.log(alpha + T);
    if (x == 0) {
      return common + alive;
    }
    double dropped = Math.log(a / (b + x - 1)) - (r + x) * Math.log(alpha + tx);
    double top = Math.max(alive, dropped);
    return common + top + Math.log(Math.exp(alive - top) + Math.exp(dropped - top));
  }

  /**
   * A start the search reliably converges from: r/α matches the mean purchase rate (the method of
   * moments for the gamma part, ignoring dropout), and a Beta(1, 3) dropout.
   */
  static double[] start(RfmData d) {
    double purchases = 0;
    double time = 0;
    for (int i = 0; i < d.size(); i++) {
      purchases += d.count[i] * d.x[i];
      time += d.count[i] * d.t[i];
    }
    double rate = Math.max(purchases / time, 1e-6);
    return new double[] {1.0, 1.0 / rate, 1.0, 3.0};
  }

  /**
   * Eq. 6 in logs, with the gradient, summed over distinct triples. Terms that depend on x alone
   * (the log-gamma and digamma parts) and on T or t_x alone (their logarithms) are computed once
   * per distinct value.
   */
  static final class Likelihood implements MaximumLikelihood.LogLikelihood {
    private final RfmData d;
    private final double[] lnT;
    private final double[] invT;
    private final double[] lnTx;
    private final double[] invTx;

    Likelihood(RfmData d) {
      this.d = d;
      this.lnT = new double[d.distinctT.length];
      this.invT = new double[d.distinctT.length];
      this.lnTx = new double[d.distinctTx.length];
      this.invTx = new double[d.distinctTx.length];
    }

    @Override
    public int dimension() {
      return 4;
    }

    @Override
    public double customers() {
      return d.customers();
    }

    @Override
    public double value(double[] p, double[] grad) {
      double r = p[0];
      double alpha = p[1];
      double a = p[2];
      double b = p[3];
      for (int j = 0; j < lnT.length; j++) {
        lnT[j] = Math.log(alpha + d.distinctT[j]);
        invT[j] = 1 / (alpha + d.distinctT[j]);
      }
      for (int j = 0; j < lnTx.length; j++) {
        lnTx[j] = Math.log(alpha + d.distinctTx[j]);
        invTx[j] = 1 / (alpha + d.distinctTx[j]);
      }
      int nx = d.distinctX.length;
      // A1 + A2 of the log-likelihood and their derivatives, per distinct x.
      double[] base = new double[nx];
      double[] dBaseR = new double[nx];
      double[] dBaseA = new double[nx];
      double[] dBaseB = new double[nx];
      double[] lnA4 = new double[nx]; // ln(a / (b + x - 1)), for x > 0
      double lgR = logGamma(r);
      double psiR = digamma(r);
      double lgAB = logGamma(a + b);
      double lgB = logGamma(b);
      double psiAB = digamma(a + b);
      double psiB = digamma(b);
      double lnAlpha = Math.log(alpha);
      for (int k = 0; k < nx; k++) {
        int x = d.distinctX[k];
        base[k] =
            logGamma(r + x)
                - lgR
                + r * lnAlpha
                + lgAB
                + logGamma(b + x)
                - lgB
                - logGamma(a + b + x);
        double psiABx = digamma(a + b + x);
        dBaseR[k] = digamma(r + x) - psiR + lnAlpha;
        dBaseA[k] = psiAB - psiABx;
        dBaseB[k] = psiAB + digamma(b + x) - psiB - psiABx;
        lnA4[k] = x > 0 ? Math.log(a / (b + x - 1)) : 0;
      }
      Terms terms = new Terms(r, alpha, a, b, base, dBaseR, dBaseA, dBaseB, lnA4);
      double[] sum =
          MaximumLikelihood.sumInChunks(
              d.x.length, 5, (from, to, acc) -> accumulate(terms, from, to, acc));
      grad[0] = sum[1];
      grad[1] = sum[2];
      grad[2] = sum[3];
      grad[3] = sum[4];
      return sum[0];
    }

    /** The parameters and the per-x terms of one evaluation. */
    private record Terms(
        double r,
        double alpha,
        double a,
        double b,
        double[] base,
        double[] dBaseR,
        double[] dBaseA,
        double[] dBaseB,
        double[] lnA4) {}

    /**
     * Adds triples {@code [from, to)} to acc: log-likelihood, then d/dr, d/dα, d/da, d/db. The two
     * terms of eq. 6 are combined as top + log1p(e^(other - top)), one exponential per triple.
     */
    private void accumulate(Terms t, int from, int to, double[] acc) {
      double r = t.r();
      double alpha = t.alpha();
      double b = t.b();
      double invA = 1 / t.a();
      double rOverAlpha = r / alpha;
      double ll = 0;
      double gr = 0;
      double galpha = 0;
      double ga = 0;
      double gb = 0;
      for (int i = from; i < to; i++) {
        int k = d.xIndex[i];
        int x = d.x[i];
        double w = d.count[i];
        double rx = r + x;
        int tj = d.tIndex[i];
        double a3 = -rx * lnT[tj];
        double term;
        if (x > 0) {
          int xj = d.txIndex[i];
          double a4 = t.lnA4()[k] - rx * lnTx[xj];
          double w4;
          if (a3 >= a4) {
            double e = Math.exp(a4 - a3);
            term = a3 + Math.log1p(e);
            w4 = e / (1 + e);
          } else {
            double e = Math.exp(a3 - a4);
            term = a4 + Math.log1p(e);
            w4 = 1 / (1 + e);
          }
          double w3 = 1 - w4;
          gr += w * (t.dBaseR()[k] - w3 * lnT[tj] - w4 * lnTx[xj]);
          galpha += w * (rOverAlpha - rx * (w3 * invT[tj] + w4 * invTx[xj]));
          ga += w * (t.dBaseA()[k] + w4 * invA);
          gb += w * (t.dBaseB()[k] - w4 / (b + x - 1));
        } else {
          term = a3;
          gr += w * (t.dBaseR()[k] - lnT[tj]);
          galpha += w * (rOverAlpha - rx * invT[tj]);
          ga += w * t.dBaseA()[k];
          gb += w * t.dBaseB()[k];
        }
        ll += w * (t.base()[k] + term);
      }
      acc[0] = ll;
      acc[1] = gr;
      acc[2] = galpha;
      acc[3] = ga;
      acc[4] = gb;
    }
  }

  /**
   * P(alive | x, t_x, T): the chance a customer with this history has not yet dropped out (Fader,
   * Hardie &amp; Lee 2005, the expression following eq. 10; 1 for x = 0 by the model's assumption
   * that dropout happens only after a purchase).
   */
  public static double probabilityAlive(Params p, double x, double tx, double T) {
    if (x == 0) {
      return 1;
    }
    return 1 / (1 + odds(p, x, tx, T));
  }

  /**
   * δ(x&gt;0) a/(b+x-1) ((α+T)/(α+t_x))^(r+x), in logs until the end so it cannot overflow early.
   */
  private static double odds(Params p, double x, double tx, double T) {
    if (x == 0) {
      return 0;
    }
    return Math.exp(
        Math.log(p.a() / (p.b() + x - 1))
            + (p.r() + x) * Math.log((p.alpha() + T) / (p.alpha() + tx)));
  }

  /**
   * E[Y(t) | x, t_x, T]: expected purchases in the next {@code t} time units by a customer with
   * this history (eq. 10): P(alive) × {@link #expectedPurchasesIfAlive}.
   */
  public static double expectedPurchases(Params p, double t, double x, double tx, double T) {
    return t == 0 ? 0 : expectedPurchasesIfAlive(p, t, x, T) / (1 + odds(p, x, tx, T));
  }

  /**
   * Eq. 10's numerator, (a+b+x-1)/(a-1) [1 - ((α+T)/(α+T+t))^(r+x) 2F1(r+x, b+x; a+b+x-1;
   * t/(α+T+t))]: the expected purchases in the next {@code t} of a customer with x repeat purchases
   * and age T who is still alive. It does not depend on recency, which enters only through
   * P(alive); scoring uses this to compute the series once per distinct (x, T).
   */
  public static double expectedPurchasesIfAlive(Params p, double t, double x, double T) {
    if (t == 0) {
      return 0;
    }
    double r = p.r();
    double alpha = p.alpha();
    double a = p.a();
    double b = p.b();
    if (a == 1) {
      throw new IllegalArgumentException(
          "the BG/NBD conditional expectation is undefined at a = 1 (eq. 10 divides by a - 1)");
    }
    double z = t / (alpha + T + t);
    double hyp = Hypergeometric.f21(r + x, b + x, a + b + x - 1, z);
    double ratio = Math.exp((r + x) * Math.log((alpha + T) / (alpha + T + t)));
    return (a + b + x - 1) / (a - 1) * (1 - ratio * hyp);
  }

  /** E[X(t)]: expected purchases in a period of length {@code t} for a new customer (eq. 9). */
  public static double expectedPurchasesUnconditional(Params p, double t) {
    double r = p.r();
    double alpha = p.alpha();
    double a = p.a();
    double b = p.b();
    if (a == 1) {
      throw new IllegalArgumentException(
          "the BG/NBD expectation is undefined at a = 1 (eq. 9 divides by a - 1)");
    }
    double hyp = Hypergeometric.f21(r, b, a + b - 1, t / (alpha + t));
    return (a + b - 1) / (a - 1) * (1 - Math.pow(alpha / (alpha + t), r) * hyp);
  }

  /**
   * P(X(t) = n): the chance a new customer makes exactly n purchases in a period of length t (eq.
   * 8).
   */
  public static double probabilityOfPurchases(Params p, double t, int n) {
    double r = p.r();
    double alpha = p.alpha();
    double a = p.a();
    double b = p.b();
    double lnBab = logBeta(a, b);
    double lnQ = Math.log(alpha / (alpha + t));
    double lnP = Math.log(t / (alpha + t));
    double first =
        Math.exp(
            logBeta(a, b + n)
                - lnBab
                + logGamma(r + n)
                - logGamma(r)
                - logGamma(n + 1.0)
                + r * lnQ
                + n * lnP);
    if (n == 0) {
      return first;
    }
    double partial = 0;
    for (int j = 0; j < n; j++) {
      partial += Math.exp(logGamma(r + j) - logGamma(r) - logGamma(j + 1.0) + r * lnQ + j * lnP);
    }
    return first + Math.exp(logBeta(a + 1, b + n - 1) - lnBab) * (1 - partial);
  }

  static double logBeta(double a, double b) {
    return logGamma(a) + logGamma(b) - logGamma(a + b);
  }
}
