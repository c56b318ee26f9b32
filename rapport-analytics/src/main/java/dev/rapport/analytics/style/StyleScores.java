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
    Reference ref = Reference.of(evidence);
    List<Result> out = new ArrayList<>(evidence.size());
    for (StyleEvidence e : evidence) {
      out.add(ref.score(e));
    }
    return out;
  }

  /**
   * The population a customer's rates are ranked in: each style's positive rates, sorted. The
   * server keeps one, refitted now and then, to score a customer the moment they change.
   */
  public static final class Reference {
    private final double[][] positive;

    private Reference(double[][] positive) {
      this.positive = positive;
    }

    public static Reference of(List<StyleEvidence> evidence) {
      EngagementStyle[] styles = EngagementStyle.values();
      double[][] positive = new double[styles.length][];
      for (EngagementStyle s : styles) {
        double[] rates = new double[evidence.size()];
        for (int i = 0; i < rates.length; i++) {
          rates[i] = rate(s, evidence.get(i));
        }
        positive[s.ordinal()] = Arrays.stream(rates).filter(v -> v > 0).sorted().toArray();
      }
      return new Reference(positive);
    }

    /**
     * One customer's scores: each style's rate as a percentile (0-100, mid-rank for ties) among the
     * positive rates of the reference; 0 for a rate of 0 or less.
     */
    public Result score(StyleEvidence e) {
      Map<EngagementStyle, Double> m = new EnumMap<>(EngagementStyle.class);
      EngagementStyle best = null;
      for (EngagementStyle s : EngagementStyle.values()) {
        double r = rate(s, e);
        double[] ranked = positive[s.ordinal()];
        // Alone in an empty reference, a rate ranks in the middle, as it would among itself.
        double v = r <= 0 ? 0 : ranked.length == 0 ? 50.0 : Percentiles.midRank(ranked, r);
        m.put(s, v);
        if (v > 0 && (best == null || v > m.get(best))) {
          best = s;
        }
      }
      return new Result(
          m, best, best == null ? "no style shows yet" : reason(best, e, m.get(best)));
    }
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
