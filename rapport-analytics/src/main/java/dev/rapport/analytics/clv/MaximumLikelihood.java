package dev.rapport.analytics.clv;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.IntStream;
import org.hipparchus.linear.LUDecomposition;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.PointValuePair;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.hipparchus.optim.nonlinear.scalar.noderiv.SimplexOptimizer;

/**
 * Maximum-likelihood fitting of a model with positive parameters, shared by the CLV models.
 *
 * <p>The search runs on the logarithms of the parameters, so every point it tries is a valid model,
 * and minimises the negative log-likelihood per customer. The main search is BFGS with an Armijo
 * backtracking line search on the model's analytic gradient (Nocedal &amp; Wright, Numerical
 * Optimization, 2nd ed., algorithm 6.1): Hipparchus has no quasi-Newton method, and its
 * conjugate-gradient optimiser spends a Brent line search of many likelihood evaluations per step,
 * which is what a million-customer fit cannot afford. When BFGS does not meet its gradient
 * tolerance, Hipparchus' Nelder-Mead simplex continues from where it stopped; a fit that meets
 * neither test is returned with {@code converged = false} and the reason, never silently.
 *
 * <p>Standard errors come from the inverse of the observed information, the negative Hessian of the
 * log-likelihood at the optimum, taken by central differences of the analytic gradient on the
 * natural parameter scale and inverted with Hipparchus' LU decomposition.
 */
final class MaximumLikelihood {
  private MaximumLikelihood() {}

  /** A log-likelihood summed over customers, with its gradient. */
  interface LogLikelihood {
    int dimension();

    /**
     * @param params the parameters, all positive
     * @param gradient receives the gradient with respect to {@code params}
     * @return the log-likelihood; NaN or -infinity where the model cannot be evaluated
     */
    double value(double[] params, double[] gradient);

    /** Customers the sum runs over, to scale the search. */
    double customers();
  }

  /**
   * The outcome of a fit.
   *
   * @param params the maximum-likelihood estimates
   * @param standardErrors from the inverse observed information; NaN when it is not positive
   *     definite
   * @param logLikelihood at {@code params}
   * @param converged whether the gradient test was met
   * @param iterations BFGS iterations plus simplex evaluations spent
   * @param message how the search ended, in words
   */
  record Fit(
      double[] params,
      double[] standardErrors,
      double logLikelihood,
      boolean converged,
      int iterations,
      String message) {}

  /** Adds rows {@code [from, to)} into {@code acc}, which starts at zero. */
  interface ChunkSum {
    void add(int from, int to, double[] acc);
  }

  /** Below this many rows one thread sums them all. */
  static final int PARALLEL_FROM = 50_000;

  static final int CHUNKS = 16;

  /**
   * Sums {@code width} quantities over {@code n} rows in fixed chunks, on all cores, adding the
   * chunks' partial sums in chunk order: the total is the same whatever the threads' timing, so a
   * fit is reproducible to the last bit.
   */
  static double[] sumInChunks(int n, int width, ChunkSum f) {
    int chunks = n < PARALLEL_FROM ? 1 : CHUNKS;
    double[][] partial = new double[chunks][width];
    IntStream.range(0, chunks)
        .parallel()
        .forEach(
            c ->
                f.add(
                    (int) ((long) n * c / chunks),
                    (int) ((long) n * (c + 1) / chunks),
                    partial[c]));
    double[] sum = new double[width];
    for (double[] part : partial) {
      for (int k = 0; k < width; k++) {
        sum[k] += part[k];
      }
    }
    return sum;
  }

  /** Largest |gradient| per customer on the log scale that counts as the optimum. */
  static final double GRADIENT_TOLERANCE = 1e-7;

  static final int MAX_ITERATIONS = 500;

  static Fit fit(LogLikelihood ll, double[] start) {
    int d = ll.dimension();
    double scale = 1.0 / ll.customers();
    double[] u = new double[d];
    for (int i = 0; i < d; i++) {
      u[i] = Math.log(start[i]);
    }
    double[] g = new double[d];
    double f = objective(ll, u, g, scale);
    if (!Double.isFinite(f)) {
      throw new IllegalArgumentException(
          "the log-likelihood cannot be evaluated at the start " + Arrays.toString(start));
    }
    double[][] h = identity(d); // inverse Hessian estimate
    double[] gNew = new double[d];
    double[] uNew = new double[d];
    double[] p = new double[d];
    int it = 0;
    boolean converged = maxAbs(g) < GRADIENT_TOLERANCE;
    while (!converged && it < MAX_ITERATIONS) {
      it++;
      for (int i = 0; i < d; i++) {
        p[i] = 0;
        for (int j = 0; j < d; j++) {
          p[i] -= h[i][j] * g[j];
        }
      }
      double slope = dot(p, g);
      if (!(slope < 0)) { // not a descent direction: restart from steepest descent
        h = identity(d);
        for (int i = 0; i < d; i++) {
          p[i] = -g[i];
        }
        slope = dot(p, g);
      }
      double step = 1;
      double fNew = Double.NaN;
      for (int tries = 0; tries < 60; tries++) {
        for (int i = 0; i < d; i++) {
          uNew[i] = u[i] + step * p[i];
        }
        fNew = objective(ll, uNew, gNew, scale);
        if (Double.isFinite(fNew) && fNew <= f + 1e-4 * step * slope) {
          break;
        }
        step *= 0.5;
        fNew = Double.NaN;
      }
      if (Double.isNaN(fNew)) {
        break; // no step along p lowers the objective: leave it to the simplex
      }
      double[] s = new double[d];
      double[] y = new double[d];
      for (int i = 0; i < d; i++) {
        s[i] = uNew[i] - u[i];
        y[i] = gNew[i] - g[i];
      }
      double sy = dot(s, y);
      if (sy > 1e-18) {
        update(h, s, y, sy);
      }
      System.arraycopy(uNew, 0, u, 0, d);
      System.arraycopy(gNew, 0, g, 0, d);
      f = fNew;
      converged = maxAbs(g) < GRADIENT_TOLERANCE;
    }
    String message;
    if (converged) {
      message = String.format(Locale.ROOT, "converged in %d BFGS iterations", it);
    } else {
      int[] evals = new int[1];
      double[] polished = simplex(ll, u, scale, evals);
      it += evals[0];
      double fPolished = objective(ll, polished, gNew, scale);
      if (Double.isFinite(fPolished) && fPolished <= f) {
        u = polished;
        f = fPolished;
        System.arraycopy(gNew, 0, g, 0, d);
      }
      converged = maxAbs(g) < 100 * GRADIENT_TOLERANCE;
      message =
          converged
              ? String.format(
                  Locale.ROOT,
                  "converged after the Nelder-Mead simplex (%d iterations and evaluations)",
                  it)
              : String.format(
                  Locale.ROOT,
                  "did not converge: the largest gradient per customer is %.2e after %d"
                      + " iterations and evaluations; the estimates may be unreliable",
                  maxAbs(g),
                  it);
    }
    double[] params = new double[d];
    for (int i = 0; i < d; i++) {
      params[i] = Math.exp(u[i]);
    }
    double logLik = ll.value(params, new double[d]);
    return new Fit(params, standardErrors(ll, params), logLik, converged, it, message);
  }

  /** Negative log-likelihood per customer at exp(u), with its gradient with respect to u. */
  private static double objective(LogLikelihood ll, double[] u, double[] gu, double scale) {
    int d = u.length;
    double[] theta = new double[d];
    for (int i = 0; i < d; i++) {
      theta[i] = Math.exp(u[i]);
      if (!(theta[i] > 0) || Double.isInfinite(theta[i])) {
        return Double.NaN;
      }
    }
    double[] gt = new double[d];
    double v = ll.value(theta, gt);
    for (int i = 0; i < d; i++) {
      gu[i] = -gt[i] * theta[i] * scale;
    }
    return -v * scale;
  }

  private static double[] simplex(LogLikelihood ll, double[] u, double scale, int[] evals) {
    int d = u.length;
    double[] scratch = new double[d];
    SimplexOptimizer nm = new SimplexOptimizer(1e-15, 1e-15);
    PointValuePair best =
        nm.optimize(
            new MaxEval(20_000),
            new ObjectiveFunction(
                point -> {
                  double v = objective(ll, point, scratch, scale);
                  return Double.isFinite(v) ? v : Double.MAX_VALUE;
                }),
            GoalType.MINIMIZE,
            new InitialGuess(u),
            new NelderMeadSimplex(d, 0.05));
    evals[0] = nm.getEvaluations();
    return best.getPoint();
  }

  /**
   * Square roots of the diagonal of the inverse observed information; NaN if it is not invertible.
   */
  static double[] standardErrors(LogLikelihood ll, double[] params) {
    int d = params.length;
    double[][] hess = new double[d][d];
    double[] up = new double[d];
    double[] down = new double[d];
    for (int j = 0; j < d; j++) {
      double hj = 1e-5 * params[j];
      double[] plus = params.clone();
      double[] minus = params.clone();
      plus[j] += hj;
      minus[j] -= hj;
      ll.value(plus, up);
      ll.value(minus, down);
      for (int i = 0; i < d; i++) {
        hess[i][j] = (up[i] - down[i]) / (2 * hj);
      }
    }
    double[] se = new double[d];
    Arrays.fill(se, Double.NaN);
    RealMatrix information = MatrixUtils.createRealMatrix(d, d);
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        information.setEntry(i, j, -(hess[i][j] + hess[j][i]) / 2);
      }
    }
    LUDecomposition lu = new LUDecomposition(information);
    if (!lu.getSolver().isNonSingular()) {
      return se;
    }
    RealMatrix covariance = lu.getSolver().getInverse();
    for (int i = 0; i < d; i++) {
      double v = covariance.getEntry(i, i);
      se[i] = v > 0 ? Math.sqrt(v) : Double.NaN;
    }
    return se;
  }

  /** The BFGS update of the inverse Hessian estimate (Nocedal &amp; Wright eq. 6.17). */
  private static void update(double[][] h, double[] s, double[] y, double sy) {
    int d = s.length;
    double rho = 1 / sy;
    double[] hy = new double[d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        hy[i] += h[i][j] * y[j];
      }
    }
    double yhy = dot(y, hy);
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        h[i][j] += -rho * (hy[i] * s[j] + s[i] * hy[j]) + (rho * rho * yhy + rho) * s[i] * s[j];
      }
    }
  }

  private static double[][] identity(int d) {
    double[][] m = new double[d][d];
    for (int i = 0; i < d; i++) {
      m[i][i] = 1;
    }
    return m;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static double maxAbs(double[] a) {
    double m = 0;
    for (double v : a) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }
}
