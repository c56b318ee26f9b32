package dev.rapport.core.config;

/**
 * How customer lifetime value is computed: the time unit of the model inputs, the horizon and
 * discount of the value, and the margin that turns revenue into profit.
 *
 * @param unit time unit of recency and T (the BG/NBD inputs)
 * @param horizonMonths months of future value counted in {@code clv_12m}-style figures
 * @param monthlyDiscount discount rate per month, e.g. 0.01; future months count less
 * @param margin share of revenue that is profit (1 counts revenue; 0.3 a 30% margin)
 * @param costPerTicket what handling one support ticket costs, in the workspace currency: part of
 *     the cost to serve
 */
public record ClvSettings(
    PeriodUnit unit,
    int horizonMonths,
    double monthlyDiscount,
    double margin,
    double costPerTicket) {
  public ClvSettings {
    java.util.Objects.requireNonNull(unit, "clv.time_unit");
    if (horizonMonths < 1 || horizonMonths > 600) {
      throw new IllegalArgumentException(
          "clv.horizon_months must be between 1 and 600, got " + horizonMonths);
    }
    if (!(monthlyDiscount >= 0 && monthlyDiscount < 1)) {
      throw new IllegalArgumentException(
          "clv.monthly_discount must be at least 0 and below 1, got " + monthlyDiscount);
    }
    if (!(margin >= 0 && margin <= 1)) {
      throw new IllegalArgumentException("clv.margin must be between 0 and 1, got " + margin);
    }
    if (!(costPerTicket >= 0 && Double.isFinite(costPerTicket))) {
      throw new IllegalArgumentException(
          "clv.cost_per_ticket must be a number of at least 0, got " + costPerTicket);
    }
  }

  /** Model time units in one month (a month is 365.25 / 12 days). */
  public double unitsPerMonth() {
    return PeriodUnit.MONTHS.days() / unit.days();
  }

  /**
   * A placeholder handling cost of a ticket (industry figures for an e-mail or chat ticket run from
   * a few to tens of units of currency); written out by {@code rapport init} to be set.
   */
  public static final double DEFAULT_COST_PER_TICKET = 10.0;

  public static ClvSettings defaults() {
    return new ClvSettings(PeriodUnit.WEEKS, 12, 0.01, 1.0, DEFAULT_COST_PER_TICKET);
  }
}
