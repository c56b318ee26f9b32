package dev.rapport.analytics.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rapport.analytics.TestProfiles;
import dev.rapport.core.Channel;
import dev.rapport.core.config.ClvSettings;
import dev.rapport.core.config.RapportConfig;
import dev.rapport.core.profile.ChannelStats;
import dev.rapport.core.profile.CustomerProfile;
import dev.rapport.core.service.ServiceEvidence;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProfitabilityTest {
  @Test
  void profitIsClvLessTheCostToServe_andTiersSplitTheProfitable() {
    RapportConfig config = RapportConfig.defaults();
    List<CustomerProfile> profiles = new ArrayList<>();
    double[] clv = new double[12];
    for (int i = 0; i < 12; i++) {
      // Phone touches cost 5 each; 10 a month over a year of tenure for customer 0.
      TestProfiles.Builder b = TestProfiles.customer();
      if (i == 0) {
        b.channel(new ChannelStats(Channel.PHONE, 120, 10, 110, 0, 10, 0.1));
      }
      profiles.add(b.build());
      clv[i] = 100 * (i + 1);
    }
    clv[11] = Double.NaN; // never bought: no CLV
    CustomerValue v =
        new CustomerValue(
            null,
            null,
            0,
            ClvSettings.defaults(),
            new double[12],
            new double[12],
            new double[12],
            clv,
            0);
    List<ServiceEvidence> services = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      // customer 1 opened 6 tickets in their year: half a ticket a month at 10 each
      services.add(
          new ServiceEvidence(i == 1 ? 6 : 0, 0, 0, 0, 0, 0, 0, Float.NaN, Float.NaN, Float.NaN));
    }
    Profitability p = Profitability.of(profiles, services, v, config);
    double months = profiles.get(0).tenureDays() / 30.44;
    assertThat(p.costToServe()[0]).isCloseTo(120 * 5.0 / Math.max(1, months) * 12, within(1e-9));
    assertThat(config.clv().costPerTicket()).isEqualTo(10.0);
    assertThat(p.costToServe()[1]).isCloseTo(6 * 10.0 / months * 12, within(1e-9));
    assertThat(p.profit()[0]).isCloseTo(100 - p.costToServe()[0], within(1e-9));
    assertThat(p.tier()[0]).isEqualTo("negative");
    assertThat(p.profit()[11]).isNaN();
    assertThat(p.tier()[11]).isNull();
    // Ten profitable customers, 200..1100: the top two high, the next three medium, five low.
    assertThat(p.tier()[10]).isEqualTo("high");
    assertThat(p.tier()[9]).isEqualTo("high");
    assertThat(p.tier()[8]).isEqualTo("medium");
    assertThat(p.tier()[6]).isEqualTo("medium");
    assertThat(p.tier()[5]).isEqualTo("low");
    assertThat(p.tier()[1]).isEqualTo("low");
  }
}
