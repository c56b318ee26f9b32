package dev.rapport.analytics.advocacy;

import java.util.Arrays;

/**
 * The reviews customers wrote: how many, their stars (1 to 5) and how many carry text. A review
 * whose score is missing or off the 1-5 scale counts as a review without stars: Rapport does not
 * guess the scale.
 */
public final class Reviews {
  private final long[] byStars = new long[6];
  private long count;
  private long withText;

  /** Counts one review. */
  public void add(double score, boolean hasText) {
    count++;
    if (hasText) {
      withText++;
    }
    if (score >= 1 && score <= 5 && score == Math.rint(score)) {
      byStars[(int) score]++;
    }
  }

  public long count() {
    return count;
  }

  public long withText() {
    return withText;
  }

  /** Reviews with {@code stars} stars, 1 to 5. */
  public long withStars(int stars) {
    if (stars < 1 || stars > 5) {
      throw new IllegalArgumentException("stars must be 1 to 5, got " + stars);
    }
    return byStars[stars];
  }

  /** Reviews with a score on the 1-5 scale. */
  public long scored() {
    return Arrays.stream(byStars).sum();
  }

  /** Mean stars of the scored reviews; NaN without any. */
  public double meanStars() {
    long n = scored();
    if (n == 0) {
      return Double.NaN;
    }
    double sum = 0;
    for (int s = 1; s <= 5; s++) {
      sum += s * byStars[s];
    }
    return sum / n;
  }

  /** Share of the scored reviews with 4 or 5 stars; NaN without any. */
  public double positiveShare() {
    long n = scored();
    return n == 0 ? Double.NaN : (double) (byStars[4] + byStars[5]) / n;
  }
}
