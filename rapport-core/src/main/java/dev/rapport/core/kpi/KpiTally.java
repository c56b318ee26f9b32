package dev.rapport.core.kpi;

import java.util.Arrays;

/**
 * Additive KPI inputs for one group of events (a customer, or a month and channel): counts, sums,
 * and every first-response and resolution time in seconds, kept whole because medians and p90s do
 * not add. Two tallies of disjoint events {@link #add} to the tally of their union.
 */
public final class KpiTally {
  private final long[] counts = new long[KpiCount.COUNT];
  private final double[] sums = new double[KpiSum.COUNT];
  private int[] firstResponse = new int[0];
  private int firstResponses;
  private int[] resolution = new int[0];
  private int resolutions;

  public long count(KpiCount c) {
    return counts[c.ordinal()];
  }

  public double sum(KpiSum s) {
    return sums[s.ordinal()];
  }

  void increment(KpiCount c) {
    counts[c.ordinal()]++;
  }

  void add(KpiSum s, double amount) {
    sums[s.ordinal()] += amount;
  }

  void addFirstResponse(long seconds) {
    if (firstResponses == firstResponse.length) {
      firstResponse = Arrays.copyOf(firstResponse, Math.max(4, firstResponses * 2));
    }
    firstResponse[firstResponses++] = clamp(seconds);
  }

  void addResolution(long seconds) {
    if (resolutions == resolution.length) {
      resolution = Arrays.copyOf(resolution, Math.max(4, resolutions * 2));
    }
    resolution[resolutions++] = clamp(seconds);
  }

  /** Seconds as an int: 68 years, longer than any ticket waits. */
  private static int clamp(long seconds) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(0, seconds));
  }

  /** Every first-response time in seconds, in the order they were recorded. */
  public int[] firstResponseSeconds() {
    return Arrays.copyOf(firstResponse, firstResponses);
  }

  /** Every resolution time in seconds, in the order they were recorded. */
  public int[] resolutionSeconds() {
    return Arrays.copyOf(resolution, resolutions);
  }

  public int firstResponseCount() {
    return firstResponses;
  }

  public int resolutionCount() {
    return resolutions;
  }

  /** Adds another tally into this one. */
  public void add(KpiTally other) {
    for (int i = 0; i < counts.length; i++) {
      counts[i] += other.counts[i];
    }
    for (int i = 0; i < sums.length; i++) {
      sums[i] += other.sums[i];
    }
    firstResponse =
        append(firstResponse, firstResponses, other.firstResponse, other.firstResponses);
    firstResponses += other.firstResponses;
    resolution = append(resolution, resolutions, other.resolution, other.resolutions);
    resolutions += other.resolutions;
  }

  private static int[] append(int[] to, int used, int[] from, int n) {
    if (n == 0) {
      return to;
    }
    int[] out = used + n <= to.length ? to : Arrays.copyOf(to, Math.max(used + n, used * 2));
    System.arraycopy(from, 0, out, used, n);
    return out;
  }

  /** A new tally of several. */
  public static KpiTally sum(Iterable<KpiTally> tallies) {
    KpiTally t = new KpiTally();
    for (KpiTally x : tallies) {
      t.add(x);
    }
    return t;
  }
}
