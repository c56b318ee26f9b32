package dev.rapport.analytics.rfm;

/**
 * The usual named RFM segments, on the grid of recency score (R) and frequency score (F), 1-5 each.
 * The grid is the one in common use (e.g. the segment map popularised by Putler and the open-source
 * RFM notebooks), with "lost" carved out of "hibernating" for the customers lowest on both:
 *
 * <pre>
 *   F 5 | can't lose   can't lose   loyal        loyal        champions
 *   F 4 | at risk      at risk      loyal        loyal        champions
 *   F 3 | at risk      at risk      need att.    pot. loyal   pot. loyal
 *   F 2 | hibernating  hibernating  about to sl. pot. loyal   pot. loyal
 *   F 1 | lost         hibernating  about to sl. promising    new
 *         R 1          R 2          R 3          R 4          R 5
 * </pre>
 */
public enum RfmSegment {
  CHAMPIONS("champions"),
  LOYAL("loyal"),
  POTENTIAL_LOYALISTS("potential loyalists"),
  NEW("new"),
  PROMISING("promising"),
  NEED_ATTENTION("need attention"),
  ABOUT_TO_SLEEP("about to sleep"),
  AT_RISK("at risk"),
  CANT_LOSE("can't lose"),
  HIBERNATING("hibernating"),
  LOST("lost");

  private final String label;

  RfmSegment(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** The segment of a recency and a frequency score, each 1-5. */
  public static RfmSegment of(int r, int f) {
    if (r < 1 || r > 5 || f < 1 || f > 5) {
      throw new IllegalArgumentException("RFM scores are 1-5, got R=" + r + " F=" + f);
    }
    if (r <= 2) {
      if (f == 5) {
        return CANT_LOSE;
      }
      if (f >= 3) {
        return AT_RISK;
      }
      return r == 1 && f == 1 ? LOST : HIBERNATING;
    }
    if (r == 3) {
      if (f >= 4) {
        return LOYAL;
      }
      return f == 3 ? NEED_ATTENTION : ABOUT_TO_SLEEP;
    }
    if (f >= 4) {
      return r == 5 ? CHAMPIONS : LOYAL;
    }
    if (f >= 2) {
      return POTENTIAL_LOYALISTS;
    }
    return r == 5 ? NEW : PROMISING;
  }
}
