package dev.rapport.core.kpi;

import dev.rapport.core.Channel;
import java.time.YearMonth;
import java.util.EnumMap;
import java.util.TreeMap;

/**
 * KPI tallies of events by month (in the workspace time zone) and channel: the event-level view,
 * from which the totals, the by-channel and the by-month KPIs and every trend are summed. One cube
 * per fold thread; the threads' cubes {@link #add} into one.
 *
 * <p>Cells are an array of months (from the first month seen, grown either way) of arrays by
 * channel: the fold asks for a cell at every event, and a map keyed by month × channel boxed a key
 * each time (measured: the lookup was a tenth of the fold's samples).
 */
public final class KpiCube {
  private static final int CHANNELS = Channel.values().length;

  private KpiTally[][] rows = new KpiTally[0][];
  private int base; // the month of rows[0]

  /** The cell of a month (as {@link #monthIndex}) and channel, created when first asked for. */
  KpiTally cell(int month, Channel channel) {
    int i = month - base;
    if (i < 0 || i >= rows.length) {
      cover(month);
      i = month - base;
    }
    KpiTally[] row = rows[i];
    if (row == null) {
      row = new KpiTally[CHANNELS];
      rows[i] = row;
    }
    KpiTally t = row[channel.ordinal()];
    if (t == null) {
      t = new KpiTally();
      row[channel.ordinal()] = t;
    }
    return t;
  }

  /** Grows the rows to hold {@code month}, with a year to spare on the side it grew. */
  private void cover(int month) {
    if (rows.length == 0) {
      rows = new KpiTally[24][];
      base = month - 12;
      return;
    }
    int lo = Math.min(base, month - 12);
    int hi = Math.max(base + rows.length, month + 13);
    KpiTally[][] grown = new KpiTally[hi - lo][];
    System.arraycopy(rows, 0, grown, base - lo, rows.length);
    rows = grown;
    base = lo;
  }

  /** Months counted from year 0: {@code year * 12 + month - 1}. */
  public static int monthIndex(YearMonth m) {
    return m.getYear() * 12 + m.getMonthValue() - 1;
  }

  public static YearMonth month(int index) {
    return YearMonth.of(Math.floorDiv(index, 12), Math.floorMod(index, 12) + 1);
  }

  public void add(KpiCube other) {
    other.forEachCell((month, channel, t) -> cell(month, channel).add(t));
  }

  public KpiTally total() {
    KpiTally out = new KpiTally();
    forEachCell((month, channel, t) -> out.add(t));
    return out;
  }

  /** One tally per month that has events, in month order. */
  public TreeMap<YearMonth, KpiTally> byMonth() {
    TreeMap<YearMonth, KpiTally> out = new TreeMap<>();
    forEachCell((m, c, t) -> out.computeIfAbsent(month(m), x -> new KpiTally()).add(t));
    return out;
  }

  /** One tally per channel that has events. */
  public EnumMap<Channel, KpiTally> byChannel() {
    EnumMap<Channel, KpiTally> out = new EnumMap<>(Channel.class);
    forEachCell((m, c, t) -> out.computeIfAbsent(c, x -> new KpiTally()).add(t));
    return out;
  }

  /** One tally per month of one channel. */
  public TreeMap<YearMonth, KpiTally> byMonth(Channel channel) {
    TreeMap<YearMonth, KpiTally> out = new TreeMap<>();
    forEachCell(
        (m, c, t) -> {
          if (c == channel) {
            out.computeIfAbsent(month(m), x -> new KpiTally()).add(t);
          }
        });
    return out;
  }

  private interface CellAction {
    void accept(int month, Channel channel, KpiTally tally);
  }

  private void forEachCell(CellAction action) {
    for (int i = 0; i < rows.length; i++) {
      if (rows[i] == null) {
        continue;
      }
      for (int c = 0; c < CHANNELS; c++) {
        if (rows[i][c] != null) {
          action.accept(base + i, Channel.ofOrdinal(c), rows[i][c]);
        }
      }
    }
  }
}
