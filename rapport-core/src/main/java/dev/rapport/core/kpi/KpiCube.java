package dev.rapport.core.kpi;

import dev.rapport.core.Channel;
import java.time.YearMonth;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * KPI tallies of events by month (in the workspace time zone) and channel: the event-level view,
 * from which the totals, the by-channel and the by-month KPIs and every trend are summed. One cube
 * per fold thread; the threads' cubes {@link #add} into one.
 *
 * <p>A month's cells are an array by channel, and the last month asked for is kept at hand: a
 * customer's events come in time order, so the month map is consulted once per customer and month,
 * not once per event (a map keyed by month × channel boxed a key per event).
 */
public final class KpiCube {
  private static final int CHANNELS = Channel.values().length;

  private final Map<Integer, KpiTally[]> months = new HashMap<>();
  private int lastMonth = Integer.MIN_VALUE;
  private KpiTally[] lastRow;

  /** The cell of a month (as {@link #monthIndex}) and channel, created when first asked for. */
  KpiTally cell(int month, Channel channel) {
    if (month != lastMonth || lastRow == null) {
      lastRow = months.computeIfAbsent(month, m -> new KpiTally[CHANNELS]);
      lastMonth = month;
    }
    KpiTally t = lastRow[channel.ordinal()];
    if (t == null) {
      t = new KpiTally();
      lastRow[channel.ordinal()] = t;
    }
    return t;
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
    BiConsumer<Integer, KpiTally[]> row =
        (month, cells) -> {
          for (int c = 0; c < CHANNELS; c++) {
            if (cells[c] != null) {
              action.accept(month, Channel.ofOrdinal(c), cells[c]);
            }
          }
        };
    months.forEach(row);
  }
}
