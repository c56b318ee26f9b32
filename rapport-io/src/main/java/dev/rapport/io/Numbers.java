package dev.rapport.io;

/**
 * Strict decimal numbers: an optional sign, digits with '.' as the decimal point, an optional
 * exponent. Thousands separators, decimal commas, currency signs, "NaN" and "Infinity" are not
 * numbers here: a value such as "1,234.5" is rejected, never guessed. Hand-written rather than a
 * regular expression because it runs for every numeric field of every row.
 */
final class Numbers {
  private Numbers() {}

  /**
   * The value of a strict decimal (surrounding blanks ignored), or NaN when the text is not one or
   * its value is not finite.
   */
  static double parse(String text) {
    String s = text.strip();
    if (!isDecimal(s)) {
      return Double.NaN;
    }
    double fast = exactShortDecimal(s);
    if (!Double.isNaN(fast)) {
      return fast;
    }
    double d = Double.parseDouble(s);
    return Double.isInfinite(d) ? Double.NaN : d;
  }

  private static final double[] POWERS_OF_TEN = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22
  };

  /**
   * A plain decimal such as {@code -177.21} (at most 15 digits, no exponent) parsed as digits /
   * 10^k, or NaN for anything else. Both operands are exact doubles (digits < 2^53, k <= 22), so
   * the one division is correctly rounded and the result equals {@link Double#parseDouble}'s
   * (Clinger 1990, "How to read floating point numbers accurately"), at a fraction of its cost.
   */
  static double exactShortDecimal(String s) {
    int n = s.length();
    int i = 0;
    boolean negative = false;
    if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
      negative = s.charAt(i) == '-';
      i++;
    }
    long digits = 0;
    int count = 0;
    int fraction = -1;
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        digits = digits * 10 + (c - '0');
        if (++count > 15) {
          return Double.NaN;
        }
        if (fraction >= 0) {
          fraction++;
        }
      } else if (c == '.' && fraction < 0) {
        fraction = 0;
      } else {
        return Double.NaN;
      }
    }
    if (count == 0) {
      return Double.NaN;
    }
    double v = fraction <= 0 ? digits : digits / POWERS_OF_TEN[fraction];
    return negative ? -v : v;
  }

  /** True when {@code s} (already stripped) is a strict decimal. */
  static boolean isDecimal(String s) {
    int n = s.length();
    int i = 0;
    if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      i++;
    }
    int digits = 0;
    while (i < n && isDigit(s.charAt(i))) {
      i++;
      digits++;
    }
    if (i < n && s.charAt(i) == '.') {
      i++;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
        digits++;
      }
    }
    if (digits == 0) {
      return false;
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      int exp = 0;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
        exp++;
      }
      if (exp == 0) {
        return false;
      }
    }
    return i == n;
  }

  /** True when the text (surrounding blanks ignored) is an optionally signed run of digits. */
  static boolean isInteger(String text) {
    String s = text.strip();
    int n = s.length();
    int i = 0;
    if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      i++;
    }
    if (i == n) {
      return false;
    }
    for (; i < n; i++) {
      if (!isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
