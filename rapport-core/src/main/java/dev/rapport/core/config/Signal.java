package dev.rapport.core.config;

import java.util.Locale;

/**
 * The components of the engagement score. Each interaction feeds one signal; the score's
 * explanation is phrased in these terms.
 */
public enum Signal {
  /** A purchase. */
  PURCHASE,
  /** An engaged response to a touch, or a response the customer made on their own. */
  RESPONSE,
  /** Other customer-initiated contact: tickets, surveys, sign-ups. */
  INBOUND,
  /** Referrals and reviews. */
  ADVOCACY,
  /** A touch that got no engaged response in its window. */
  IGNORED,
  BOUNCED,
  UNSUBSCRIBED,
  COMPLAINED,
  RETURNED,
  CANCELLED;

  /** Computed once: ids are written for every event of every response. */
  private final String id = name().toLowerCase(Locale.ROOT);

  public String id() {
    return id;
  }
}
