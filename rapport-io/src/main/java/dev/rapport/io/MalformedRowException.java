package dev.rapport.io;

/**
 * A record that cannot be read as a row at all, such as a line of JSON Lines that is not a JSON
 * object. Thrown by {@link RowReader#next()}; the reader stays usable and the importer counts the
 * record as read and rejected.
 */
public final class MalformedRowException extends RuntimeException {
  private final long line;
  private final String raw;
  private final String rule;

  public MalformedRowException(long line, String raw, String rule) {
    super("line " + line + ": " + rule, null, false, false);
    this.line = line;
    this.raw = raw;
    this.rule = rule;
  }

  /** The 1-based line of the record. */
  public long line() {
    return line;
  }

  /** The record's text as it was in the file. */
  public String raw() {
    return raw;
  }

  /** What is wrong with it, e.g. {@code malformed JSON: Unexpected character ('}' ...)}. */
  public String rule() {
    return rule;
  }
}
