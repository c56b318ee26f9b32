package dev.rapport.analytics.clv;

/**
 * The Gaussian hypergeometric function 2F1(a, b; c; z) for 0 ≤ z &lt; 1, as the CLV models need it:
 * all of a, b, c positive, so every term of the series is positive and summing it has no
 * cancellation. The terms are built by their ratio, t(k+1) = t(k) (a+k)(b+k) / ((c+k)(k+1)) z, and
 * summed until a term no longer changes the sum in the 16th digit.
 */
final class Hypergeometric {
  private Hypergeometric() {}

  /** Enough for z up to about 0.9999 at double precision; beyond it we fail rather than guess. */
  static final int MAX_TERMS = 1_000_000;

  static double f21(double a, double b, double c, double z) {
    if (!(z >= 0 && z < 1) || !(a > 0 && b > 0 && c > 0)) {
      throw new IllegalArgumentException(
          "2F1 is summed here only for a, b, c > 0 and 0 <= z < 1: a="
              + a
              + " b="
              + b
              + " c="
              + c
              + " z="
              + z);
    }
    double term = 1;
    double sum = 1;
    for (int k = 0; k < MAX_TERMS; k++) {
      term *= (a + k) * (b + k) / ((c + k) * (k + 1)) * z;
      double next = sum + term;
      if (next == sum) {
        return sum;
      }
      sum = next;
    }
    throw new ArithmeticException(
        "2F1("
            + a
            + ", "
            + b
            + "; "
            + c
            + "; "
            + z
            + ") did not converge in "
            + MAX_TERMS
            + " terms");
  }
}
