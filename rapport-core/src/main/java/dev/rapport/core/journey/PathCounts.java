package dev.rapport.core.journey;

import dev.rapport.core.Murmur3;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts of packed paths ({@link JourneyPath}) by outcome, in an open-addressing table of
 * primitives: a fold thread counts one path per ended journey, millions of times, and a {@code
 * HashMap<Long, long[]>} boxed every key (measured: the tracker took 1.76 times as long with it;
 * {@code TrackerBenchmark} in docs/BENCHMARKS.md).
 */
final class PathCounts {
  private static final long EMPTY = 0; // no packed path is 0: its length bits are at least 1
  private static final int OUTCOMES = 3;

  private long[] keys = new long[1 << 10];
  private long[] counts = new long[keys.length * OUTCOMES];
  private int size;

  void add(long key, int outcome, long n) {
    int slot = slot(key);
    if (keys[slot] == EMPTY) {
      keys[slot] = key;
      if (++size * 2 > keys.length) {
        grow();
        slot = slot(key);
      }
    }
    counts[slot * OUTCOMES + outcome] += n;
  }

  void addAll(PathCounts other) {
    other.forEach(
        (key, converted, lapsed, churned) -> {
          add(key, JourneyLog.CONVERTED, converted);
          add(key, JourneyLog.LAPSED, lapsed);
          add(key, JourneyLog.CHURNED, churned);
        });
  }

  /** Every path counted, in no particular order. */
  void forEach(JourneyLog.PathVisitor visitor) {
    for (int s = 0; s < keys.length; s++) {
      if (keys[s] != EMPTY) {
        int c = s * OUTCOMES;
        visitor.accept(
            keys[s],
            counts[c + JourneyLog.CONVERTED],
            counts[c + JourneyLog.LAPSED],
            counts[c + JourneyLog.CHURNED]);
      }
    }
  }

  /** A copy as a map from packed path to its counts by outcome. */
  Map<Long, long[]> toMap() {
    Map<Long, long[]> m = new HashMap<>(size * 2);
    forEach(
        (key, converted, lapsed, churned) -> {
          long[] n = new long[OUTCOMES];
          n[JourneyLog.CONVERTED] = converted;
          n[JourneyLog.LAPSED] = lapsed;
          n[JourneyLog.CHURNED] = churned;
          m.put(key, n);
        });
    return m;
  }

  private int slot(long key) {
    int mask = keys.length - 1;
    int s = (int) Murmur3.fmix(key) & mask; // packed paths differ in their low bytes
    while (keys[s] != EMPTY && keys[s] != key) {
      s = (s + 1) & mask;
    }
    return s;
  }

  private void grow() {
    long[] oldKeys = keys;
    long[] oldCounts = counts;
    keys = new long[oldKeys.length * 2];
    counts = new long[keys.length * OUTCOMES];
    for (int s = 0; s < oldKeys.length; s++) {
      if (oldKeys[s] != EMPTY) {
        int t = slot(oldKeys[s]);
        keys[t] = oldKeys[s];
        System.arraycopy(oldCounts, s * OUTCOMES, counts, t * OUTCOMES, OUTCOMES);
      }
    }
  }
}
