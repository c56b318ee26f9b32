package dev.rapport.analytics.segment;

import dev.rapport.analytics.rfm.Rfm;
import dev.rapport.core.lifecycle.Lifecycle;
import dev.rapport.core.profile.CustomerProfile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RFM scores and the workspace's named segments for a population of profiles: the RFM quintiles are
 * fitted on the buyers of this population, then every customer is scored and tested against every
 * rule.
 */
public final class Segmentation {
  private final Map<String, SegmentRule> rules;

  private Segmentation(Map<String, SegmentRule> rules) {
    this.rules = rules;
  }

  /**
   * Parses every rule.
   *
   * @throws IllegalArgumentException naming the segment, with the rule's line and column
   */
  public static Segmentation of(Map<String, String> segmentRules) {
    Map<String, SegmentRule> parsed = new LinkedHashMap<>();
    segmentRules.forEach(
        (name, text) -> {
          try {
            parsed.put(name, SegmentRule.parse(text, ProfileFields.SCHEMA));
          } catch (RuleException e) {
            throw new IllegalArgumentException("segment " + name + ": " + e.getMessage(), e);
          }
        });
    return new Segmentation(parsed);
  }

  /** One customer's RFM score (null for a non-buyer) and the names of the segments they are in. */
  public record Result(Rfm.Score rfm, List<String> segments) {}

  /** Each customer's RFM segment label (e.g. "at risk"), null for those without an RFM score. */
  public static List<String> rfmSegments(List<Result> results) {
    List<String> out = new ArrayList<>(results.size());
    for (Result r : results) {
      out.add(r.rfm() == null ? null : r.rfm().segment().label());
    }
    return out;
  }

  /** Results for each profile, in the same order; {@code lifecycles} aligned with profiles. */
  public List<Result> apply(List<CustomerProfile> profiles, List<Lifecycle> lifecycles) {
    Rfm rfm = fitRfm(profiles);
    List<Result> out = new ArrayList<>(profiles.size());
    for (int i = 0; i < profiles.size(); i++) {
      CustomerProfile p = profiles.get(i);
      Rfm.Score score = score(rfm, p);
      Row row = ProfileFields.row(new ProfileFields.Customer(p, lifecycles.get(i), score));
      List<String> in = new ArrayList<>(2);
      rules.forEach(
          (name, rule) -> {
            if (rule.test(row)) {
              in.add(name);
            }
          });
      out.add(new Result(score, List.copyOf(in)));
    }
    return out;
  }

  /** The customers matching one rule, for {@code rapport segment --rule}. */
  public static List<Integer> matching(
      SegmentRule rule, List<CustomerProfile> profiles, List<Lifecycle> lifecycles) {
    Rfm rfm = fitRfm(profiles);
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < profiles.size(); i++) {
      CustomerProfile p = profiles.get(i);
      Rfm.Score score = score(rfm, p);
      if (rule.test(ProfileFields.row(new ProfileFields.Customer(p, lifecycles.get(i), score)))) {
        out.add(i);
      }
    }
    return out;
  }

  private static Rfm fitRfm(List<CustomerProfile> profiles) {
    int n = profiles.size();
    double[] r = new double[n];
    double[] f = new double[n];
    double[] m = new double[n];
    for (int i = 0; i < n; i++) {
      CustomerProfile p = profiles.get(i);
      r[i] = recencyDays(p);
      f[i] = frequency(p);
      m[i] = monetary(p);
    }
    return Rfm.fit(r, f, m);
  }

  private static Rfm.Score score(Rfm rfm, CustomerProfile p) {
    return rfm.score(recencyDays(p), frequency(p), monetary(p));
  }

  /** RFM monetary: gross revenue; NaN for non-buyers. */
  private static double monetary(CustomerProfile p) {
    return p.purchases() > 0 ? p.revenue() : Double.NaN;
  }

  /** RFM recency: days from the last purchase to the as-of time; NaN for non-buyers. */
  private static double recencyDays(CustomerProfile p) {
    return ProfileFields.days(p.lastPurchase(), p.asOf());
  }

  /** RFM frequency: purchases (not the BG/NBD repeat-day count); NaN for non-buyers. */
  private static double frequency(CustomerProfile p) {
    return p.purchases() > 0 ? p.purchases() : Double.NaN;
  }
}
