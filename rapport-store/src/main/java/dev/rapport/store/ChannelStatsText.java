package dev.rapport.store;

import dev.rapport.core.Channel;
import dev.rapport.core.profile.ChannelStats;
import java.util.ArrayList;
import java.util.List;

/**
 * The stored form of a profile's channel stats: {@code
 * channel:touches:engaged:unengaged:pending:inbound:rate} per channel, joined by {@code ;}, in the
 * profile's order. The rate is written with {@link Double#toString(double)} (so {@code NaN} for no
 * decided touch), which {@link Double#parseDouble} reads back exactly.
 */
final class ChannelStatsText {
  private ChannelStatsText() {}

  static String write(List<ChannelStats> channels) {
    StringBuilder b = new StringBuilder(40 * channels.size());
    for (int i = 0; i < channels.size(); i++) {
      ChannelStats c = channels.get(i);
      if (i > 0) {
        b.append(';');
      }
      b.append(c.channel().id())
          .append(':')
          .append(c.touches())
          .append(':')
          .append(c.engaged())
          .append(':')
          .append(c.unengaged())
          .append(':')
          .append(c.pending())
          .append(':')
          .append(c.inbound())
          .append(':')
          .append(c.responseRate());
    }
    return b.toString();
  }

  static List<ChannelStats> read(String text) {
    if (text == null || text.isEmpty()) {
      return List.of();
    }
    List<ChannelStats> list = new ArrayList<>();
    for (String part : text.split(";", -1)) {
      String[] f = part.split(":", -1);
      if (f.length != 7) {
        throw new IllegalArgumentException("bad channel stats '" + part + "' in '" + text + "'");
      }
      list.add(
          new ChannelStats(
              Channel.parse(f[0]),
              Integer.parseInt(f[1]),
              Integer.parseInt(f[2]),
              Integer.parseInt(f[3]),
              Integer.parseInt(f[4]),
              Integer.parseInt(f[5]),
              Double.parseDouble(f[6])));
    }
    return list;
  }
}
