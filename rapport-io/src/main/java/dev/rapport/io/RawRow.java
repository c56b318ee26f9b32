package dev.rapport.io;

import java.util.Arrays;

/**
 * One record of an input file before mapping: its raw field values in the order of the reader's
 * {@link RowReader#columns() columns}.
 *
 * @param line the 1-based physical line where the record starts (for Parquet: the 1-based row)
 * @param values the fields as read; the array is not copied and must not be changed
 */
public record RawRow(long line, String[] values) {
  @Override
  public boolean equals(Object o) {
    return o instanceof RawRow
        && ((RawRow) o).line == line
        && Arrays.equals(((RawRow) o).values, values);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(line) * 31 + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "RawRow[line=" + line + ", values=" + Arrays.toString(values) + "]";
  }
}
