package dev.rapport.core;

import java.util.Locale;

/**
 * How a touch ended. A touch imported without an outcome is pending until a response on its channel
 * engages it or its channel's response window closes, which makes it {@link #UNENGAGED}.
 */
public enum Outcome {
  ENGAGED,
  UNENGAGED,
  BOUNCED,
  UNSUBSCRIBED,
  COMPLAINED;

  private static final Outcome[] VALUES = values();

  /** Computed once: ids are written for every event of every response. */
  private final String id = name().toLowerCase(Locale.ROOT);

  public String id() {
    return id;
  }

  public static Outcome ofOrdinal(int ordinal) {
    return VALUES[ordinal];
  }

  /**
   * Parses an outcome name, case-insensitively; "ignored" is accepted for unengaged.
   *
   * @throws IllegalArgumentException naming the value and the allowed set
   */
  public static Outcome parse(String text) {
    String key = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
    if (key.equals("IGNORED")) {
      return UNENGAGED;
    }
    for (Outcome o : VALUES) {
      if (o.name().equals(key)) {
        return o;
      }
    }
    throw new IllegalArgumentException(
        "unknown outcome '" + text + "'; expected one of " + Names.of(VALUES));
  }
}
