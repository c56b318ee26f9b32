package dev.rapport.analytics.journey;

import dev.rapport.core.journey.JourneyLog;
import dev.rapport.core.journey.JourneyPath;
import dev.rapport.core.journey.Touchpoints;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

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

  /**
   * The {@code limit} paths with the most journeys of {@code outcome}, most first, ties by label.
   * One pass with a bounded heap: a population can have hundreds of thousands of distinct paths.
   */
  private static List<PathCount> top(JourneyLog log, int outcome, int limit) {
    // A candidate is {path, converted, lapsed, churned}: the counts sit at 1 + outcome.
    Comparator<long[]> fewer =
        Comparator.comparingLong((long[] c) -> c[1 + outcome])
            .thenComparing(c -> JourneyPath.label(c[0]), Comparator.reverseOrder());
    PriorityQueue<long[]> heap = new PriorityQueue<>(fewer);
    log.forEachPath(
        (path, converted, lapsed, churned) -> {
          long[] c = {path, converted, lapsed, churned};
          if (c[1 + outcome] == 0 || limit <= 0) {
            return;
          }
          if (heap.size() < limit) {
            heap.add(c);
          } else if (fewer.compare(c, heap.peek()) > 0) {
            heap.poll();
            heap.add(c);
          }
        });
    List<PathCount> out = new ArrayList<>(heap.size());
    while (!heap.isEmpty()) {
      out.add(count(heap.poll()));
    }
    Collections.reverse(out);
    return out;
  }

  private static PathCount count(long[] c) {
    long key = c[0];
    return new PathCount(
        JourneyPath.label(key),
        JourneyPath.touchpoints(key).stream().map(Touchpoints::label).toList(),
        JourneyPath.isCut(key),
        c[1 + JourneyLog.CONVERTED],
        c[1 + JourneyLog.LAPSED],
        c[1 + JourneyLog.CHURNED]);
  }
}
