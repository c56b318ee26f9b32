package dev.rapport.io;

/**
 * Why one row was not imported (DESIGN §8): the file, the line, the field, its value and the rule
 * it breaks. Row-level problems (a short record, malformed JSON) have an empty field and value.
 *
 * @param file the input file's name
 * @param line the 1-based line where the record starts (for Parquet: the row)
 * @param field the column whose value breaks the rule; empty when the whole row does
 * @param value the value as read
 * @param rule the rule broken, e.g. {@code required identifier customer_id}
 */
public record Rejection(String file, long line, String field, String value, String rule) {
  /**
   * The reason as a sentence: {@code OnlineRetail.csv line 12: field CustomerID value '' breaks
   * rule 'required identifier customer_id'}, or {@code x.csv line 9: row has 3 fields, header has
   * 8} for a row-level problem.
   */
  public String message() {
    if (field.isEmpty()) {
      return file + " line " + line + ": " + rule;
    }
    return file
        + " line "
        + line
        + ": field "
        + field
        + " value '"
        + value
        + "' breaks rule '"
        + rule
        + "'";
  }

  @Override
  public String toString() {
    return message();
  }
}
