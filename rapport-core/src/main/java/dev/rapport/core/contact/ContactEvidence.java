package dev.rapport.core.contact;

import dev.rapport.core.Channel;
import java.util.List;

/**
 * What the next best action needs to know about contacting a customer, as of a snapshot. Held
 * compactly (a million customers keep one each): consent in two bits and use in one bit per
 * channel, counts as saturating small integers.
 */
public final class ContactEvidence {
  /** Lower edges of the pressure bands: 0, 1-2, 3-5, 6-10, 11-20, 21 and more touches. */
  public static final int[] PRESSURE_BANDS = {0, 1, 3, 6, 11, 21};

  private static final Consent[] CONSENTS = Consent.values();

  private final int consentBits;
  private final int usedMask;
  private final byte[] recent;
  private final short[] byPressure;
  private final short bestHourOfWeek;

  /**
   * @param consent per channel, in {@link Channel} order
   * @param recentTouches per channel, touches within the frequency-cap window before the snapshot
   *     (kept up to 127)
   * @param usedChannels per channel, whether the business has touched the customer there or the
   *     customer has been active there
   * @param bestHourOfWeek the hour of the week (0 = Monday 00:00 in the business time zone) in
   *     which the customer most often engaged; -1 when they never did
   * @param byPressure counts by the contact pressure of the moment, band b of {@link
   *     #PRESSURE_BANDS} at [4b]: touches, responses, unsubscribes, complaints (kept up to 32,767)
   */
  public ContactEvidence(
      List<Consent> consent,
      int[] recentTouches,
      boolean[] usedChannels,
      int bestHourOfWeek,
      int[] byPressure) {
    int bits = 0;
    for (int c = 0; c < consent.size(); c++) {
      bits |= consent.get(c).ordinal() << (2 * c);
    }
    for (int c = consent.size(); c < Channel.values().length; c++) {
      bits |= Consent.UNKNOWN.ordinal() << (2 * c);
    }
    this.consentBits = bits;
    int mask = 0;
    for (int c = 0; c < usedChannels.length; c++) {
      mask |= usedChannels[c] ? 1 << c : 0;
    }
    this.usedMask = mask;
    this.recent = new byte[Channel.values().length];
    for (int c = 0; c < recentTouches.length; c++) {
      recent[c] = (byte) Math.min(127, recentTouches[c]);
    }
    this.byPressure = new short[4 * PRESSURE_BANDS.length];
    for (int i = 0; i < byPressure.length && i < this.byPressure.length; i++) {
      this.byPressure[i] = (short) Math.min(Short.MAX_VALUE, byPressure[i]);
    }
    this.bestHourOfWeek = (short) bestHourOfWeek;
  }

  /** The band of a contact pressure. */
  public static int band(int pressure) {
    int b = 0;
    while (b + 1 < PRESSURE_BANDS.length && pressure >= PRESSURE_BANDS[b + 1]) {
      b++;
    }
    return b;
  }

  public Consent consent(Channel c) {
    return CONSENTS[(consentBits >>> (2 * c.ordinal())) & 3];
  }

  public int recentTouches(Channel c) {
    return recent[c.ordinal()];
  }

  public boolean used(Channel c) {
    return (usedMask & (1 << c.ordinal())) != 0;
  }

  public int recentTouchesAll() {
    int n = 0;
    for (byte x : recent) {
      n += x;
    }
    return n;
  }

  public int bestHourOfWeek() {
    return bestHourOfWeek;
  }

  /**
   * The count at {@code 4 * band + kind} (kind 0 touches, 1 responses, 2 unsubscribes, 3
   * complaints).
   */
  public int byPressure(int index) {
    return byPressure[index];
  }
}
