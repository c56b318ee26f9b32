package dev.rapport.core;

import java.util.Locale;

/**
 * The part of an interaction beyond channel, kind and outcome that rules need: which scale a survey
 * score is on, and what a ticket event records. Read from the canonical record: a survey's scale
 * from its {@code survey_type} attribute or, failing that, a campaign named {@code csat}, {@code
 * nps} or {@code ces}; a ticket's step from its {@code ticket_status} attribute ({@code opened},
 * {@code replied}, {@code resolved}). A survey of unknown scale is inbound activity but no
 * satisfaction signal: Rapport does not guess whether a 5 is out of 5 or out of 10. A touch with
 * {@code holdout=true} is a control-group assignment ({@link #HELD_OUT}).
 */
public enum EventDetail {
  NONE,
  CSAT,
  NPS,
  CES,
  TICKET_OPENED,
  TICKET_REPLIED,
  TICKET_RESOLVED,
  CONSENT_GRANTED,
  CONSENT_WITHDRAWN,
  /**
   * A touch row with {@code holdout=true}: the customer was assigned to a campaign's control group
   * and sent nothing. Kept in the log for the lift measurement; the fold skips it, since counting
   * it as a touch would give held-out customers contact pressure and ignored touches they never
   * had.
   */
  HELD_OUT;

  private static final EventDetail[] VALUES = values();

  public static EventDetail ofOrdinal(int ordinal) {
    return VALUES[ordinal];
  }

  /** True for ticket steps taken by the business (an agent's reply or resolution). */
  public boolean isAgentAction() {
    return this == TICKET_REPLIED || this == TICKET_RESOLVED;
  }

  public static EventDetail of(Interaction e) {
    switch (e.kind()) {
      case TOUCH:
        return Boolean.TRUE.equals(e.holdout()) ? HELD_OUT : NONE;
      case SURVEY:
        {
          String type = e.attributes().get("survey_type");
          if (type == null) {
            type = e.campaign();
          }
          return surveyScale(type);
        }
      case TICKET:
        {
          // No status is the customer writing in; an unknown one too (the lenient reading of
          // attributes imported before mappings could set the status).
          TicketStatus status = TicketStatus.of(e.attributes().get(TicketStatus.ATTRIBUTE));
          if (status == null) {
            return TICKET_OPENED;
          }
          return switch (status) {
            case OPENED -> TICKET_OPENED;
            case REPLIED -> TICKET_REPLIED;
            case RESOLVED -> TICKET_RESOLVED;
          };
        }
      case CONSENT:
        {
          String c = e.attributes().get("consent");
          if (c == null) {
            return NONE;
          }
          switch (c.strip().toLowerCase(Locale.ROOT)) {
            case "granted":
            case "given":
            case "yes":
            case "opt_in":
            case "opt-in":
              return CONSENT_GRANTED;
            case "withdrawn":
            case "revoked":
            case "no":
            case "opt_out":
            case "opt-out":
              return CONSENT_WITHDRAWN;
            default:
              return NONE;
          }
        }
      default:
        return NONE;
    }
  }

  private static EventDetail surveyScale(String type) {
    if (type == null) {
      return NONE;
    }
    switch (type.strip().toLowerCase(Locale.ROOT)) {
      case "csat":
        return CSAT;
      case "nps":
        return NPS;
      case "ces":
        return CES;
      default:
        return NONE;
    }
  }
}
