package dev.rapport.analytics.clv;

/**
 * Discounted customer lifetime value over a horizon: the expected purchases of each month (BG/NBD's
 * conditional expectation, cumulative, differenced month by month) times the expected value per
 * purchase (Gamma-Gamma), discounted at a monthly rate, summed: the discrete-time discounted
 * expected residual value of Fader, Hardie &amp; Lee (2005, JMR), computed month by month as
 * lifetimes' {@code customer_lifetime_value} does, so results are comparable.
 */
public final class LifetimeValue {
  private LifetimeValue() {}

  /**
   * @param purchases the purchase model
   * @param x frequency (repeat purchases)
   * @param tx recency, in model time units
   * @param T age, in model time units
   * @param valuePerPurchase expected value of one purchase (e.g. {@link
   *     GammaGamma#expectedAverageValue}), times the margin for profit
   * @param months the horizon
   * @param monthlyDiscount e.g. 0.01 for 1% a month
   * @param unitsPerMonth model time units in a month (weeks: 4.345; days: 30)
   */
  public static double discounted(
      BgNbd.Params purchases,
      double x,
      double tx,
      double T,
      double valuePerPurchase,
      int months,
      double monthlyDiscount,
      double unitsPerMonth) {
    double clv = 0;
    double before = 0;
    double discount = 1;
    for (int month = 1; month <= months; month++) {
      double upTo = BgNbd.expectedPurchases(purchases, month * unitsPerMonth, x, tx, T);
      discount /= 1 + monthlyDiscount;
      clv += valuePerPurchase * (upTo - before) * discount;
      before = upTo;
    }
    return clv;
  }
}
