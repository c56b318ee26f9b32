package dev.rapport.analytics.advocacy;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The social side of engagement: the referral graph and its advocates, reviews, and promoters.
 *
 * @param graph who referred whom
 * @param customers what is known of the graph's people who are customers, by customer id
 * @param advocates every referrer, by PageRank, highest first
 * @param referredCustomers people referred who are customers (have events of their own)
 * @param referredBuyers referred customers who bought
 * @param referredRevenue the revenue of the referred customers, net of returns
 * @param reviews the reviews written
 * @param promoters customers whose latest NPS answer is 9 or 10
 * @param npsAnswerers customers with an NPS answer
 */
public record Advocacy(
    ReferralGraph graph,
    Map<String, Customer> customers,
    List<Advocate> advocates,
    long referredCustomers,
    long referredBuyers,
    double referredRevenue,
    Reviews reviews,
    long promoters,
    long npsAnswerers) {

  /**
   * One referrer.
   *
   * @param customerId the referrer's customer id
   * @param referrals people they referred
   * @param reach people downstream of them in the graph
   * @param pageRank their PageRank in the reversed graph
   * @param referredBuyers people they referred who bought
   * @param referredRevenue revenue of the people they referred
   */
  public record Advocate(
      String customerId,
      int referrals,
      int reach,
      double pageRank,
      int referredBuyers,
      double referredRevenue) {}

  /**
   * What the analysis knows of a person of the graph who is a customer.
   *
   * @param purchases their purchases
   * @param revenue their revenue, net of returns
   */
  public record Customer(int purchases, double revenue) {}

  /**
   * Builds the advocacy view.
   *
   * @param customers the customers among the graph's nodes, by customer id; a node missing here was
   *     referred but never seen as a customer
   */
  public static Advocacy of(
      List<ReferralGraph.Edge> edges,
      Map<String, Customer> customers,
      Reviews reviews,
      long promoters,
      long npsAnswerers) {
    ReferralGraph g = ReferralGraph.of(edges);
    long referredCustomers = 0;
    long referredBuyers = 0;
    double referredRevenue = 0;
    for (String node : g.nodes()) {
      Customer c = customers.get(node);
      if (c != null && g.isReferred(node)) {
        referredCustomers++;
        referredBuyers += c.purchases() > 0 ? 1 : 0;
        referredRevenue += c.revenue();
      }
    }
    ToDoubleFunction<Advocate> rank = Advocate::pageRank;
    List<Advocate> advocates =
        g.nodes().stream()
            .filter(n -> g.referrals(n) > 0)
            .map(n -> advocate(g, n, customers))
            .sorted(
                Comparator.comparingDouble(rank)
                    .reversed()
                    .thenComparing(Comparator.comparingInt(Advocate::reach).reversed())
                    .thenComparing(Advocate::customerId))
            .toList();
    return new Advocacy(
        g,
        Map.copyOf(customers),
        advocates,
        referredCustomers,
        referredBuyers,
        referredRevenue,
        reviews,
        promoters,
        npsAnswerers);
  }

  private static Advocate advocate(ReferralGraph g, String id, Map<String, Customer> customers) {
    int buyers = 0;
    double revenue = 0;
    for (String r : g.referredBy(id)) {
      Customer c = customers.get(r);
      if (c != null) {
        buyers += c.purchases() > 0 ? 1 : 0;
        revenue += c.revenue();
      }
    }
    return new Advocate(id, g.referrals(id), g.reach(id), g.pageRank(id), buyers, revenue);
  }
}
