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
    double d = Double.parseDouble(s);
    return Double.isInfinite(d) ? Double.NaN : d;
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
