package dev.rapport.analytics.feedback;

import dev.rapport.core.Channel;
import dev.rapport.core.Kind;
import dev.rapport.core.kpi.KpiEvidence;
import dev.rapport.core.kpi.Nps;
import dev.rapport.core.profile.CustomerProfile;
import dev.rapport.core.service.ServiceEvidence;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What customers tell us in their own words: the sentiment of every free text (VADER), each
 * customer's mean and latest, the pain-point themes that set unhappy and unengaged customers' texts
 * apart from the rest's, and the closed-loop list of customers to follow up.
 */
public final class Feedback {
  /** VADER's thresholds on the compound score (Hutto & Gilbert 2014). */
  public static final double POSITIVE = 0.05;

  public static final double NEGATIVE = -0.05;

  /** A text this negative puts its writer on the follow-up list by itself. */
  public static final double VERY_NEGATIVE = -0.5;

  /** NPS 0-6 is a detractor ({@link Nps}). */
  public static final double NPS_DETRACTOR_AT_MOST = Nps.DETRACTOR_AT_MOST;

  /** CSAT 1-2 on 1-5: dissatisfied or very dissatisfied. */
  public static final double CSAT_DISSATISFIED_AT_MOST = 2;

  public static final int THEMES = 25;

  /** One free text of a customer (by index into the profiles). */
  public record Text(int customer, Instant at, Kind kind, Channel channel, String text) {}

  /** A customer's texts: how many, their mean compound sentiment, and the latest. */
  public record CustomerSentiment(
      int texts, double meanCompound, double lastCompound, Instant lastAt, String lastText) {}

  /** A customer to contact back, with why. */
  public record FollowUp(
      int customer, List<String> reasons, Instant lastAt, String lastText, double lastCompound) {}

  /**
   * @param byCustomer aligned with the profiles; null where a customer wrote nothing
   * @param positive texts at or above {@link #POSITIVE}
   * @param negative texts at or below {@link #NEGATIVE}
   * @param unhappyTexts texts of the customers the themes are about
   */
  public record Result(
      CustomerSentiment[] byCustomer,
      long texts,
      long positive,
      long neutral,
      long negative,
      long unhappyTexts,
      List<PainPoints.Theme> themes,
      List<FollowUp> followUp) {}

  private Feedback() {}

  /**
   * @param texts every free text, in time order
   * @param profiles, services, kpis aligned with each other
   */
  public static Result of(
      List<Text> texts,
      List<CustomerProfile> profiles,
      List<ServiceEvidence> services,
      List<KpiEvidence> kpis) {
    int n = profiles.size();
    int[] count = new int[n];
    double[] sum = new double[n];
    double[] last = new double[n];
    Instant[] lastAt = new Instant[n];
    String[] lastText = new String[n];
    long positive = 0;
    long negative = 0;
    List<String> unhappyTexts = new ArrayList<>();
    List<String> otherTexts = new ArrayList<>();
    for (Text t : texts) {
      double c = Vader.score(t.text()).compound();
      int i = t.customer();
      count[i]++;
      sum[i] += c;
      if (lastAt[i] == null || !t.at().isBefore(lastAt[i])) {
        last[i] = c;
        lastAt[i] = t.at();
        lastText[i] = t.text();
      }
      positive += c >= POSITIVE ? 1 : 0;
      negative += c <= NEGATIVE ? 1 : 0;
      (unhappy(profiles.get(i), services.get(i)) || !kpis.get(i).engaged()
              ? unhappyTexts
              : otherTexts)
          .add(t.text());
    }
    CustomerSentiment[] by = new CustomerSentiment[n];
    List<FollowUp> followUp = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (count[i] > 0) {
        by[i] = new CustomerSentiment(count[i], sum[i] / count[i], last[i], lastAt[i], lastText[i]);
      }
      List<String> why = reasons(profiles.get(i), services.get(i), by[i]);
      if (!why.isEmpty()) {
        followUp.add(
            new FollowUp(
                i,
                why,
                by[i] == null ? profiles.get(i).lastSeen() : by[i].lastAt(),
                by[i] == null ? null : by[i].lastText(),
                by[i] == null ? Double.NaN : by[i].lastCompound()));
      }
    }
    // Most recent first: a complaint from yesterday is followed up before one from last year.
    followUp.sort(
        Comparator.comparing(
                (FollowUp f) -> f.lastAt() == null ? Instant.EPOCH : f.lastAt(),
                Comparator.reverseOrder())
            .thenComparingInt(FollowUp::customer));
    return new Result(
        by,
        texts.size(),
        positive,
        texts.size() - positive - negative,
        negative,
        unhappyTexts.size(),
        PainPoints.of(unhappyTexts, otherTexts, THEMES),
        followUp);
  }

  /** A detractor, a dissatisfied customer or a complainer. */
  static boolean unhappy(CustomerProfile p, ServiceEvidence s) {
    return s.lastNps() <= NPS_DETRACTOR_AT_MOST
        || s.lastCsat() <= CSAT_DISSATISFIED_AT_MOST
        || p.complained() > 0;
  }

  /** Why a customer should be contacted back; empty when there is no reason. */
  static List<String> reasons(CustomerProfile p, ServiceEvidence s, CustomerSentiment t) {
    List<String> why = new ArrayList<>();
    if (s.lastNps() <= NPS_DETRACTOR_AT_MOST) {
      why.add("detractor (last NPS " + score(s.lastNps()) + ")");
    }
    if (s.lastCsat() <= CSAT_DISSATISFIED_AT_MOST) {
      why.add("dissatisfied (last CSAT " + score(s.lastCsat()) + ")");
    }
    if (p.complained() > 0) {
      why.add(p.complained() == 1 ? "complained" : "complained " + p.complained() + " times");
    }
    if (t != null && t.lastCompound() <= VERY_NEGATIVE) {
      why.add(String.format(Locale.ROOT, "very negative last message (%.2f)", t.lastCompound()));
    }
    return why;
  }

  private static String score(float v) {
    return v == Math.rint(v) ? Integer.toString((int) v) : Float.toString(v);
  }
}
