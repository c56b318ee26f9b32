package dev.rapport.core;

import java.util.Locale;

/** Where an interaction happened. A closed set so that per-channel statistics stay comparable. */
public enum Channel {
  EMAIL,
  SMS,
  PUSH,
  PHONE,
  CHAT,
  SOCIAL,
  WEB,
  APP,
  STORE,
  SUPPORT,
  MAIL,
  OTHER;

  private static final Channel[] VALUES = values();

  /** The lower-case name used in files, config and output. */
  /** Computed once: ids are written for every event of every response. */
  private final String id = name().toLowerCase(Locale.ROOT);

  public String id() {
    return id;
  }

  /**
   * True for the channels the business sends messages on (email, SMS, push, phone, mail): a
   * response there answers us, while a web or app visit is the customer's own initiative.
   */
  public boolean isMessageChannel() {
    return this == EMAIL || this == SMS || this == PUSH || this == PHONE || this == MAIL;
  }

  public static Channel ofOrdinal(int ordinal) {
    return VALUES[ordinal];
  }

  /**
   * Parses a channel name, case-insensitively.
   *
   * @throws IllegalArgumentException naming the value and the allowed set
   */
  public static Channel parse(String text) {
    String key = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
    for (Channel c : VALUES) {
      if (c.name().equals(key)) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "unknown channel '" + text + "'; expected one of " + Names.of(VALUES));
  }
}
