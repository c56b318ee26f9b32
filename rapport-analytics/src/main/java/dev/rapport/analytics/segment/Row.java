package dev.rapport.analytics.segment;

/** One customer's values, by {@link Schema} position. */
public interface Row {
  /** A number field's value; NaN when unknown (e.g. the frequency of someone who never bought). */
  double number(int field);

  /** A text field's value; null when unknown. */
  String text(int field);
}
