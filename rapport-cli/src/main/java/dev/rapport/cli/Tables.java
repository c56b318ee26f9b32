package dev.rapport.cli;

import java.util.List;

/** Plain-text tables for the terminal: the first column left-aligned, the rest right-aligned. */
final class Tables {
  private Tables() {}

  /** Renders rows (the first is the header) with a rule under the header. */
  static String render(List<String[]> rows) {
    int cols = rows.stream().mapToInt(r -> r.length).max().orElse(0);
    int[] width = new int[cols];
    for (String[] r : rows) {
      for (int c = 0; c < r.length; c++) {
        width[c] = Math.max(width[c], r[c] == null ? 0 : r[c].length());
      }
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < rows.size(); i++) {
      String[] r = rows.get(i);
      for (int c = 0; c < cols; c++) {
        String v = c < r.length && r[c] != null ? r[c] : "";
        if (c > 0) {
          b.append("  ");
        }
        String pad = " ".repeat(width[c] - v.length());
        b.append(c == 0 ? v + pad : pad + v);
      }
      b.setLength(stripEnd(b));
      b.append('\n');
      if (i == 0) {
        int total = 0;
        for (int w : width) {
          total += w;
        }
        b.append("-".repeat(total + 2 * (cols - 1))).append('\n');
      }
    }
    return b.toString();
  }

  private static int stripEnd(StringBuilder b) {
    int n = b.length();
    while (n > 0 && b.charAt(n - 1) == ' ') {
      n--;
    }
    return n;
  }
}
