package dev.rapport.analytics.style;

import dev.rapport.analytics.stats.Percentiles;
import dev.rapport.core.style.StyleEvidence;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Engagement-style scores: for each style, a rate of the behaviour that shows it (from {@link
 * StyleEvidence}), scored 0-100 as its percentile among the customers who show any of it (0 for
 * those who show none). The dominant style is the highest score; its reason names the behaviour.
 *
 * <ul>
 *   <li><b>transactional</b>: purchases a month × the share not prompted by an answer to us × (1 −
 *       the share of our touches they answered);
 *   <li><b>relational</b>: the mean of the share of touches answered and the share of calls taken
 *       (smoothed: (taken + 1) / (calls + 4), so one call says little);
 *   <li><b>behavioral</b>: purchases a month made within 48 hours of answering one of our messages;
 *   <li><b>emotional</b>: strong answers (ends of the scale), complaints and half of the tickets
 *       opened, a month;
 *   <li><b>social</b>: referrals, reviews and social-channel activity, a month.
 * </ul>
 *
 * <p>Percentiles, not fixed thresholds, because what counts as "a lot" of referrals differs by
 * business; the rates themselves are in the reason.
 */
public final class StyleScores {
  private StyleScores() {}

  /** One customer's scores (0-100 by style), dominant style and why. */
  public record Result(
      Map<EngagementStyle, Double> scores, EngagementStyle dominant, String reason) {}

  public static List<Result> of(List<StyleEvidence> evidence) {
    int n = evidence.size();
    EngagementStyle[] styles = EngagementStyle.values();
    double[][] rate = new double[styles.length][n];
    for (int i = 0; i < n; i++) {
      StyleEvidence e = evidence.get(i);
      for (EngagementStyle s : styles) {
        rate[s.ordinal()][i] = rate(s, e);
      }
    }
    double[][] score = new double[styles.length][];
    for (EngagementStyle s : styles) {
      score[s.ordinal()] = percentiles(rate[s.ordinal()]);
    }
    List<Result> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Map<EngagementStyle, Double> m = new EnumMap<>(EngagementStyle.class);
      EngagementStyle best = null;
      for (EngagementStyle s : styles) {
        double v = score[s.ordinal()][i];
        m.put(s, v);
        if (v > 0 && (best == null || v > m.get(best))) {
          best = s;
        }
      }
      out.add(
          new Result(
              m,
              best,
              best == null ? "no style shows yet" : reason(best, evidence.get(i), m.get(best))));
    }
    return out;
  }

  /** The behaviour rate behind a style (see the class comment). */
  static double rate(EngagementStyle s, StyleEvidence e) {
    double months = e.activeMonths();
    double answered =
        e.touchesDecided() == 0 ? 0 : (double) e.touchesEngaged() / e.touchesDecided();
    switch (s) {
      case TRANSACTIONAL:
        if (e.purchases() == 0) {
          return 0;
        }
        double unprompted = 1.0 - (double) e.promptedPurchases() / e.purchases();
        return e.purchases() / months * unprompted * (1.0 - answered);
      case RELATIONAL:
        double calls = (e.phoneEngaged() + 1.0) / (e.phoneTouches() + 4.0);
        return e.touchesDecided() == 0 && e.phoneTouches() == 0 ? 0 : (answered + calls) / 2;
      case BEHAVIORAL:
        return e.promptedPurchases() / months;
      case EMOTIONAL:
        return (e.strongFeedback() + e.complaints() + 0.5 * e.ticketsOpened()) / months;
      default:
        return (e.referrals() + e.reviews() + e.socialActivity()) / months;
    }
  }

  /**
   * Each value's percentile (0-100, mid-rank for ties) among the positive values; 0 for values of 0
   * or less.
   */
  static double[] percentiles(double[] values) {
    double[] positive = Arrays.stream(values).filter(v -> v > 0).sorted().toArray();
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      double v = values[i];
      if (v <= 0) {
        continue;
      }
      out[i] = Percentiles.midRank(positive, v);
    }
    return out;
  }

  private static String reason(EngagementStyle s, StyleEvidence e, double score) {
    String top = String.format(Locale.ROOT, " (score %.0f)", score);
    switch (s) {
      case TRANSACTIONAL:
        return String.format(
            Locale.ROOT,
            "%d purchases, %d of them right after answering us; answers %d of %d touches%s",
            e.purchases(),
            e.promptedPurchases(),
            e.touchesEngaged(),
            e.touchesDecided(),
            top);
      case RELATIONAL:
        return String.format(
            Locale.ROOT,
            "answers %d of %d touches and took %d of %d calls%s",
            e.touchesEngaged(),
            e.touchesDecided(),
            e.phoneEngaged(),
            e.phoneTouches(),
            top);
      case BEHAVIORAL:
        return String.format(
            Locale.ROOT,
            "%d of %d purchases within 48 hours of answering one of our messages%s",
            e.promptedPurchases(),
            e.purchases(),
            top);
      case EMOTIONAL:
        return String.format(
            Locale.ROOT,
            "%d strong answers of %d, %d complaints, %d tickets%s",
            e.strongFeedback(),
            e.feedback(),
            e.complaints(),
            e.ticketsOpened(),
            top);
      default:
        return String.format(
            Locale.ROOT,
            "%d referrals, %d reviews, %d social interactions%s",
            e.referrals(),
            e.reviews(),
            e.socialActivity(),
            top);
    }
  }
}
