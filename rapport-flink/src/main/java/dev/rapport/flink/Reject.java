package dev.rapport.flink;

import dev.rapport.io.ItemError;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A record the job did not accept, kept with its reason: where it was, the record as sent, and
 * every field that broke a rule (field, value, rule), as {@code POST /v1/events} names them.
 */
public class Reject {
  /** {@code topic/partition@offset}, or {@code file:line} of a backfill. */
  public String source;

  public String raw;

  /** One line per error: {@code field=value: rule}. */
  public String errors;

  public Reject() {}

  static Reject of(String source, byte[] raw, List<ItemError> errors) {
    Reject r = new Reject();
    r.source = source;
    String text = new String(raw, StandardCharsets.UTF_8);
    r.raw = text.length() > 10_000 ? text.substring(0, 10_000) + "…" : text;
    StringBuilder b = new StringBuilder();
    for (ItemError e : errors) {
      if (b.length() > 0) {
        b.append('\n');
      }
      b.append(e.field().isEmpty() ? "(item)" : e.field())
          .append('=')
          .append(e.value())
          .append(": ")
          .append(e.rule());
    }
    r.errors = b.toString();
    return r;
  }

  @Override
  public String toString() {
    return source + ": " + errors;
  }
}
