package dev.rapport.core.contact;

import dev.rapport.core.Channel;
import java.util.List;

/**
 * What the next best action needs to know about contacting a customer, as of a snapshot.
 *
 * @param consent per channel, in {@link Channel} order
 * @param recentTouches per channel, touches within the frequency-cap window before the snapshot
 * @param usedChannels per channel, whether the business has touched the customer there or the
 *     customer has been active there
 * @param bestHourOfWeek the hour of the week (0 = Monday 00:00 in the business time zone) in which
 *     the customer most often engaged; -1 when they never did
 * @param byPressure counts by the contact pressure at the moment (touches in the 30 days before),
 *     band b of {@link #PRESSURE_BANDS} at [4b]: touches, responses, unsubscribes, complaints
 */
public record ContactEvidence(
    List<Consent> consent,
    int[] recentTouches,
    boolean[] usedChannels,
    int bestHourOfWeek,
    int[] byPressure) {

  /** Lower edges of the pressure bands: 0, 1-2, 3-5, 6-10, 11-20, 21 and more touches. */
  public static final int[] PRESSURE_BANDS = {0, 1, 3, 6, 11, 21};

  /** The band of a contact pressure. */
  public static int band(int pressure) {
    int b = 0;
    while (b + 1 < PRESSURE_BANDS.length && pressure >= PRESSURE_BANDS[b + 1]) {
      b++;
    }
    return b;
  }

  public Consent consent(Channel c) {
    return consent.get(c.ordinal());
  }

  public int recentTouches(Channel c) {
    return recentTouches[c.ordinal()];
  }

  public boolean used(Channel c) {
    return usedChannels[c.ordinal()];
  }

  public int recentTouchesAll() {
    int n = 0;
    for (int x : recentTouches) {
      n += x;
    }
    return n;
  }
}
