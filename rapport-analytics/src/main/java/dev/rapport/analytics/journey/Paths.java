package dev.rapport.analytics.journey;

import dev.rapport.core.journey.JourneyLog;
import dev.rapport.core.journey.JourneyPath;
import dev.rapport.core.journey.Touchpoints;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The commonest paths of a population: the last steps of journeys that ended in a purchase, with
 * how often the same path lapsed instead; and the last steps of customers before they churned.
 */
public final class Paths {
  /**
   * One path and how its journeys ended.
   *
   * @param label "… > email touch > web response"
   * @param steps the touchpoints shown, oldest first
   * @param cut whether earlier steps were left off
   * @param converted journeys with this path that ended in a purchase
   * @param lapsed journeys with this path whose window closed without one
   * @param churned customers whose last steps before churning were this path
   */
  public record PathCount(
      String label, List<String> steps, boolean cut, long converted, long lapsed, long churned) {
    /** Converted over ended journeys with this path; NaN when none ended. */
    public double conversionRate() {
      long ended = converted + lapsed;
      return ended == 0 ? Double.NaN : (double) converted / ended;
    }
  }

  private Paths() {}

  /** The {@code limit} paths most often ending in a purchase. */
  public static List<PathCount> toConversion(JourneyLog log, int limit) {
    return top(log, JourneyLog.CONVERTED, limit);
  }

  /** The {@code limit} paths most often preceding churn. */
  public static List<PathCount> toChurn(JourneyLog log, int limit) {
    return top(log, JourneyLog.CHURNED, limit);
  }

  private static List<PathCount> top(JourneyLog log, int outcome, int limit) {
    return log.paths().entrySet().stream()
        .filter(e -> e.getValue()[outcome] > 0)
        .map(Paths::count)
        .sorted(
            Comparator.comparingLong(
                    (PathCount p) -> outcome == JourneyLog.CHURNED ? p.churned() : p.converted())
                .reversed()
                .thenComparing(PathCount::label))
        .limit(limit)
        .toList();
  }

  private static PathCount count(Map.Entry<Long, long[]> e) {
    long key = e.getKey();
    long[] n = e.getValue();
    return new PathCount(
        JourneyPath.label(key),
        JourneyPath.touchpoints(key).stream().map(Touchpoints::label).toList(),
        JourneyPath.isCut(key),
        n[JourneyLog.CONVERTED],
        n[JourneyLog.LAPSED],
        n[JourneyLog.CHURNED]);
  }
}
