package dev.rapport.io;

/**
 * Why one item (of an ingested batch, or one Kafka record) was not accepted: its position, the
 * field, the value as sent and the rule it breaks. Item-level problems (malformed JSON, not an
 * object) have an empty field.
 *
 * @param index the 0-based position of the item in the batch
 * @param line the 1-based line of the body where the item starts
 * @param field the field whose value breaks the rule, e.g. {@code identifiers.email}
 * @param value the value as sent, cut to 200 characters
 * @param rule the rule broken
 */
public record ItemError(int index, long line, String field, String value, String rule) {
  public static final int MAX_VALUE = 200;

  public static ItemError of(int index, long line, String field, String value, String rule) {
    String v = value == null ? "" : value;
    if (v.length() > MAX_VALUE) {
      v = v.substring(0, MAX_VALUE) + "…";
    }
    return new ItemError(index, line, field, v, rule);
  }
}
