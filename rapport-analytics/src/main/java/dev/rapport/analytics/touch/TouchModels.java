package dev.rapport.analytics.touch;

import dev.rapport.analytics.stats.Percentiles;
import dev.rapport.core.Channel;
import dev.rapport.core.config.RapportConfig;
import dev.rapport.core.profile.ChannelStats;
import dev.rapport.core.profile.CustomerProfile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The touch model of each customer, from value (predicted lifetime value over the CLV horizon where
 * the models could score the customer, else net revenue so far; as a percentile of the population),
 * what they cost to serve ({@link #contactCostPerMonth}) and their channel preference (the share of
 * their own activity on personal channels):
 *
 * <ul>
 *   <li><b>high-touch</b>: in the top {@value #HIGH_VALUE_PERCENTILE_COMPLEMENT}% by value, and
 *       either preferring personal channels (at least a quarter of their activity) or in the top
 *       5%, where personal attention is worth its cost whatever the channel;
 *   <li><b>low-touch</b>: below the median by value, or non-buyers: automated, self-service;
 *   <li><b>hybrid</b>: the rest: automated by default, personal at key moments.
 * </ul>
 */
public final class TouchModels {
  static final int HIGH_VALUE_PERCENTILE_COMPLEMENT = 20;
  private static final double PERSONAL_PREFERENCE = 0.25;
  private static final Set<Channel> PERSONAL =
      EnumSet.of(Channel.PHONE, Channel.CHAT, Channel.STORE, Channel.SUPPORT);

  private TouchModels() {}

  /** On historical net revenue alone. */
  public static List<TouchModel> of(List<CustomerProfile> profiles, RapportConfig config) {
    return of(profiles, config, null, 0);
  }

  /**
   * @param predicted per customer, the predicted value over the CLV horizon (NaN where the models
   *     could not score them: their net revenue so far is used); null for none
   * @param horizonMonths the horizon of {@code predicted}, for the reason
   */
  public static List<TouchModel> of(
      List<CustomerProfile> profiles, RapportConfig config, double[] predicted, int horizonMonths) {
    double[] value = new double[profiles.size()];
    for (int i = 0; i < value.length; i++) {
      value[i] =
          predicted != null && !Double.isNaN(predicted[i])
              ? predicted[i]
              : profiles.get(i).netRevenue();
    }
    double[] sorted = value.clone();
    Arrays.sort(sorted);
    List<TouchModel> out = new ArrayList<>(profiles.size());
    for (int i = 0; i < value.length; i++) {
      String valueText =
          predicted != null && !Double.isNaN(predicted[i])
              ? String.format(
                  Locale.ROOT,
                  "%.2f %s predicted over %d months",
                  value[i],
                  config.currency(),
                  horizonMonths)
              : String.format(Locale.ROOT, "%.2f %s net so far", value[i], config.currency());
      out.add(decide(profiles.get(i), Percentiles.midRank(sorted, value[i]), valueText, config));
    }
    return out;
  }

  /**
   * What the customer costs to serve a month: their touches on each channel times its cost per
   * touch ({@code channels.*.cost_per_touch}), over their tenure in months (at least one).
   */
  public static double contactCostPerMonth(CustomerProfile p, RapportConfig config) {
    double cost = 0;
    for (ChannelStats s : p.channels()) {
      cost += s.touches() * config.channel(s.channel()).costPerTouch();
    }
    return cost / Math.max(1.0, p.tenureDays() / 30.44);
  }

  static TouchModel decide(CustomerProfile p, double pct, RapportConfig config) {
    return decide(
        p,
        pct,
        String.format(Locale.ROOT, "%.2f %s net", p.netRevenue(), config.currency()),
        config);
  }

  static TouchModel decide(CustomerProfile p, double pct, String valueText, RapportConfig config) {
    int personal = 0;
    int own = 0;
    for (ChannelStats s : p.channels()) {
      own += s.inbound();
      if (PERSONAL.contains(s.channel())) {
        personal += s.inbound();
      }
    }
    double costPerMonth = contactCostPerMonth(p, config);
    double personalShare = own == 0 ? 0 : (double) personal / own;
    String facts =
        String.format(
            Locale.ROOT,
            "value at percentile %.0f (%s), %.0f%% of their activity on personal channels,"
                + " %.2f %s a month to serve",
            pct,
            valueText,
            personalShare * 100,
            costPerMonth,
            config.currency());
    TouchModel.Kind kind;
    String why;
    if (p.purchases() == 0 || pct < 50) {
      kind = TouchModel.Kind.LOW_TOUCH;
      why = p.purchases() == 0 ? "no purchase yet" : "value below the median";
    } else if (pct >= 100 - HIGH_VALUE_PERCENTILE_COMPLEMENT
        && (personalShare >= PERSONAL_PREFERENCE || pct >= 95)) {
      kind = TouchModel.Kind.HIGH_TOUCH;
      why = pct >= 95 ? "among the most valuable 5%" : "valuable and prefers personal channels";
    } else {
      kind = TouchModel.Kind.HYBRID;
      why =
          pct >= 100 - HIGH_VALUE_PERCENTILE_COMPLEMENT
              ? "valuable, but serves themselves digitally"
              : "mid value";
    }
    return new TouchModel(kind, pct, costPerMonth, personalShare, why + ": " + facts);
  }
}
