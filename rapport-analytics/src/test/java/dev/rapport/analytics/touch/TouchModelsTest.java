package dev.rapport.analytics.touch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.analytics.TestProfiles;
import dev.rapport.analytics.stats.Percentiles;
import dev.rapport.core.Channel;
import dev.rapport.core.config.RapportConfig;
import dev.rapport.core.profile.ChannelStats;
import dev.rapport.core.profile.CustomerProfile;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TouchModelsTest {
  static CustomerProfile customer(double revenue, int purchases, int phoneInbound, int webInbound) {
    return TestProfiles.customer()
        .channel(new ChannelStats(Channel.EMAIL, 60, 6, 54, 0, 0, 0.1))
        .channel(new ChannelStats(Channel.PHONE, 4, 2, 2, 0, phoneInbound, 0.3))
        .channel(new ChannelStats(Channel.WEB, 0, 0, 0, 0, webInbound, Double.NaN))
        .tenureDays(365)
        .purchases(purchases, revenue)
        .inbound(phoneInbound + webInbound)
        .build();
  }

  @Test
  void valueAndChannelPreferenceDecide() {
    List<CustomerProfile> ps = new ArrayList<>();
    for (int i = 0; i < 96; i++) {
      ps.add(customer(10 + i, 1, 0, 10)); // the bulk: 10..105
    }
    ps.add(customer(150, 5, 8, 2)); // top 5%, mostly phone
    ps.add(customer(5_000, 9, 0, 10)); // the most valuable, all web
    ps.add(customer(0, 0, 0, 3)); // never bought
    ps.add(customer(95.5, 3, 6, 2)); // top 20% and personal
    List<TouchModel> m = TouchModels.of(ps, RapportConfig.defaults());

    assertThat(m.get(96).kind()).isEqualTo(TouchModel.Kind.HIGH_TOUCH);
    assertThat(m.get(97).kind()).isEqualTo(TouchModel.Kind.HIGH_TOUCH);
    assertThat(m.get(97).reason()).startsWith("among the most valuable 5%");
    assertThat(m.get(98).kind()).isEqualTo(TouchModel.Kind.LOW_TOUCH);
    assertThat(m.get(98).reason()).startsWith("no purchase yet");
    assertThat(m.get(99).kind()).isEqualTo(TouchModel.Kind.HIGH_TOUCH);
    assertThat(m.get(99).reason()).startsWith("valuable and prefers personal channels");
    assertThat(m.get(0).kind()).isEqualTo(TouchModel.Kind.LOW_TOUCH); // the cheapest
    assertThat(m.get(90).kind()).isEqualTo(TouchModel.Kind.HYBRID); // top 20%, all web
    assertThat(m.get(90).reason()).startsWith("valuable, but serves themselves digitally");
    // Cost to serve: 60 emails x 0.01 + 4 calls x 5.00 over 12 months.
    assertThat(m.get(0).contactCostPerMonth()).isCloseTo(20.6 / (365 / 30.44), within(1e-9));
  }

  @Test
  void midRankPercentiles() {
    double[] sorted = {1, 2, 2, 3};
    assertThat(Percentiles.midRank(sorted, 2)).isEqualTo(50.0);
    assertThat(Percentiles.midRank(sorted, 1)).isEqualTo(12.5);
    assertThat(Percentiles.midRank(sorted, 9)).isEqualTo(100.0);
    assertThat(Percentiles.midRank(new double[0], 1)).isNaN();
  }

  private static org.assertj.core.data.Offset<Double> within(double d) {
    return org.assertj.core.data.Offset.offset(d);
  }
}
