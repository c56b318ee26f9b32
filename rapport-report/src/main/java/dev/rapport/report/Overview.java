package dev.rapport.report;

import dev.rapport.core.Channel;
import dev.rapport.core.profile.ChannelStats;
import dev.rapport.core.profile.CustomerProfile;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Population totals computed from profiles: the one place the report's figures are defined. Rates
 * use the full denominator (every decided touch, ignored ones included), never only responders.
 */
public final class Overview {
  /** Totals for one channel over all customers. */
  public record ChannelTotals(
      Channel channel, long touches, long engaged, long unengaged, long pending, long inbound) {
    /** Engaged share of decided touches; NaN when none was decided. */
    public double engagedRate() {
      long decided = engaged + unengaged;
      return decided == 0 ? Double.NaN : (double) engaged / decided;
    }
  }

  private final int customers;
  private final long events;
  private final long purchases;
  private final double revenue;
  private final double returnValue;
  private final long buyers;
  private final Map<Channel, ChannelTotals> channels;
  private final int[] scoreHistogram;
  private final double meanScore;

  private Overview(
      int customers,
      long events,
      long purchases,
      double revenue,
      double returnValue,
      long buyers,
      Map<Channel, ChannelTotals> channels,
      int[] scoreHistogram,
      double meanScore) {
    this.customers = customers;
    this.events = events;
    this.purchases = purchases;
    this.revenue = revenue;
    this.returnValue = returnValue;
    this.buyers = buyers;
    this.channels = channels;
    this.scoreHistogram = scoreHistogram;
    this.meanScore = meanScore;
  }

  public static Overview of(List<CustomerProfile> profiles) {
    long events = 0;
    long purchases = 0;
    long buyers = 0;
    double revenue = 0;
    double returnValue = 0;
    double scoreSum = 0;
    int[] histogram = new int[10];
    long[][] ch = new long[Channel.values().length][5];
    for (CustomerProfile p : profiles) {
      events += p.events();
      purchases += p.purchases();
      buyers += p.purchases() > 0 ? 1 : 0;
      revenue += p.revenue();
      returnValue += p.returnValue();
      scoreSum += p.engagementScore();
      histogram[Math.min(9, (int) (p.engagementScore() / 10.0))]++;
      for (ChannelStats s : p.channels()) {
        long[] t = ch[s.channel().ordinal()];
        t[0] += s.touches();
        t[1] += s.engaged();
        t[2] += s.unengaged();
        t[3] += s.pending();
        t[4] += s.inbound();
      }
    }
    Map<Channel, ChannelTotals> channels = new EnumMap<>(Channel.class);
    for (Channel c : Channel.values()) {
      long[] t = ch[c.ordinal()];
      if (t[0] + t[4] > 0) {
        channels.put(c, new ChannelTotals(c, t[0], t[1], t[2], t[3], t[4]));
      }
    }
    return new Overview(
        profiles.size(),
        events,
        purchases,
        revenue,
        returnValue,
        buyers,
        channels,
        histogram,
        profiles.isEmpty() ? Double.NaN : scoreSum / profiles.size());
  }

  public int customers() {
    return customers;
  }

  public long events() {
    return events;
  }

  public long purchases() {
    return purchases;
  }

  public long buyers() {
    return buyers;
  }

  public double revenue() {
    return revenue;
  }

  public double returnValue() {
    return returnValue;
  }

  public double meanScore() {
    return meanScore;
  }

  /** Channels with any touch or inbound activity, in channel order. */
  public Map<Channel, ChannelTotals> channels() {
    return channels;
  }

  /** Customers per score decile: [0,10), [10,20), ... [90,100]. */
  public int[] scoreHistogram() {
    return scoreHistogram.clone();
  }

  public long touches() {
    return channels.values().stream().mapToLong(ChannelTotals::touches).sum();
  }

  public long engaged() {
    return channels.values().stream().mapToLong(ChannelTotals::engaged).sum();
  }

  public long unengaged() {
    return channels.values().stream().mapToLong(ChannelTotals::unengaged).sum();
  }
}
