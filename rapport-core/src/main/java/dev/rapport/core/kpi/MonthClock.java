package dev.rapport.core.kpi;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;

/**
 * The month ({@link KpiCube#monthIndex}) of an instant in a time zone, from a table of month starts
 * instead of a zoned date per call. A customer with few events touches a new month at nearly every
 * event, and building a {@code ZonedDateTime} each time was most of the KPI tracker's cost ({@code
 * TrackerBenchmark} in docs/BENCHMARKS.md). The table covers the months seen so far, a year either
 * side, and grows when an instant falls outside.
 */
final class MonthClock {
  /** The mean Gregorian month in seconds: the first guess of an index, corrected by a step. */
  private static final long MEAN_MONTH = 2_629_746L;

  private static final int MARGIN = 12;

  private final ZoneId zone;
  private int first; // the month of starts[0]
  private long[] starts = new long[0]; // starts[i]: the start of month first + i; last is an end

  MonthClock(ZoneId zone) {
    this.zone = zone;
  }

  // The month of the last instant asked for, [lastStart, lastEnd): a customer's events come in
  // time order, so consecutive instants mostly share a month.
  private long lastStart = Long.MAX_VALUE;
  private long lastEnd = Long.MIN_VALUE;
  private int last;

  int monthOf(long epochSecond) {
    if (epochSecond >= lastStart && epochSecond < lastEnd) {
      return last;
    }
    if (starts.length == 0 || epochSecond < starts[0] || epochSecond >= starts[starts.length - 1]) {
      cover(epochSecond);
    }
    int i = (int) Math.min(starts.length - 2, (epochSecond - starts[0]) / MEAN_MONTH);
    while (epochSecond < starts[i]) {
      i--;
    }
    while (epochSecond >= starts[i + 1]) {
      i++;
    }
    lastStart = starts[i];
    lastEnd = starts[i + 1];
    last = first + i;
    return last;
  }

  private long start(int month) {
    return KpiCube.month(month).atDay(1).atStartOfDay(zone).toEpochSecond();
  }

  private void cover(long epochSecond) {
    int m = KpiCube.monthIndex(YearMonth.from(Instant.ofEpochSecond(epochSecond).atZone(zone)));
    int lo = m - MARGIN;
    int hi = m + MARGIN; // the last month covered; starts holds its end too
    if (starts.length > 0) {
      lo = Math.min(lo, first);
      hi = Math.max(hi, first + starts.length - 2);
    }
    long[] s = new long[hi - lo + 2];
    for (int k = 0; k < s.length; k++) {
      s[k] = start(lo + k);
    }
    first = lo;
    starts = s;
  }
}
