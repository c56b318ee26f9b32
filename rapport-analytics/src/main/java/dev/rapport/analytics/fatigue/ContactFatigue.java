package dev.rapport.analytics.fatigue;

import dev.rapport.core.contact.ContactEvidence;
import java.util.ArrayList;
import java.util.List;

/**
 * Does more contact buy more engagement, or only more unsubscribes and complaints? Every touch is
 * counted against the contact pressure the customer was under when it was made (touches in the 30
 * days before it), and every response, unsubscribe and complaint against the pressure of the latest
 * touch before it; for each band of pressure the population's responses, unsubscribes and
 * complaints are set per touch.
 *
 * <p>Counting at the moment matters: at a snapshot, customers who unsubscribed are touched less, so
 * a snapshot view shows unsubscribes among the least-contacted customers, the reverse of the cause.
 *
 * @param bands one row per pressure band with touches, lowest first
 * @param fatigueSignal true when, in the busiest band, touches bring fewer responses and more
 *     unsubscribes or complaints than in the quietest band; bands with under 1% of the touches are
 *     too small to count
 */
public record ContactFatigue(List<Band> bands, boolean fatigueSignal) {

  /**
   * @param from lowest contact pressure in the band (touches in the 30 days before)
   * @param to highest, inclusive; {@code Integer.MAX_VALUE} for the open top band
   * @param touches touches made under this pressure
   * @param responsesPerTouch responses on message channels (answers to us; visits left out) under
   *     this pressure, per touch
   * @param unsubscribesPerTouch unsubscribes (and touches ending unsubscribed), per touch
   * @param complaintsPerTouch complaints (and touches ending in one), per touch
   */
  public record Band(
      int from,
      int to,
      long touches,
      double responsesPerTouch,
      double unsubscribesPerTouch,
      double complaintsPerTouch) {}

  public static ContactFatigue of(List<ContactEvidence> evidence) {
    int[] edges = ContactEvidence.PRESSURE_BANDS;
    long[] sum = new long[4 * edges.length];
    for (ContactEvidence e : evidence) {
      for (int i = 0; i < sum.length; i++) {
        sum[i] += e.byPressure(i);
      }
    }
    List<Band> bands = new ArrayList<>();
    for (int b = 0; b < edges.length; b++) {
      long touches = sum[4 * b];
      if (touches == 0) {
        continue;
      }
      bands.add(
          new Band(
              edges[b],
              b + 1 < edges.length ? edges[b + 1] - 1 : Integer.MAX_VALUE,
              touches,
              (double) sum[4 * b + 1] / touches,
              (double) sum[4 * b + 2] / touches,
              (double) sum[4 * b + 3] / touches));
    }
    return new ContactFatigue(bands, signal(bands));
  }

  /** Bands with fewer touches than this share of all are too small to compare. */
  public static final double MIN_SHARE = 0.01;

  private static boolean signal(List<Band> bands) {
    long all = bands.stream().mapToLong(Band::touches).sum();
    List<Band> big = bands.stream().filter(b -> b.touches() >= MIN_SHARE * all).toList();
    if (big.size() < 2) {
      return false;
    }
    Band low = big.get(0);
    Band high = big.get(big.size() - 1);
    return high.responsesPerTouch() < low.responsesPerTouch()
        && (high.unsubscribesPerTouch() > low.unsubscribesPerTouch()
            || high.complaintsPerTouch() > low.complaintsPerTouch());
  }
}
