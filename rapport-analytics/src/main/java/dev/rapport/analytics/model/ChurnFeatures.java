package dev.rapport.analytics.model;

import dev.rapport.core.Channel;
import dev.rapport.core.profile.ChannelStats;
import dev.rapport.core.profile.CustomerProfile;
import dev.rapport.core.service.ServiceEvidence;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The churn model's view of a profile: engaged <b>and</b> unengaged behaviour — recency and
 * frequency, value, how often the customer answers us per channel and how often they ignore us, the
 * current run of ignored touches, contact pressure, unsubscribes, complaints and bounces, tenure,
 * the engagement score, support tickets with their first-response and resolution times, and the
 * latest survey scores. Missing values (a response rate on a channel never used, the recency of a
 * customer who never bought) are NaN: trees learn where they go, logistic regression takes the
 * training mean ({@link Features}).
 */
public final class ChurnFeatures {
  private ChurnFeatures() {}

  /** The channels whose response rate and touches are features of their own. */
  static final Channel[] CHANNELS = {Channel.EMAIL, Channel.SMS, Channel.PUSH, Channel.PHONE};

  public static List<String> names() {
    List<String> n =
        new ArrayList<>(
            List.of(
                "days_since_last_inbound",
                "days_since_last_purchase",
                "tenure_days",
                "inbound",
                "purchases",
                "frequency",
                "net_revenue",
                "monetary_value",
                "returns",
                "touches",
                "engaged",
                "unengaged",
                "answered_share",
                "unengaged_streak",
                "contact_pressure",
                "bounced",
                "unsubscribed",
                "complained",
                "engagement_score",
                "tickets_opened",
                "tickets_open",
                "first_response_hours",
                "resolution_hours",
                "surveys",
                "last_csat",
                "last_nps",
                "last_ces"));
    for (Channel c : CHANNELS) {
      n.add(c.id() + "_touches");
      n.add(c.id() + "_response_rate");
    }
    return n;
  }

  public static double[] of(CustomerProfile p, ServiceEvidence s) {
    double[] f = new double[names().size()];
    int k = 0;
    f[k++] = days(p.lastInbound(), p.asOf());
    f[k++] = days(p.lastPurchase(), p.asOf());
    f[k++] = p.tenureDays();
    f[k++] = p.inbound();
    f[k++] = p.purchases();
    f[k++] = Double.isFinite(p.frequency()) ? p.frequency() : 0;
    f[k++] = p.netRevenue();
    f[k++] = p.purchases() > 0 ? p.monetaryValue() : Double.NaN;
    f[k++] = p.returns();
    f[k++] = p.touches();
    f[k++] = p.engaged();
    f[k++] = p.unengaged();
    f[k++] = p.touches() == 0 ? Double.NaN : p.answeredShare();
    f[k++] = p.unengagedStreak();
    f[k++] = p.contactPressure();
    f[k++] = p.bounced();
    f[k++] = p.unsubscribed();
    f[k++] = p.complained();
    f[k++] = p.engagementScore();
    f[k++] = s.ticketsOpened();
    f[k++] = s.ticketsOpen();
    f[k++] = s.meanFirstResponseHours();
    f[k++] = s.meanResolutionHours();
    f[k++] = s.surveys();
    f[k++] = s.lastCsat();
    f[k++] = s.lastNps();
    f[k++] = s.lastCes();
    for (Channel c : CHANNELS) {
      ChannelStats cs = p.channel(c);
      f[k++] = cs.touches();
      f[k++] = cs.touches() == 0 ? Double.NaN : cs.responseRate();
    }
    return f;
  }

  /** One row per profile; {@code services} aligned with {@code profiles}. */
  public static double[][] of(List<CustomerProfile> profiles, List<ServiceEvidence> services) {
    double[][] x = new double[profiles.size()][];
    for (int i = 0; i < x.length; i++) {
      x[i] = of(profiles.get(i), services.get(i));
    }
    return x;
  }

  private static double days(Instant from, Instant to) {
    return from == null || to == null
        ? Double.NaN
        : (to.getEpochSecond() - from.getEpochSecond()) / 86_400.0;
  }
}
