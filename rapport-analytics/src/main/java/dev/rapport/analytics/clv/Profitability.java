package dev.rapport.analytics.clv;

import dev.rapport.analytics.touch.TouchModels;
import dev.rapport.core.config.RapportConfig;
import dev.rapport.core.profile.CustomerProfile;
import dev.rapport.core.service.ServiceEvidence;
import java.util.Arrays;
import java.util.List;

/**
 * Not all customers are equally profitable: predicted value net of what they cost to serve.
 *
 * <p>profit over the horizon = CLV over the horizon (already × margin) − cost to serve a month ×
 * the horizon's months, where the cost to serve a month is the customer's own touches per month so
 * far times each channel's cost per touch ({@link TouchModels#contactCostPerMonth}) plus their
 * support tickets per month so far times {@code clv.cost_per_ticket}: what the business spends on
 * them now, carried forward. The cost is not discounted (a month of touches costs what it costs);
 * it stops for nobody, which is the point: contact kept up with a customer who has left is pure
 * cost.
 *
 * <p>Value tiers: {@code negative} when the profit is not above 0, else by percentile of profit
 * among the profitable: {@code high} (top 20%), {@code medium} (next 30%), {@code low} (rest).
 * Customers without a CLV (never bought) have none.
 *
 * @param profit per customer (aligned with the profiles), NaN without a CLV
 * @param costToServe per customer, over the horizon
 * @param tier per customer, null without a CLV
 */
public record Profitability(double[] profit, double[] costToServe, String[] tier) {

  /**
   * @param services aligned with {@code profiles}: their tickets
   */
  public static Profitability of(
      List<CustomerProfile> profiles,
      List<ServiceEvidence> services,
      CustomerValue value,
      RapportConfig config) {
    int n = profiles.size();
    double[] profit = new double[n];
    double[] cost = new double[n];
    String[] tier = new String[n];
    Arrays.fill(profit, Double.NaN);
    int months = config.clv().horizonMonths();
    for (int i = 0; i < n; i++) {
      cost[i] = costToServePerMonth(profiles.get(i), services.get(i), config) * months;
      if (value != null && !Double.isNaN(value.clv()[i])) {
        profit[i] = value.clv()[i] - cost[i];
      }
    }
    double[] positive = Arrays.stream(profit).filter(p -> p > 0).sorted().toArray();
    for (int i = 0; i < n; i++) {
      if (Double.isNaN(profit[i])) {
        continue;
      }
      if (profit[i] <= 0) {
        tier[i] = "negative";
        continue;
      }
      // Share of the profitable with a lower profit.
      int below = lowerBound(positive, profit[i]);
      double share = (double) below / positive.length;
      tier[i] = share >= 0.8 ? "high" : share >= 0.5 ? "medium" : "low";
    }
    return new Profitability(profit, cost, tier);
  }

  /** Touches at each channel's cost and tickets at the ticket cost, per month of tenure. */
  public static double costToServePerMonth(
      CustomerProfile p, ServiceEvidence s, RapportConfig config) {
    double tickets = s.ticketsOpened() / Math.max(1.0, p.tenureDays() / 30.44);
    return TouchModels.contactCostPerMonth(p, config) + tickets * config.clv().costPerTicket();
  }

  private static int lowerBound(double[] sorted, double v) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
