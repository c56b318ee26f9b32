package dev.rapport.core.kpi;

import java.util.Arrays;

/**
 * Additive KPI inputs for one group of events (a customer, or a month and channel): counts, sums,
 * and every first-response and resolution time in seconds, kept whole because medians and p90s do
 * not add. Two tallies of disjoint events {@link #add} to the tally of their union.
 *
 * <p>A customer's tally is kept {@link #compact}: counts only up to the last one that is not zero,
 * no sums when all are zero, shared empty arrays. A million customers hold a million tallies, and
 * most customers only have touches, answers and purchases (the first counts). By field layout
 * (compressed references) the full form is about 300 bytes, the compact one 120 (160 with sums).
 */
public final class KpiTally {
  private static final long[] NO_COUNTS = new long[0];
  private static final double[] NO_SUMS = new double[0];
  private static final int[] NO_TIMES = new int[0];

  private long[] counts;
  private double[] sums;
  private int[] firstResponse = NO_TIMES;
  private int firstResponses;
  private int[] resolution = NO_TIMES;
  private int resolutions;

  public KpiTally() {
    counts = new long[KpiCount.COUNT];
    sums = new double[KpiSum.COUNT];
  }

  private KpiTally(long[] counts, double[] sums) {
    this.counts = counts;
    this.sums = sums;
  }

  public long count(KpiCount c) {
    int i = c.ordinal();
    return i < counts.length ? counts[i] : 0;
  }

  public double sum(KpiSum s) {
    int i = s.ordinal();
    return i < sums.length ? sums[i] : 0;
  }

  void increment(KpiCount c) {
    full();
    counts[c.ordinal()]++;
  }

  void add(KpiSum s, double amount) {
    full();
    sums[s.ordinal()] += amount;
  }

  /** Back to the full arrays before counting into a compact tally. */
  private void full() {
    if (counts.length < KpiCount.COUNT) {
      counts = Arrays.copyOf(counts, KpiCount.COUNT);
    }
    if (sums.length < KpiSum.COUNT) {
      sums = Arrays.copyOf(sums, KpiSum.COUNT);
    }
  }

  /** Zeroes every count, sum and time, keeping the arrays: a tracker reuses one per thread. */
  void clear() {
    full();
    Arrays.fill(counts, 0);
    Arrays.fill(sums, 0);
    firstResponses = 0;
    resolutions = 0;
  }

  /** A copy in the least memory: see the class comment. */
  KpiTally compact() {
    int n = counts.length;
    while (n > 0 && counts[n - 1] == 0) {
      n--;
    }
    boolean anySum = false;
    for (double v : sums) {
      anySum |= v != 0;
    }
    KpiTally c =
        new KpiTally(
            n == 0 ? NO_COUNTS : Arrays.copyOf(counts, n),
            anySum ? Arrays.copyOf(sums, sums.length) : NO_SUMS);
    c.firstResponse = firstResponses == 0 ? NO_TIMES : Arrays.copyOf(firstResponse, firstResponses);
    c.firstResponses = firstResponses;
    c.resolution = resolutions == 0 ? NO_TIMES : Arrays.copyOf(resolution, resolutions);
    c.resolutions = resolutions;
    return c;
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
    full();
    for (int i = 0; i < other.counts.length; i++) {
      counts[i] += other.counts[i];
    }
    for (int i = 0; i < other.sums.length; i++) {
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
