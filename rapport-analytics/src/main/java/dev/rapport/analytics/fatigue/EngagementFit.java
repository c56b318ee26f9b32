package dev.rapport.analytics.fatigue;

import dev.rapport.core.contact.ContactEvidence;
import dev.rapport.core.profile.CustomerProfile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hipparchus.distribution.continuous.NormalDistribution;
import org.hipparchus.distribution.continuous.TDistribution;
import org.hipparchus.stat.correlation.SpearmansCorrelation;

/**
 * The engagement-fit view: within each segment, does more contact go with more revenue, or only
 * with more unsubscribes and complaints? Two questions, each asked where it can be answered without
 * a bias of its own:
 *
 * <ul>
 *   <li><b>Revenue</b>, per customer: each customer's contact rate (touches per 30 days of tenure)
 *       against their net revenue per 30 days, by Spearman's rank correlation (revenue is mostly
 *       zeros with a long tail, so ranks, not values), tested at 5%; and the segment's customers in
 *       bands of contact rate with their mean revenue per 30 days, for the chart.
 *   <li><b>Losses</b>, per touch at the moment it was made ({@link ContactFatigue}, summed over the
 *       segment's customers): unsubscribes and complaints per touch in the busiest band of contact
 *       pressure against the quietest, by a two-proportion z-test. Counting at the moment matters
 *       because a customer who unsubscribed is touched less afterwards: per customer, the
 *       unsubscribed would look like the least contacted.
 * </ul>
 *
 * <p>This is association, not effect: a business that touches its best customers most sees revenue
 * rise with contact whatever contact does. The holdout comparison ({@code CampaignLift}) measures
 * the effect; this view says where more contact is at least not costing customers.
 *
 * @param segmentation what the segments are (e.g. {@code rfm_segment})
 * @param segments one per value, largest first
 */
public record EngagementFit(String segmentation, List<Segment> segments) {

  /** A segment with fewer customers than this gets {@link Verdict#TOO_SMALL}. */
  public static final int MIN_CUSTOMERS = 30;

  /** The days of one contact-rate period. */
  static final double PERIOD_DAYS = 30;

  public enum Verdict {
    PAYS("more contact goes with more revenue, and no more unsubscribes or complaints"),
    TRADE_OFF("more contact goes with more revenue, and with more unsubscribes or complaints"),
    TIRES("more contact goes with more unsubscribes or complaints, and no more revenue"),
    LESS_REVENUE("more contact goes with less revenue (often: the lapsing are chased)"),
    NO_DIFFERENCE("more contact goes with neither more revenue nor more losses"),
    TOO_SMALL("too few customers to tell");

    private final String text;

    Verdict(String text) {
      this.text = text;
    }

    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public String text() {
      return text;
    }
  }

  /**
   * @param name the segment's value
   * @param customers its customers
   * @param byContactRate its customers in bands of touches per 30 days ({@link
   *     ContactEvidence#PRESSURE_BANDS}), with their mean revenue per 30 days
   * @param revenueCorrelation Spearman's ρ of contact rate and revenue rate; NaN when too small
   * @param revenueP its two-sided p-value
   * @param atTheMoment responses, unsubscribes and complaints per touch by contact pressure
   * @param lossesTrendZ the Cochran-Armitage z of losses (unsubscribes and complaints) per touch
   *     over the bands of pressure: positive when they rise with pressure; NaN with one band
   * @param lossesTrendP its two-sided p-value
   * @param verdict the two answers together
   */
  public record Segment(
      String name,
      long customers,
      List<CustomerBand> byContactRate,
      double revenueCorrelation,
      double revenueP,
      ContactFatigue atTheMoment,
      double lossesTrendZ,
      double lossesTrendP,
      Verdict verdict) {}

  /**
   * @param from lowest touches per 30 days in the band
   * @param to highest, exclusive of the next band's lower edge; {@code Integer.MAX_VALUE} open
   * @param customers customers whose contact rate falls in the band
   * @param revenuePer30Days their mean net revenue per 30 days of tenure
   */
  public record CustomerBand(int from, int to, long customers, double revenuePer30Days) {}

  /**
   * @param profiles every customer
   * @param contacts aligned with {@code profiles}
   * @param segment aligned with {@code profiles}: each customer's segment; null leaves them out
   */
  public static EngagementFit of(
      String segmentation,
      List<CustomerProfile> profiles,
      List<ContactEvidence> contacts,
      List<String> segment) {
    Map<String, List<Integer>> members = new TreeMap<>();
    for (int i = 0; i < profiles.size(); i++) {
      String s = segment.get(i);
      if (s != null) {
        members.computeIfAbsent(s, k -> new ArrayList<>()).add(i);
      }
    }
    List<Segment> out = new ArrayList<>();
    for (Map.Entry<String, List<Integer>> m : members.entrySet()) {
      out.add(segment(m.getKey(), m.getValue(), profiles, contacts));
    }
    out.sort((a, b) -> Long.compare(b.customers(), a.customers()));
    return new EngagementFit(segmentation, out);
  }

  /** Touches per 30 days of tenure; a customer seen for under 30 days counts as one period. */
  static double contactRate(CustomerProfile p) {
    return p.touches() / periods(p);
  }

  /** Net revenue (purchases less returns) per 30 days of tenure. */
  static double revenueRate(CustomerProfile p) {
    return p.netRevenue() / periods(p);
  }

  private static double periods(CustomerProfile p) {
    return Math.max(1, p.tenureDays() / PERIOD_DAYS);
  }

  private static Segment segment(
      String name,
      List<Integer> who,
      List<CustomerProfile> profiles,
      List<ContactEvidence> contacts) {
    int n = who.size();
    double[] contact = new double[n];
    double[] revenue = new double[n];
    List<ContactEvidence> evidence = new ArrayList<>(n);
    int[] edges = ContactEvidence.PRESSURE_BANDS;
    long[] bandCustomers = new long[edges.length];
    double[] bandRevenue = new double[edges.length];
    for (int k = 0; k < n; k++) {
      CustomerProfile p = profiles.get(who.get(k));
      contact[k] = contactRate(p);
      revenue[k] = revenueRate(p);
      evidence.add(contacts.get(who.get(k)));
      int b = ContactEvidence.band((int) Math.floor(contact[k]));
      bandCustomers[b]++;
      bandRevenue[b] += revenue[k];
    }
    List<CustomerBand> bands = new ArrayList<>();
    for (int b = 0; b < edges.length; b++) {
      if (bandCustomers[b] > 0) {
        bands.add(
            new CustomerBand(
                edges[b],
                b + 1 < edges.length ? edges[b + 1] - 1 : Integer.MAX_VALUE,
                bandCustomers[b],
                bandRevenue[b] / bandCustomers[b]));
      }
    }
    ContactFatigue moment = ContactFatigue.of(evidence);
    if (n < MIN_CUSTOMERS) {
      return new Segment(
          name,
          n,
          bands,
          Double.NaN,
          Double.NaN,
          moment,
          Double.NaN,
          Double.NaN,
          Verdict.TOO_SMALL);
    }
    double rho = constant(contact) || constant(revenue) ? 0 : spearman(contact, revenue);
    double p = pValue(rho, n);
    double z = lossesTrend(moment);
    double lossesP = Double.isNaN(z) ? Double.NaN : 2 * NORMAL.cumulativeProbability(-Math.abs(z));
    boolean revenueUp = rho > 0 && p < 0.05;
    boolean revenueDown = rho < 0 && p < 0.05;
    boolean lossesUp = z > 0 && lossesP < 0.05;
    Verdict v =
        revenueUp
            ? lossesUp ? Verdict.TRADE_OFF : Verdict.PAYS
            : lossesUp ? Verdict.TIRES : revenueDown ? Verdict.LESS_REVENUE : Verdict.NO_DIFFERENCE;
    return new Segment(name, n, bands, rho, p, moment, z, lossesP, v);
  }

  private static final NormalDistribution NORMAL = new NormalDistribution();

  private static double spearman(double[] x, double[] y) {
    return new SpearmansCorrelation().correlation(x, y);
  }

  private static boolean constant(double[] v) {
    for (double d : v) {
      if (d != v[0]) {
        return false;
      }
    }
    return true;
  }

  /** Two-sided p of Spearman's ρ by the t approximation, t = ρ √((n − 2) / (1 − ρ²)). */
  static double pValue(double rho, int n) {
    if (Math.abs(rho) >= 1) {
      return 0;
    }
    double t = rho * Math.sqrt((n - 2) / (1 - rho * rho));
    return 2 * new TDistribution(n - 2).cumulativeProbability(-Math.abs(t));
  }

  /** The Cochran-Armitage z of losses per touch over the bands of pressure, scored 0, 1, 2… */
  static double lossesTrend(ContactFatigue f) {
    int k = f.bands().size();
    long[] lost = new long[k];
    long[] touches = new long[k];
    for (int b = 0; b < k; b++) {
      ContactFatigue.Band band = f.bands().get(b);
      touches[b] = band.touches();
      // the band keeps rates; its counts are rate × touches, exact up to rounding
      lost[b] = Math.round((band.unsubscribesPerTouch() + band.complaintsPerTouch()) * touches[b]);
    }
    return cochranArmitage(lost, touches);
  }

  /**
   * Cochran-Armitage z for a trend in proportions {@code x[i] / n[i]} over ordered groups scored i:
   * T = Σ s_i (x_i − n_i p̄), Var T = p̄ (1 − p̄) (Σ n_i s_i² − (Σ n_i s_i)² / N). NaN with fewer
   * than two non-empty groups or no variance (no losses at all, or all lost).
   */
  static double cochranArmitage(long[] x, long[] n) {
    long total = 0;
    long successes = 0;
    int groups = 0;
    for (int i = 0; i < n.length; i++) {
      total += n[i];
      successes += x[i];
      groups += n[i] > 0 ? 1 : 0;
    }
    if (groups < 2 || successes == 0 || successes == total) {
      return Double.NaN;
    }
    double pBar = (double) successes / total;
    double t = 0;
    double sns2 = 0;
    double sns = 0;
    for (int i = 0; i < n.length; i++) {
      t += i * (x[i] - n[i] * pBar);
      sns2 += (double) n[i] * i * i;
      sns += (double) n[i] * i;
    }
    double var = pBar * (1 - pBar) * (sns2 - sns * sns / total);
    return var <= 0 ? Double.NaN : t / Math.sqrt(var);
  }

  /** The segments by verdict, for a one-line summary. */
  public Map<Verdict, Long> verdicts() {
    Map<Verdict, Long> out = new LinkedHashMap<>();
    for (Segment s : segments) {
      out.merge(s.verdict(), 1L, Long::sum);
    }
    return out;
  }
}
