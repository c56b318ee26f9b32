package dev.rapport.core.service;

import dev.rapport.core.Channel;
import dev.rapport.core.EventDetail;
import dev.rapport.core.Kind;
import java.util.ArrayDeque;

/**
 * Collects one customer's {@link ServiceEvidence} from their interactions in time order, beside the
 * profile fold.
 *
 * <p>Ticket steps are paired first in, first out: the fold does not carry ticket ids, so an agent
 * action answers the oldest open ticket still waiting for one, and a resolution closes the oldest
 * open ticket. With one ticket open at a time, the common case, this is exact; with several at
 * once, the times are the same in total and may be swapped between tickets. A reply or resolution
 * with no ticket open (its opening was before the data) counts for nothing.
 */
public final class ServiceTracker {
  /** An open ticket: when it was opened, and whether an agent has acted on it yet. */
  private static final class Ticket {
    final long opened;
    final Channel channel;
    boolean answered;

    Ticket(long opened, Channel channel) {
      this.opened = opened;
      this.channel = channel;
    }
  }

  /**
   * Told each ticket's first-response and resolution time as it becomes known, with the ticket's
   * opening time and channel: the KPIs need the distribution, which the evidence only sums.
   */
  public interface Times {
    void firstResponse(long openedAt, Channel channel, long seconds);

    void resolution(long openedAt, Channel channel, long seconds);
  }

  private static final Times IGNORE =
      new Times() {
        @Override
        public void firstResponse(long openedAt, Channel channel, long seconds) {}

        @Override
        public void resolution(long openedAt, Channel channel, long seconds) {}
      };

  private final Times times;

  public ServiceTracker() {
    this(IGNORE);
  }

  public ServiceTracker(Times times) {
    this.times = times;
  }

  /** Tickets not yet resolved, oldest first. */
  private final ArrayDeque<Ticket> unresolved = new ArrayDeque<>();

  private int opened;
  private int answered;
  private long firstResponseSeconds;
  private int resolved;
  private long resolutionSeconds;
  private int surveys;
  private float lastCsat = Float.NaN;
  private float lastNps = Float.NaN;
  private float lastCes = Float.NaN;

  /**
   * @param channel where the event happened: a ticket's channel is the channel it was opened on
   */
  public void observe(long t, Channel channel, Kind kind, double score, EventDetail detail) {
    if (kind == Kind.SURVEY) {
      surveys++;
      if (!Double.isNaN(score)) {
        switch (detail) {
          case CSAT -> lastCsat = (float) score;
          case NPS -> lastNps = (float) score;
          case CES -> lastCes = (float) score;
          default -> {}
        }
      }
      return;
    }
    if (kind != Kind.TICKET) {
      return;
    }
    switch (detail) {
      case TICKET_OPENED -> {
        opened++;
        unresolved.addLast(new Ticket(t, channel));
      }
      case TICKET_REPLIED -> {
        for (Ticket k : unresolved) {
          if (!k.answered) {
            answer(k, t);
            break;
          }
        }
      }
      case TICKET_RESOLVED -> {
        Ticket k = unresolved.pollFirst();
        if (k != null) {
          if (!k.answered) {
            answer(k, t); // resolved without a reply: the resolution is the first response
          }
          resolved++;
          resolutionSeconds += t - k.opened;
          times.resolution(k.opened, k.channel, t - k.opened);
        }
      }
      default -> {}
    }
  }

  private void answer(Ticket k, long t) {
    k.answered = true;
    answered++;
    firstResponseSeconds += t - k.opened;
    times.firstResponse(k.opened, k.channel, t - k.opened);
  }

  public ServiceEvidence finish() {
    return new ServiceEvidence(
        opened,
        unresolved.size(),
        answered,
        firstResponseSeconds,
        resolved,
        resolutionSeconds,
        surveys,
        lastCsat,
        lastNps,
        lastCes);
  }
}
