package dev.rapport.core;

import java.util.Locale;

/**
 * What happened. {@link #TOUCH} is the only business-initiated kind; all others are the customer's
 * own actions (inbound activity), except {@link #CONSENT}, which records a permission change.
 */
public enum Kind {
  /** Business to customer: a send, call, impression or offer. */
  TOUCH,
  /** The customer answers a touch or acts on a channel: open, click, reply, visit. */
  RESPONSE,
  PURCHASE,
  RETURN,
  SURVEY,
  /** A support ticket event; its status (opened, replied, resolved) is in the attributes. */
  TICKET,
  REFERRAL,
  REVIEW,
  SIGNUP,
  CANCEL,
  UNSUBSCRIBE,
  COMPLAINT,
  CONSENT;

  private static final Kind[] VALUES = values();

  /** Computed once: ids are written for every event of every response. */
  private final String id = name().toLowerCase(Locale.ROOT);

  public String id() {
    return id;
  }

  public static Kind ofOrdinal(int ordinal) {
    return VALUES[ordinal];
  }

  /** True for the customer's own actions: everything except touches and consent records. */
  public boolean isInbound() {
    return this != TOUCH && this != CONSENT;
  }

  /**
   * Parses a kind name, case-insensitively.
   *
   * @throws IllegalArgumentException naming the value and the allowed set
   */
  public static Kind parse(String text) {
    String key = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
    for (Kind k : VALUES) {
      if (k.name().equals(key)) {
        return k;
      }
    }
    throw new IllegalArgumentException(
        "unknown kind '" + text + "'; expected one of " + Names.of(VALUES));
  }
}
