package dev.rapport.analytics.journey;

import dev.rapport.core.journey.JourneyLog;
import dev.rapport.core.journey.JourneyPath;
import dev.rapport.core.journey.Touchpoints;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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
    Comparator<Map.Entry<Long, long[]>> fewer =
        Comparator.comparingLong((Map.Entry<Long, long[]> e) -> e.getValue()[outcome])
            .thenComparing(e -> JourneyPath.label(e.getKey()), Comparator.reverseOrder());
    PriorityQueue<Map.Entry<Long, long[]>> heap = new PriorityQueue<>(fewer);
    for (Map.Entry<Long, long[]> e : log.paths().entrySet()) {
      if (e.getValue()[outcome] == 0) {
        continue;
      }
      if (heap.size() < limit) {
        heap.add(e);
      } else if (limit > 0 && fewer.compare(e, heap.peek()) > 0) {
        heap.poll();
        heap.add(e);
      }
    }
    List<PathCount> out = new ArrayList<>(heap.size());
    while (!heap.isEmpty()) {
      out.add(count(heap.poll()));
    }
    Collections.reverse(out);
    return out;
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
