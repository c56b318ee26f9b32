package dev.rapport.io;

/**
 * Thrown inside a mapper to stop mapping a row; caught at the row boundary and turned into a {@link
 * Rejection}. No stack trace: rejections can be frequent and the trace would say nothing.
 */
final class RowRejected extends RuntimeException {
  final String field;
  final String value;
  final String rule;

  RowRejected(String field, String value, String rule) {
    super(rule, null, false, false);
    this.field = field;
    this.value = value;
    this.rule = rule;
  }

  Rejection at(String file, long line) {
    return new Rejection(file, line, field, value, rule);
  }
}
