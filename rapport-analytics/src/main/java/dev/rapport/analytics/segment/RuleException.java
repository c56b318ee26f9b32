package dev.rapport.analytics.segment;

/**
 * A segment rule that cannot be used, with where and why: {@code line 1, column 14: expected a
 * number after '>', found "abc"}.
 */
public final class RuleException extends IllegalArgumentException {
  private final int line;
  private final int column;

  RuleException(int line, int column, String message) {
    super("line " + line + ", column " + column + ": " + message);
    this.line = line;
    this.column = column;
  }

  /** 1-based. */
  public int line() {
    return line;
  }

  /** 1-based. */
  public int column() {
    return column;
  }
}
