package dev.rapport.store;

/**
 * Several nullable strings read from DuckDB as one: each written by SQL as {@code <length>:<text>}
 * or as {@code -} for NULL, with the length in code points (DuckDB's {@code length}), and read back
 * here in order. Length prefixes rather than separators, so that any text survives, whatever it
 * holds.
 *
 * <p>Why: the JDBC driver converts every VARCHAR cell of a result with its own JNI call, so reading
 * one packed string per row instead of six (plus three enum ids, read as codes) is what makes
 * {@link Store#forEachEvent} fast.
 */
final class PackedStrings {
  private final String packed;
  private int at;

  PackedStrings(String packed) {
    this.packed = packed;
  }

  /** The SQL expression that packs {@code columns} (column names, never values) in order. */
  static String sql(String... columns) {
    StringBuilder b = new StringBuilder("concat(");
    for (int i = 0; i < columns.length; i++) {
      String c = columns[i];
      b.append(i == 0 ? "" : ", ")
          .append("coalesce(length(")
          .append(c)
          .append(")::VARCHAR || ':' || ")
          .append(c)
          .append(", '-')");
    }
    return b.append(')').toString();
  }

  /** The next string, or null. */
  String next() {
    if (packed.charAt(at) == '-') {
      at++;
      return null;
    }
    int colon = packed.indexOf(':', at);
    int codePoints = Integer.parseInt(packed, at, colon, 10);
    int start = colon + 1;
    int end = packed.offsetByCodePoints(start, codePoints);
    at = end;
    return packed.substring(start, end);
  }
}
