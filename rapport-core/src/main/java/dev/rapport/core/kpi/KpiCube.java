package dev.rapport.core.kpi;

import dev.rapport.core.Channel;
import java.time.YearMonth;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * KPI tallies of events by month (in the workspace time zone) and channel: the event-level view,
 * from which the totals, the by-channel and the by-month KPIs and every trend are summed. One cube
 * per fold thread; the threads' cubes {@link #add} into one.
 */
public final class KpiCube {
  private final Map<Integer, KpiTally> cells = new HashMap<>();

  /** The cell of a month (as {@link #monthIndex}) and channel, created when first asked for. */
  KpiTally cell(int month, Channel channel) {
    return cells.computeIfAbsent(
        month * Channel.values().length + channel.ordinal(), k -> new KpiTally());
  }

  /** Months counted from year 0: {@code year * 12 + month - 1}. */
  public static int monthIndex(YearMonth m) {
    return m.getYear() * 12 + m.getMonthValue() - 1;
  }

  public static YearMonth month(int index) {
    return YearMonth.of(Math.floorDiv(index, 12), Math.floorMod(index, 12) + 1);
  }

  public void add(KpiCube other) {
    other.cells.forEach((k, v) -> cells.computeIfAbsent(k, x -> new KpiTally()).add(v));
  }

  public KpiTally total() {
    return KpiTally.sum(cells.values());
  }

  /** One tally per month that has events, in month order. */
  public TreeMap<YearMonth, KpiTally> byMonth() {
    TreeMap<YearMonth, KpiTally> out = new TreeMap<>();
    cells.forEach(
        (k, v) ->
            out.computeIfAbsent(month(k / Channel.values().length), x -> new KpiTally()).add(v));
    return out;
  }

  /** One tally per channel that has events. */
  public EnumMap<Channel, KpiTally> byChannel() {
    EnumMap<Channel, KpiTally> out = new EnumMap<>(Channel.class);
    cells.forEach(
        (k, v) ->
            out.computeIfAbsent(Channel.ofOrdinal(k % Channel.values().length), x -> new KpiTally())
                .add(v));
    return out;
  }

  /** One tally per month of one channel. */
  public TreeMap<YearMonth, KpiTally> byMonth(Channel channel) {
    TreeMap<YearMonth, KpiTally> out = new TreeMap<>();
    cells.forEach(
        (k, v) -> {
          if (k % Channel.values().length == channel.ordinal()) {
            out.computeIfAbsent(month(k / Channel.values().length), x -> new KpiTally()).add(v);
          }
        });
    return out;
  }
}
