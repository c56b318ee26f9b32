package dev.rapport.analytics.feedback;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The terms that set one group's texts apart from another's: the weighted log-odds ratio with an
 * informative Dirichlet prior of Monroe, Colaresi & Quinn (2008), "Fightin' Words: Lexical Feature
 * Selection and Evaluation for Identifying the Content of Political Conflict", Political Analysis
 * 16(4), eq. 22 and its variance: the log-odds of a term in group A against group B, each smoothed
 * by the term's frequency in both together (the prior), divided by its standard error. Unlike a raw
 * frequency ratio it does not crown a term seen twice, and unlike a raw count it does not crown
 * words everybody uses.
 */
public final class PainPoints {
  /** A term must be in this many texts of the group to be a theme. */
  public static final int MIN_TEXTS = 3;

  private PainPoints() {}

  /**
   * @param term a word or two-word phrase
   * @param inGroup texts of the group that contain it
   * @param inRest texts of the rest that contain it
   * @param z the log-odds ratio over its standard error: above 1.96, the term is more typical of
   *     the group than chance would make it at 5%
   */
  public record Theme(String term, int inGroup, int inRest, double logOdds, double z) {}

  /**
   * The terms most typical of {@code group} against {@code rest}, best first, at most {@code top}.
   */
  public static List<Theme> of(List<String> group, List<String> rest, int top) {
    Map<String, int[]> counts = new HashMap<>();
    long nGroup = count(group, counts, 0);
    long nRest = count(rest, counts, 1);
    long n = nGroup + nRest;
    List<Theme> out = new ArrayList<>();
    if (nGroup == 0 || nRest == 0) {
      return out;
    }
    // The prior: each term's pooled count, a total of n pseudo-counts (alpha_0 = n).
    for (Map.Entry<String, int[]> e : counts.entrySet()) {
      int yA = e.getValue()[0];
      int yB = e.getValue()[1];
      if (yA < MIN_TEXTS) {
        continue;
      }
      double alpha = yA + yB;
      double a0 = n;
      double delta =
          Math.log((yA + alpha) / (nGroup + a0 - yA - alpha))
              - Math.log((yB + alpha) / (nRest + a0 - yB - alpha));
      double variance = 1.0 / (yA + alpha) + 1.0 / (yB + alpha);
      double z = delta / Math.sqrt(variance);
      if (z > 0) {
        out.add(new Theme(e.getKey(), yA, yB, delta, z));
      }
    }
    out.sort(Comparator.comparingDouble((Theme t) -> -t.z()).thenComparing(Theme::term));
    return out.size() > top ? List.copyOf(out.subList(0, top)) : out;
  }

  /** Adds each text's terms (once per text) to column {@code side}; returns the terms counted. */
  private static long count(List<String> texts, Map<String, int[]> counts, int side) {
    long total = 0;
    for (String t : texts) {
      Set<String> terms = Terms.of(t);
      for (String term : terms) {
        counts.computeIfAbsent(term, k -> new int[2])[side]++;
      }
      total += terms.size();
    }
    return total;
  }
}
