package dev.rapport.core.contact;

import dev.rapport.core.Channel;
import dev.rapport.core.EventDetail;
import dev.rapport.core.Kind;
import dev.rapport.core.Outcome;
import java.time.ZoneId;
import java.util.Arrays;

/**
 * Collects one customer's {@link ContactEvidence} beside the fold: consent per channel (an
 * unsubscribe, a touch that ended unsubscribed, or a withdrawal record withdraws it; a grant record
 * grants it; the latest wins), touches per channel near the snapshot, and the hour of the week the
 * customer engages most.
 *
 * <p>One tracker serves many customers in turn ({@link #reset}): its buffers are a few kilobytes,
 * too much to allocate a million times.
 */
public final class ContactTracker {
  private static final int CHANNELS = Channel.values().length;
  private static final int KEEP = 32; // touches remembered per channel: more than any cap

  private final ZoneId zone;
  private final int fixedOffset; // seconds east of UTC, or Integer.MIN_VALUE for a zone with rules
  private final Consent[] consent = new Consent[CHANNELS];
  private final boolean[] used = new boolean[CHANNELS];
  private final long[][] touches = new long[CHANNELS][];
  private final int[] touchCount = new int[CHANNELS];
  private final int[] hours = new int[7 * 24];
  private static final long PRESSURE_WINDOW = 30 * 86_400L;
  // The customer's touches of the last 30 days, any channel, oldest at head: a sliding window
  // over time-ordered events, so the pressure at each event costs O(1) amortised.
  private final long[] window = new long[256];
  private long head;
  private long tail;
  private int lastTouchBand = -1;
  private final int[] byPressure = new int[4 * ContactEvidence.PRESSURE_BANDS.length];
  private int engagedCount;

  public ContactTracker(ZoneId zone) {
    this.zone = zone;
    this.fixedOffset =
        zone.getRules().isFixedOffset()
            ? zone.getRules().getOffset(java.time.Instant.EPOCH).getTotalSeconds()
            : Integer.MIN_VALUE;
    reset();
  }

  /** Forgets the customer observed so far, ready for the next one. */
  public void reset() {
    Arrays.fill(consent, Consent.UNKNOWN);
    Arrays.fill(used, false);
    Arrays.fill(touchCount, 0);
    Arrays.fill(hours, 0);
    engagedCount = 0;
    head = 0;
    tail = 0;
    lastTouchBand = -1;
    Arrays.fill(byPressure, 0);
  }

  public void observe(long t, Channel channel, Kind kind, Outcome outcome, EventDetail detail) {
    int c = channel.ordinal();
    used[c] = true;
    countByPressure(t, channel, kind, outcome);
    if (kind == Kind.TOUCH) {
      if (touches[c] == null) {
        touches[c] = new long[KEEP];
      }
      touches[c][touchCount[c] % KEEP] = t;
      touchCount[c]++;
    }
    if (kind == Kind.UNSUBSCRIBE
        || outcome == Outcome.UNSUBSCRIBED
        || detail == EventDetail.CONSENT_WITHDRAWN) {
      consent[c] = Consent.WITHDRAWN;
    } else if (detail == EventDetail.CONSENT_GRANTED) {
      consent[c] = Consent.GRANTED;
    }
    boolean engaged =
        (kind == Kind.TOUCH && outcome == Outcome.ENGAGED)
            || kind == Kind.RESPONSE
            || kind == Kind.PURCHASE;
    if (engaged) {
      hours[hourOfWeek(t)]++;
      engagedCount++;
    }
  }

  /**
   * Counts a touch against the pressure the customer was under when it was made (touches in the 30
   * days before it), and a response, unsubscribe or complaint against the pressure of the latest
   * touch before it, the one it most plausibly reacts to. (Measured at the reaction itself, the
   * touch being answered would push every answer one band up.)
   */
  private void countByPressure(long t, Channel channel, Kind kind, Outcome outcome) {
    if (kind == Kind.TOUCH) {
      while (head < tail && window[(int) (head % window.length)] < t - PRESSURE_WINDOW) {
        head++;
      }
      lastTouchBand = ContactEvidence.band((int) (tail - head));
      int base = 4 * lastTouchBand;
      byPressure[base]++;
      if (outcome == Outcome.UNSUBSCRIBED) {
        byPressure[base + 2]++;
      } else if (outcome == Outcome.COMPLAINED) {
        byPressure[base + 3]++;
      }
      if (tail - head == window.length) {
        head++; // more than 256 touches in 30 days: the band is the top one either way
      }
      window[(int) (tail % window.length)] = t;
      tail++;
      return;
    }
    if (lastTouchBand < 0) {
      return; // not a reaction to contact: we had not touched them yet
    }
    int base = 4 * lastTouchBand;
    if (kind == Kind.RESPONSE && channel.isMessageChannel()) {
      byPressure[base + 1]++; // an answer to us; visits are left out
    } else if (kind == Kind.UNSUBSCRIBE) {
      byPressure[base + 2]++;
    } else if (kind == Kind.COMPLAINT) {
      byPressure[base + 3]++;
    }
  }

  /** 0 = Monday 00:00-00:59 in the business time zone; arithmetic for fixed-offset zones. */
  int hourOfWeek(long t) {
    int offset =
        fixedOffset != Integer.MIN_VALUE
            ? fixedOffset
            : zone.getRules().getOffset(java.time.Instant.ofEpochSecond(t)).getTotalSeconds();
    long local = t + offset;
    long day = Math.floorDiv(local, 86_400L);
    int dayOfWeek = (int) Math.floorMod(day + 3, 7L); // 1970-01-01 was a Thursday
    int hour = (int) (Math.floorMod(local, 86_400L) / 3600);
    return dayOfWeek * 24 + hour;
  }

  /** The evidence at {@code asOf}, counting touches within {@code capWindowSeconds} before it. */
  public ContactEvidence finish(long asOf, long capWindowSeconds) {
    int[] recent = new int[CHANNELS];
    for (int c = 0; c < CHANNELS; c++) {
      int kept = Math.min(touchCount[c], KEEP);
      for (int k = 0; k < kept; k++) {
        long t = touches[c][k];
        if (t < asOf && t >= asOf - capWindowSeconds) {
          recent[c]++;
        }
      }
    }
    int best = -1;
    if (engagedCount > 0) {
      best = 0;
      for (int h = 1; h < hours.length; h++) {
        if (hours[h] > hours[best]) {
          best = h;
        }
      }
    }
    return new ContactEvidence(Arrays.asList(consent), recent, used, best, byPressure);
  }
}
