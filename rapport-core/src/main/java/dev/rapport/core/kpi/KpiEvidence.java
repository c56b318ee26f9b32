package dev.rapport.core.kpi;

/**
 * One customer's KPI inputs, for the customer-level KPIs and every grouping of customers (segment,
 * stage, attribute).
 *
 * @param tally the customer's events, counted as in the cube
 * @param funnelSteps per funnel of the settings, in order: how many of its steps the customer
 *     reached (0: never entered)
 * @param firstPurchaseMonth the month of the first purchase ({@link KpiCube#monthIndex}), or {@link
 *     #NO_PURCHASE}
 * @param purchaseMonths bit {@code k} set when the customer bought in the {@code k}-th month after
 *     the first (bit 0: the first month itself)
 */
public record KpiEvidence(
    KpiTally tally, byte[] funnelSteps, int firstPurchaseMonth, long[] purchaseMonths) {
  public static final int NO_PURCHASE = Integer.MIN_VALUE;

  /** Whether the customer bought in month {@code k} after their first purchase month. */
  public boolean boughtInMonth(int k) {
    int word = k >>> 6;
    return k >= 0 && word < purchaseMonths.length && (purchaseMonths[word] & (1L << (k & 63))) != 0;
  }

  /** The customer answered a touch or responded on a channel at least once. */
  public boolean engaged() {
    return tally.count(KpiCount.ENGAGED) > 0 || tally.count(KpiCount.RESPONSES) > 0;
  }
}
