package dev.rapport.analytics.touch;

/**
 * How much personal attention a customer should get (DESIGN §1).
 *
 * @param kind high-touch, low-touch or hybrid
 * @param valuePercentile the customer's net revenue as a percentile of the population (0-100)
 * @param contactCostPerMonth what our touches to them cost a month, in the workspace currency
 * @param personalShare the share of their own activity on personal channels (phone, chat, store,
 *     support)
 * @param reason the decision in words
 */
public record TouchModel(
    Kind kind,
    double valuePercentile,
    double contactCostPerMonth,
    double personalShare,
    String reason) {

  /** The three engagement models. */
  public enum Kind {
    /** Frequent, personal attention: high value, and worth the cost of personal channels. */
    HIGH_TOUCH,
    /** Automated, self-service: most of the base. */
    LOW_TOUCH,
    /** Automated by default, personal at key moments. */
    HYBRID;

    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }
}
