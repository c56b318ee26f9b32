package dev.rapport.core.profile;

import dev.rapport.core.Channel;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An immutable snapshot of one customer at one time: what the fold knows. CLV inputs follow the
 * BG/NBD literature (Fader, Hardie &amp; Lee 2005): purchases are counted per day; {@code
 * frequency} is the number of purchase days after the first; {@code recency} the time from the
 * first purchase day to the last; {@code T} the time from the first purchase day to the end of
 * observation, both in the configured unit. They are NaN for customers who never purchased.
 *
 * @param customerKey the customer's key in the identity graph of the run that made this snapshot
 * @param customerId the customer's display id (its highest-priority identifier)
 * @param asOf the snapshot time: the end of observation
 * @param tenureDays days from first seen to {@code asOf}
 * @param inbound customer-initiated interactions, all channels
 * @param purchases purchase events
 * @param revenue gross value of purchases
 * @param returns return events
 * @param returnValue value of returns, zero or negative
 * @param monetaryValue mean value of repeat purchase days (0 when frequency is 0), as in lifetimes'
 *     {@code summary_data_from_transaction_data}
 * @param contactPressure touches in the contact-pressure window before {@code asOf}
 * @param unengagedStreak touches ignored in a row since the customer last engaged or acted
 * @param engagementScore 0-100
 * @param scoreComponents the signals behind the score, largest magnitude first
 */
public record CustomerProfile(
    int customerKey,
    String customerId,
    Instant asOf,
    Instant firstSeen,
    Instant lastSeen,
    double tenureDays,
    int events,
    List<ChannelStats> channels,
    int inbound,
    Instant lastInbound,
    int purchases,
    double revenue,
    int returns,
    double returnValue,
    Instant firstPurchase,
    Instant lastPurchase,
    double frequency,
    double recency,
    double T,
    double monetaryValue,
    int bounced,
    int unsubscribed,
    int complained,
    int contactPressure,
    int unengagedStreak,
    double engagementScore,
    List<ScoreComponent> scoreComponents) {

  public CustomerProfile {
    channels = List.copyOf(channels);
    scoreComponents = List.copyOf(scoreComponents);
  }

  public double netRevenue() {
    return revenue + returnValue;
  }

  /** Engaged touches over decided (engaged + unengaged) ones, all channels; 0 when none. */
  public double answeredShare() {
    int engaged = engaged();
    int decided = engaged + unengaged();
    return decided == 0 ? 0 : (double) engaged / decided;
  }

  // Loops rather than streams: these run for every customer in every analysis.
  public int touches() {
    int n = 0;
    for (ChannelStats s : channels) {
      n += s.touches();
    }
    return n;
  }

  public int engaged() {
    int n = 0;
    for (ChannelStats s : channels) {
      n += s.engaged();
    }
    return n;
  }

  public int unengaged() {
    int n = 0;
    for (ChannelStats s : channels) {
      n += s.unengaged();
    }
    return n;
  }

  /** This customer's stats on a channel, or zeros when they have none there. */
  public ChannelStats channel(Channel c) {
    for (ChannelStats s : channels) {
      if (s.channel() == c) {
        return s;
      }
    }
    return new ChannelStats(c, 0, 0, 0, 0, 0, Double.NaN);
  }

  /** The largest score components, e.g. "purchase +31.2; response +9.0; ignored -4.1". */
  public String scoreExplanation(int top) {
    return scoreComponents.stream()
        .limit(top)
        .map(ScoreComponent::toString)
        .collect(Collectors.joining("; "));
  }

  /** A copy under another display id. */
  public CustomerProfile withCustomer(int key, String id) {
    return new CustomerProfile(
        key,
        id,
        asOf,
        firstSeen,
        lastSeen,
        tenureDays,
        events,
        channels,
        inbound,
        lastInbound,
        purchases,
        revenue,
        returns,
        returnValue,
        firstPurchase,
        lastPurchase,
        frequency,
        recency,
        T,
        monetaryValue,
        bounced,
        unsubscribed,
        complained,
        contactPressure,
        unengagedStreak,
        engagementScore,
        scoreComponents);
  }
}
