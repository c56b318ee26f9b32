package dev.rapport.core.kpi;

import java.util.Locale;

/** The event counts behind the KPIs, each counted once per event in {@link KpiTracker}. */
public enum KpiCount {
  /** Touches sent (held-out assignments excluded: nothing was sent). */
  TOUCHES,
  /** Touches answered on their channel within its response window, or recorded as engaged. */
  ENGAGED,
  /** Touches whose response window closed unanswered, or recorded as ignored. */
  UNENGAGED,
  BOUNCED,
  /** Unsubscribes: touches with that outcome and unsubscribe events. */
  UNSUBSCRIBES,
  /** Complaints: touches with that outcome and complaint events. */
  COMPLAINTS,
  /** Inbound response events (open, click, reply, visit). */
  RESPONSES,
  PURCHASES,
  RETURNS,
  /** Surveys of any scale, scored or not. */
  SURVEYS,
  CSAT_ANSWERS,
  CSAT_SATISFIED,
  NPS_ANSWERS,
  PROMOTERS,
  DETRACTORS,
  CES_ANSWERS,
  TICKETS,
  REFERRALS,
  REVIEWS,
  SIGNUPS,
  CANCELS;

  public static final int COUNT = values().length;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
