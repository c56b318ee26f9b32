package dev.rapport.analytics.clv;

import static org.hipparchus.special.Gamma.logGamma;

/**
 * The Pareto/NBD model: Schmittlein, Morrison &amp; Colombo (1987), "Counting Your Customers: Who
 * Are They and What Will They Do Next?", Management Science 33(1), in the form of Fader &amp;
 * Hardie (2005), "A Note on Deriving the Pareto/NBD Model and Related Expressions"
 * (brucehardie.com/notes/009), whose expressions are implemented below.
 *
 * <p>While alive a customer buys as a Poisson process with rate λ ~ Gamma(r, α); their lifetime is
 * exponential with rate μ ~ Gamma(s, β).
 *
 * <p><b>Numerics.</b> The likelihood's A0 term is a difference of two Gaussian hypergeometric
 * terms. Each 2F1 is summed after Euler's transformation, 2F1(a, b; c; z) = (1 - z)^(c-a-b)
 * 2F1(c-a, c-b; c; z), which turns the slowly converging series with c = a + 1 into one whose terms
 * fall at least geometrically with z; the two terms are combined in logs, A0 = e^l1 (1 -
 * e^(l2-l1)), with {@code expm1}, so nothing overflows and the difference keeps its digits until
 * t_x is within about 1e-10 of T (when A0 is 0 to that precision anyway). The gradient is taken by
 * central differences: the model is fitted on population samples, not in the million-customer hot
 * path, where BG/NBD with its analytic gradient is used.
 */
public final class ParetoNbd {
  private ParetoNbd() {}

  /** The four population parameters: purchase rate Gamma(r, α), dropout rate Gamma(s, β). */
  public record Params(double r, double alpha, double s, double beta) {
    public Params {
      if (!(r > 0 && alpha > 0 && s > 0 && beta > 0)) {
        throw new IllegalArgumentException(
            "Pareto/NBD parameters must be > 0: r="
                + r
                + " alpha="
                + alpha
                + " s="
                + s
                + " beta="
                + beta);
      }
    }

    double[] array() {
      return new double[] {r, alpha, s, beta};
    }

    static Params of(double[] p) {
      return new Params(p[0], p[1], p[2], p[3]);
    }
  }

  /**
   * A maximum-likelihood fit.
   *
   * @param params the estimates
   * @param standardErrors their standard errors, in the order r, α, s, β
   * @param logLikelihood the maximised log-likelihood
   * @param converged false when the optimiser did not reach its tolerance
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

  public static Fit fit(RfmData data) {
    if (data.customers() == 0) {
      throw new IllegalArgumentException("Pareto/NBD needs at least one customer to fit");
    }
    double[] bg = BgNbd.start(data);
    double[] start = {bg[0], bg[1], 1.0, 10.0};
    MaximumLikelihood.Fit f = MaximumLikelihood.fit(new Likelihood(data), start);
    return new Fit(
        Params.of(f.params()),
        f.standardErrors(),
        f.logLikelihood(),
        f.converged(),
        f.message(),
        data.customers());
  }

  public static double logLikelihood(Params p, RfmData data) {
    return Likelihood.sum(p.array(), data);
  }

  /**
   * ln of one customer's likelihood: Γ(r+x) α^r β^s / Γ(r) × [(α+T)^-(r+x) (β+T)^-s + s/(r+s+x)
   * A0], the first term for a customer still alive at T, the second for one who left after t_x.
   */
  static double logLikelihood(double[] p, int x, double tx, double T) {
    double r = p[0];
    double alpha = p[1];
    double s = p[2];
    double beta = p[3];
    double front = logGamma(r + x) - logGamma(r) + r * Math.log(alpha) + s * Math.log(beta);
    double lnStillAlive = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
    double lnA0 = lnA0(r, alpha, s, beta, x, tx, T);
    double lnDied = Math.log(s / (r + s + x)) + lnA0;
    return front + logAdd(lnStillAlive, lnDied);
  }

  /**
   * ln A0, in its α ≥ β or α &lt; β form (each keeps the 2F1 argument in [0, 1)); -infinity when
   * t_x = T (A0 = 0).
   */
  static double lnA0(double r, double alpha, double s, double beta, int x, double tx, double T) {
    double rsx = r + s + x;
    double l1;
    double l2;
    if (alpha >= beta) {
      l1 = lnF21Upper(r, s, x, (alpha - beta) / (alpha + tx), true) - rsx * Math.log(alpha + tx);
      l2 = lnF21Upper(r, s, x, (alpha - beta) / (alpha + T), true) - rsx * Math.log(alpha + T);
    } else {
      l1 = lnF21Upper(r, s, x, (beta - alpha) / (beta + tx), false) - rsx * Math.log(beta + tx);
      l2 = lnF21Upper(r, s, x, (beta - alpha) / (beta + T), false) - rsx * Math.log(beta + T);
    }
    if (l2 >= l1) {
      return Double.NEGATIVE_INFINITY;
    }
    return l1 + Math.log(-Math.expm1(l2 - l1));
  }

  /**
   * ln 2F1(r+s+x, b; r+s+x+1; z) with b = s+1 (α ≥ β) or b = r+x (α &lt; β), by Euler's
   * transformation: (1-z)^(c-a-b) 2F1(1, c-b; c; z).
   */
  private static double lnF21Upper(double r, double s, int x, double z, boolean alphaFirst) {
    double c = r + s + x + 1;
    double b = alphaFirst ? s + 1 : r + x;
    double exponent = c - (r + s + x) - b; // -s or 1-r-x
    return exponent * Math.log1p(-z) + Math.log(Hypergeometric.f21(1, c - b, c, z));
  }

  private static double logAdd(double a, double b) {
    if (b == Double.NEGATIVE_INFINITY) {
      return a;
    }
    double m = Math.max(a, b);
    return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
  }

  /** The log-likelihood over distinct triples; the gradient by central differences in logs. */
  static final class Likelihood implements MaximumLikelihood.LogLikelihood {
    private final RfmData d;

    Likelihood(RfmData d) {
      this.d = d;
    }

    @Override
    public int dimension() {
      return 4;
    }

    @Override
    public double customers() {
      return d.customers();
    }

    static double sum(double[] p, RfmData d) {
      double ll = 0;
      for (int i = 0; i < d.x.length; i++) {
        ll += d.count[i] * logLikelihood(p, d.x[i], d.tx[i], d.t[i]);
      }
      return ll;
    }

    @Override
    public double value(double[] p, double[] grad) {
      for (int j = 0; j < 4; j++) {
        double h = 1e-6 * p[j];
        double[] up = p.clone();
        double[] down = p.clone();
        up[j] += h;
        down[j] -= h;
        grad[j] = (sum(up, d) - sum(down, d)) / (2 * h);
      }
      return sum(p, d);
    }
  }

  /** P(alive | x, t_x, T) = 1 / (1 + s/(r+s+x) (α+T)^(r+x) (β+T)^s A0). */
  public static double probabilityAlive(Params p, double x, double tx, double T) {
    double r = p.r();
    double s = p.s();
    double lnA0 = lnA0(r, p.alpha(), s, p.beta(), (int) x, tx, T);
    double lnOdds =
        Math.log(s / (r + s + x))
            + (r + x) * Math.log(p.alpha() + T)
            + s * Math.log(p.beta() + T)
            + lnA0;
    return 1 / (1 + Math.exp(lnOdds));
  }

  /**
   * E[Y(t) | x, t_x, T] = (r+x)(β+T) / ((α+T)(s-1)) × [1 - ((β+T)/(β+T+t))^(s-1)] × P(alive):
   * expected purchases in the next {@code t} time units; undefined at s = 1.
   */
  public static double expectedPurchases(Params p, double t, double x, double tx, double T) {
    double r = p.r();
    double alpha = p.alpha();
    double s = p.s();
    double beta = p.beta();
    if (s == 1) {
      throw new IllegalArgumentException(
          "the Pareto/NBD conditional expectation is undefined at s = 1 (it divides by s - 1)");
    }
    double front = (r + x) * (beta + T) / ((alpha + T) * (s - 1));
    double decay = 1 - Math.pow((beta + T) / (beta + T + t), s - 1);
    return front * decay * probabilityAlive(p, x, tx, T);
  }
}
