package dev.rapport.analytics.fatigue;

import dev.rapport.core.config.RapportConfig;
import dev.rapport.core.contact.ContactEvidence;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Is this one customer tired of us? {@link ContactFatigue} asks the question of the population;
 * here it is asked of one person's own history: their touches are split by the contact pressure
 * they were under at the moment (touches in the 30 days before) into a quieter and a busier half,
 * at the band edge nearest their own median, and the two halves are compared.
 *
 * <p>A customer is fatigued when, in their busier half,
 *
 * <ul>
 *   <li>they answer at most half as often as in their quieter half (each rate smoothed with the
 *       workspace's response prior) and the drop passes a one-sided two-proportion z-test at the 5%
 *       level, so a handful of ignored touches is not a verdict, or
 *   <li>they unsubscribe or complain more often per touch than in their quieter half.
 * </ul>
 *
 * Each half needs {@link #MIN_TOUCHES} touches; with fewer there is no evidence either way. The
 * lowest pressure of the busier half is the level to stay under.
 *
 * @param fatigued true when more contact went with fewer answers or more unsubscribes and
 *     complaints for this customer
 * @param busyFrom the lowest contact pressure (touches in 30 days) seen in the busier half, as its
 *     band's lower edge; 0 when not fatigued
 * @param reason for a fatigued customer the comparison in words; "compared: not fatigued" when the
 *     halves were compared and showed no fatigue; empty when there was too little contact
 */
public record CustomerFatigue(boolean fatigued, int busyFrom, String reason) {

  /** Touches each half needs before the halves are compared. */
  static final int MIN_TOUCHES = 4;

  /** The busier half answering at most this share of the quieter half's rate is fatigue. */
  static final double ANSWER_DROP = 0.5;

  /**
   * The drop must also be unlikely by chance: a one-sided two-proportion z at the 5% level, so a
   * customer who answered 1 of 5 quiet touches and 0 of 5 busy ones is not called tired.
   */
  static final double ONE_SIDED_5_PERCENT = 1.645;

  private static final CustomerFatigue TOO_LITTLE = new CustomerFatigue(false, 0, "");

  private static final CustomerFatigue NOT_FATIGUED =
      new CustomerFatigue(false, 0, "compared: not fatigued");

  /**
   * @param priorEngaged pseudo-count of answered touches in each half's smoothed rate
   * @param priorIgnored pseudo-count of ignored touches in each half's smoothed rate
   */
  public static CustomerFatigue of(ContactEvidence e, double priorEngaged, double priorIgnored) {
    int bands = ContactEvidence.PRESSURE_BANDS.length;
    int total = 0;
    for (int b = 0; b < bands; b++) {
      total += e.byPressure(4 * b);
    }
    int split = split(e, total);
    if (split < 0) {
      return TOO_LITTLE;
    }
    long[] quiet = sum(e, 0, split);
    long[] busy = sum(e, split, bands);
    double quietRate = (quiet[1] + priorEngaged) / (quiet[0] + priorEngaged + priorIgnored);
    double busyRate = (busy[1] + priorEngaged) / (busy[0] + priorEngaged + priorIgnored);
    double quietLoss = (double) (quiet[2] + quiet[3]) / quiet[0];
    double busyLoss = (double) (busy[2] + busy[3]) / busy[0];
    int first = split;
    while (e.byPressure(4 * first) == 0) {
      first++; // the busier half has touches, so this ends inside it
    }
    int busyFrom = ContactEvidence.PRESSURE_BANDS[first];
    boolean answersLess =
        busyRate <= ANSWER_DROP * quietRate
            && fewerAnswersZ(quiet[1], quiet[0], busy[1], busy[0]) >= ONE_SIDED_5_PERCENT;
    boolean leavesMore = busyLoss > quietLoss;
    if (!answersLess && !leavesMore) {
      return NOT_FATIGUED; // worded for the fatigued only: a sentence a customer is costly at 1 M
    }
    String answers =
        String.format(
            Locale.ROOT,
            "answers %.0f%% of touches when touched %d+ times in 30 days against %.0f%% when"
                + " touched less",
            100 * busyRate,
            busyFrom,
            100 * quietRate);
    String loss =
        String.format(
            Locale.ROOT,
            "%d %s in %d touches at %d+ against %d in %d when touched less",
            busy[2] + busy[3],
            busy[2] + busy[3] == 1 ? "unsubscribe or complaint" : "unsubscribes or complaints",
            busy[0],
            busyFrom,
            quiet[2] + quiet[3],
            quiet[0]);
    String why = answersLess && leavesMore ? answers + "; " + loss : answersLess ? answers : loss;
    return new CustomerFatigue(true, busyFrom, why);
  }

  /** Every customer's fatigue (lists aligned), with the workspace's response prior. */
  public static List<CustomerFatigue> forAll(List<ContactEvidence> evidence, RapportConfig config) {
    List<CustomerFatigue> out = new ArrayList<>(evidence.size());
    for (ContactEvidence e : evidence) {
      out.add(of(e, config.responsePriorEngaged(), config.responsePriorIgnored()));
    }
    return out;
  }

  /**
   * The first band of the busier half: the band edge that leaves at least {@link #MIN_TOUCHES}
   * touches on each side and is nearest to halving them; -1 when there is none.
   */
  static int split(ContactEvidence e, int total) {
    int best = -1;
    long bestGap = Long.MAX_VALUE;
    int below = 0;
    for (int k = 1; k < ContactEvidence.PRESSURE_BANDS.length; k++) {
      below += e.byPressure(4 * (k - 1));
      int above = total - below;
      long gap = Math.abs(2L * below - total);
      if (below >= MIN_TOUCHES && above >= MIN_TOUCHES && gap < bestGap) {
        best = k;
        bestGap = gap;
      }
    }
    return best;
  }

  /**
   * The pooled two-proportion z statistic for "answers fewer of the busy touches than of the quiet
   * ones": positive when the busy share is lower. Responses can outnumber touches (several answers
   * to one touch), so each share is capped at 1.
   */
  static double fewerAnswersZ(
      long quietAnswers, long quietTouches, long busyAnswers, long busyTouches) {
    double q = Math.min(1, (double) quietAnswers / quietTouches);
    double b = Math.min(1, (double) busyAnswers / busyTouches);
    double pooled = (q * quietTouches + b * busyTouches) / (double) (quietTouches + busyTouches);
    double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / quietTouches + 1.0 / busyTouches));
    return se == 0 ? 0 : (q - b) / se;
  }

  /** Touches, responses, unsubscribes and complaints over bands {@code [from, to)}. */
  private static long[] sum(ContactEvidence e, int from, int to) {
    long[] s = new long[4];
    for (int b = from; b < to; b++) {
      for (int k = 0; k < 4; k++) {
        s[k] += e.byPressure(4 * b + k);
      }
    }
    return s;
  }
}
