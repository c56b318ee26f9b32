package dev.rapport.core.style;

import dev.rapport.core.Channel;
import dev.rapport.core.EventDetail;
import dev.rapport.core.Kind;
import dev.rapport.core.Outcome;

/**
 * Collects one customer's {@link StyleEvidence} from their interactions in time order, beside the
 * profile fold. Engaged and unengaged touch counts are read from the fold's snapshot, which decides
 * pending touches; the rest is counted here.
 */
public final class StyleTracker {
  /** A purchase this soon after an engaged answer to a touch counts as prompted by it. */
  public static final long PROMPT_WINDOW_SECONDS = 48 * 3600L;

  private static final long NONE = Long.MIN_VALUE;

  private long firstSeen = NONE;
  private long lastSeen = NONE;
  private long lastEngagedAnswer = NONE;
  private int purchases;
  private int prompted;
  private int phoneTouches;
  private int phoneEngaged;
  private int feedback;
  private int strong;
  private int complaints;
  private int tickets;
  private int referrals;
  private int reviews;
  private int social;

  public void observe(
      long t, Channel channel, Kind kind, Outcome outcome, double score, EventDetail detail) {
    if (firstSeen == NONE) {
      firstSeen = t;
    }
    lastSeen = t;
    switch (kind) {
      case TOUCH:
        if (channel == Channel.PHONE) {
          phoneTouches++;
          if (outcome == Outcome.ENGAGED) {
            phoneEngaged++;
          }
        }
        if (outcome == Outcome.ENGAGED) {
          lastEngagedAnswer = t;
        } else if (outcome == Outcome.COMPLAINED) {
          complaints++;
        }
        break;
      case RESPONSE:
        // Only answers on the channels the business sends messages on: a web or app visit is the
        // customer's own initiative, not an answer to us.
        if (channel.isMessageChannel()) {
          lastEngagedAnswer = t;
        }
        break;
      case PURCHASE:
        purchases++;
        if (lastEngagedAnswer != NONE && t - lastEngagedAnswer <= PROMPT_WINDOW_SECONDS) {
          prompted++;
        }
        break;
      case SURVEY:
        if (detail == EventDetail.CSAT) {
          feedback++;
          strong += score <= 2 || score >= 5 ? 1 : 0;
        } else if (detail == EventDetail.NPS) {
          feedback++;
          strong += score <= 3 || score >= 10 ? 1 : 0;
        }
        break;
      case REVIEW:
        reviews++;
        if (!Double.isNaN(score)) {
          feedback++;
          strong += score <= 1 || score >= 5 ? 1 : 0;
        }
        break;
      case COMPLAINT:
        complaints++;
        break;
      case TICKET:
        if (detail == EventDetail.TICKET_OPENED) {
          tickets++;
        }
        break;
      case REFERRAL:
        referrals++;
        break;
      default:
        break;
    }
    if (channel == Channel.SOCIAL && kind.isInbound()) {
      social++;
    }
  }

  /** The evidence, with the fold's decided and engaged touch counts. */
  public StyleEvidence finish(int touchesDecided, int touchesEngaged) {
    double months =
        firstSeen == NONE ? 1.0 : Math.max(1.0, (lastSeen - firstSeen) / (30.44 * 86_400));
    return new StyleEvidence(
        purchases,
        prompted,
        touchesDecided,
        touchesEngaged,
        phoneTouches,
        phoneEngaged,
        feedback,
        strong,
        complaints,
        tickets,
        referrals,
        reviews,
        social,
        months);
  }
}
