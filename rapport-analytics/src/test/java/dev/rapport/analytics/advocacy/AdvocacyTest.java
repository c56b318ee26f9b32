package dev.rapport.analytics.advocacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rapport.analytics.advocacy.Advocacy.Advocate;
import dev.rapport.analytics.advocacy.Advocacy.Customer;
import dev.rapport.analytics.advocacy.ReferralGraph.Edge;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdvocacyTest {
  // A referred B and C; B referred D and E; D and C both referred F; G referred H.
  private static final List<Edge> EDGES =
      List.of(
          new Edge("A", "B"),
          new Edge("A", "C"),
          new Edge("B", "D"),
          new Edge("B", "E"),
          new Edge("D", "F"),
          new Edge("C", "F"),
          new Edge("G", "H"),
          new Edge("G", "H"), // logged twice: one edge
          new Edge("H", "H")); // self-referral: none

  /**
   * Reference values from networkx 3.6.1, {@code nx.pagerank(G, alpha=0.85, tol=1e-14)} on the
   * reversed graph (referred → referrer).
   */
  @Test
  void pageRank_matchesNetworkx() {
    ReferralGraph g = ReferralGraph.of(EDGES);
    assertThat(g.pageRank("A")).isCloseTo(0.3090496121480057, within(1e-9));
    assertThat(g.pageRank("B")).isCloseTo(0.19655447785451108, within(1e-9));
    assertThat(g.pageRank("C")).isCloseTo(0.09149534698005331, within(1e-9));
    assertThat(g.pageRank("D")).isCloseTo(0.09149534698005331, within(1e-9));
    assertThat(g.pageRank("F")).isCloseTo(0.06420726103863494, within(1e-9));
    assertThat(g.pageRank("G")).isCloseTo(0.11878343292147167, within(1e-9));
    double sum = g.nodes().stream().mapToDouble(g::pageRank).sum();
    assertThat(sum).isCloseTo(1, within(1e-9));
    assertThat(g.pageRank("nobody")).isZero();
  }

  @Test
  void reach_countsEveryoneDownstreamOnce() {
    ReferralGraph g = ReferralGraph.of(EDGES);
    assertThat(g.reach("A")).isEqualTo(5); // B, C, D, E, F (F twice over, counted once)
    assertThat(g.reach("B")).isEqualTo(3);
    assertThat(g.reach("G")).isEqualTo(1);
    assertThat(g.referrals("G")).isEqualTo(1);
    assertThat(g.edges()).isEqualTo(7);
  }

  @Test
  void reach_terminatesOnCycles() {
    ReferralGraph g = ReferralGraph.of(List.of(new Edge("A", "B"), new Edge("B", "A")));
    assertThat(g.reach("A")).isEqualTo(1);
    assertThat(g.pageRank("A")).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void advocates_rankByPageRank_withTheValueOfWhomTheyReferred() {
    Map<String, Customer> customers =
        Map.of(
            "A", new Customer(3, 300),
            "B", new Customer(1, 50),
            "C", new Customer(0, 0),
            "G", new Customer(2, 80),
            "H", new Customer(1, 20));
    Advocacy a = Advocacy.of(EDGES, customers, new Reviews(), 4, 10);

    assertThat(a.advocates())
        .extracting(Advocate::customerId)
        .containsExactly("A", "B", "G", "C", "D");
    Advocate top = a.advocates().get(0);
    assertThat(top.referrals()).isEqualTo(2);
    assertThat(top.reach()).isEqualTo(5);
    assertThat(top.referredBuyers()).isEqualTo(1); // B bought; C did not
    assertThat(top.referredRevenue()).isEqualTo(50);
    // Referred and known as customers: B, C, H (D, E, F never seen).
    assertThat(a.referredCustomers()).isEqualTo(3);
    assertThat(a.referredBuyers()).isEqualTo(2);
    assertThat(a.referredRevenue()).isEqualTo(70);
  }

  @Test
  void reviews_countStarsOnTheFivePointScaleOnly() {
    Reviews r = new Reviews();
    r.add(5, true);
    r.add(4, false);
    r.add(1, true);
    r.add(Double.NaN, true);
    r.add(9, false); // not stars
    assertThat(r.count()).isEqualTo(5);
    assertThat(r.scored()).isEqualTo(3);
    assertThat(r.withText()).isEqualTo(3);
    assertThat(r.meanStars()).isCloseTo(10.0 / 3, within(1e-12));
    assertThat(r.positiveShare()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(r.withStars(5)).isEqualTo(1);
  }
}
