package dev.rapport.analytics.style;

import java.util.Locale;

/** The five engagement styles of DESIGN §1. */
public enum EngagementStyle {
  /** Single efficient exchanges: buys without answering. */
  TRANSACTIONAL,
  /** Long-term and personal: answers our touches, takes our calls. */
  RELATIONAL,
  /** Responds to data-driven, targeted offers: buys right after answering one. */
  BEHAVIORAL,
  /** Feelings and experience: strong feedback, complaints, tickets. */
  EMOTIONAL,
  /** Community and peers: refers, reviews, is active on social. */
  SOCIAL;

  /** Computed once: ids are written for every event of every response. */
  private final String id = name().toLowerCase(Locale.ROOT);

  public String id() {
    return id;
  }
}
