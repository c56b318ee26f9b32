package dev.rapport.core.kpi;

/**
 * The Net Promoter classes of an answer on the 0-10 scale (Reichheld 2003): 9-10 a promoter, 0-6 a
 * detractor, 7-8 passive. One definition for the NPS KPI, the feedback follow-up list and the
 * promoters of the advocacy view. (The lifecycle's thresholds are workspace settings of their own:
 * a business may move a customer to advocacy on an 8.)
 */
public final class Nps {
  public static final double PROMOTER_AT_LEAST = 9;
  public static final double DETRACTOR_AT_MOST = 6;

  private Nps() {}

  public static boolean isPromoter(double score) {
    return score >= PROMOTER_AT_LEAST && score <= 10;
  }

  public static boolean isDetractor(double score) {
    return score >= 0 && score <= DETRACTOR_AT_MOST;
  }
}
