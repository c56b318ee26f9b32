package dev.rapport.analytics.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.analytics.TestProfiles;
import dev.rapport.core.Channel;
import dev.rapport.core.profile.ChannelStats;
import dev.rapport.core.profile.CustomerProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BehaviourClustersTest {
  static CustomerProfile customer(
      int purchases, double revenue, int engaged, int touches, int daysSilent, int inbound) {
    return TestProfiles.customer()
        .channel(new ChannelStats(Channel.EMAIL, touches, engaged, touches - engaged, 0, 0, 0.2))
        .tenureDays(400)
        .daysSilent(daysSilent)
        .purchases(purchases, revenue)
        .inbound(inbound)
        .build();
  }

  /** Three well-separated kinds of customer, with noise. */
  static List<CustomerProfile> population(long seed) {
    Random r = new Random(seed);
    List<CustomerProfile> ps = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      // big spenders who answer
      ps.add(
          customer(
              20 + r.nextInt(5),
              3_000 + r.nextInt(500),
              30 + r.nextInt(5),
              60,
              2 + r.nextInt(5),
              60));
      // one-off buyers gone quiet
      ps.add(customer(1, 40 + r.nextInt(20), r.nextInt(2), 60, 200 + r.nextInt(60), 2));
      // browsers who never buy
      ps.add(customer(0, 0, 5 + r.nextInt(3), 60, 10 + r.nextInt(10), 80 + r.nextInt(20)));
    }
    return ps;
  }

  @Test
  void findsTheThreeGroupsBySilhouette_andDescribesThem() {
    List<CustomerProfile> ps = population(1);
    BehaviourClusters.Result r = BehaviourClusters.fit(ps, 42);
    assertThat(r.k()).isEqualTo(3);
    assertThat(r.silhouette()).isGreaterThan(0.5);
    assertThat(r.sizes()).containsExactly(300, 300, 300);
    // Every customer of a kind shares a cluster.
    for (int kind = 0; kind < 3; kind++) {
      int c = r.assignment()[kind];
      for (int i = kind; i < ps.size(); i += 3) {
        assertThat(r.assignment()[i]).isEqualTo(c);
      }
    }
    String spenders = r.descriptions().get(r.assignment()[0]);
    assertThat(spenders).contains("high revenue").doesNotContain("low revenue");
    String quiet = r.descriptions().get(r.assignment()[1]);
    assertThat(quiet).contains("high days since last seen");
  }

  @Test
  void sameSeedSameClusters() {
    List<CustomerProfile> ps = population(2);
    assertThat(BehaviourClusters.fit(ps, 7).assignment())
        .containsExactly(BehaviourClusters.fit(ps, 7).assignment());
  }
}
