package dev.rapport.core.profile;

import dev.rapport.core.config.Signal;

/**
 * One signal's share of the engagement score, in score points: the points of all components add up
 * to the score (when it is above zero), so "purchases +31, ignored email -6" reads as a sum.
 *
 * @param raw the decayed weighted sum of this signal at the snapshot time
 */
public record ScoreComponent(Signal signal, double points, double raw) {
  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "%s %+.1f", signal.id(), points);
  }
}
