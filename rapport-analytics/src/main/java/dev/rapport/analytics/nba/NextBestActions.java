package dev.rapport.analytics.nba;

import dev.rapport.analytics.fatigue.CustomerFatigue;
import dev.rapport.analytics.style.EngagementStyle;
import dev.rapport.core.Channel;
import dev.rapport.core.config.ContactSettings;
import dev.rapport.core.config.RapportConfig;
import dev.rapport.core.contact.Consent;
import dev.rapport.core.contact.ContactEvidence;
import dev.rapport.core.lifecycle.Lifecycle;
import dev.rapport.core.lifecycle.Stage;
import dev.rapport.core.profile.ChannelStats;
import dev.rapport.core.profile.CustomerProfile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The next best action for one customer: contact or not, on which channel, with which message theme
 * and when, each with its reason.
 *
 * <ol>
 *   <li><b>When not to engage.</b> No contact while the customer rests from fatigue (a run of
 *       ignored touches of {@code contact.fatigue_streak}), once the overall cap of touches in the
 *       cap window is reached, or when no channel is allowed.
 *   <li><b>Allowed channels</b>: channels we have reached the customer on (or with a consent
 *       grant), not withdrawn (unsubscribed or consent withdrawn), with an explicit grant when
 *       {@code require_explicit_consent} is set, and under their cap. Customers who want a fast
 *       in-and-out (dominant style transactional, answering under 10% of touches) and customers who
 *       are {@link CustomerFatigue fatigued} (answering less, or leaving more, as contact rises)
 *       get half the caps, per channel and overall.
 *   <li><b>Channel</b>: the highest expected net value: smoothed response rate × the share of
 *       responses that end in a purchase × their usual order value − the channel's cost per touch.
 *       When none is positive, no contact: the touch would not pay.
 *   <li><b>Theme</b> by stage and style: onboarding, second purchase, personal recommendation or
 *       targeted offer, review request, loyalty reward, referral ask, service recovery, win-back.
 *   <li><b>Time</b>: the hour of the week the customer engages most (else the fallback, the most
 *       common one among customers of their RFM segment, else of their style, else of everyone),
 *       moved out of the quiet hours.
 * </ol>
 */
public final class NextBestActions {
  private NextBestActions() {}

  /** Value a purchase is assumed to be worth for a customer who never bought. */
  static final double FALLBACK_ORDER_VALUE = 50.0;

  public static NextBestAction decide(
      CustomerProfile p,
      Lifecycle lifecycle,
      EngagementStyle style,
      ContactEvidence evidence,
      CustomerFatigue fatigue,
      RapportConfig config,
      Fallback fallback) {
    ContactSettings rules = config.contact();
    double answered = p.answeredShare();
    boolean fastInAndOut = style == EngagementStyle.TRANSACTIONAL && answered < 0.10;
    boolean fewer = fastInAndOut || fatigue.fatigued();
    if (rules.fatigueStreak() > 0 && p.unengagedStreak() >= rules.fatigueStreak()) {
      return NextBestAction.none(
          "rest: " + p.unengagedStreak() + " touches ignored in a row; more would push them away");
    }
    int overall = evidence.recentTouchesAll();
    int overallCap = fewer ? rules.capOverall() / 2 : rules.capOverall();
    if (overall >= overallCap) {
      return NextBestAction.none(
          "overall cap reached: "
              + overall
              + " of "
              + overallCap
              + " touches in the window"
              + fewerWhy(fastInAndOut, fatigue));
    }
    double orderValue = p.purchases() > 0 ? p.revenue() / p.purchases() : FALLBACK_ORDER_VALUE;
    Channel best = null;
    double bestValue = Double.NEGATIVE_INFINITY;
    double bestRate = 0;
    StringBuilder blocked = new StringBuilder();
    for (Channel c : Channel.values()) {
      String refusal = refusal(c, p, evidence, rules, fewer);
      if (refusal != null) {
        if (!refusal.isEmpty()) {
          blocked.append(blocked.length() == 0 ? "" : "; ").append(refusal);
        }
        continue;
      }
      ChannelStats s = p.channel(c);
      double rate =
          Double.isNaN(s.responseRate())
              ? config.responsePriorEngaged()
                  / (config.responsePriorEngaged() + config.responsePriorIgnored())
              : s.responseRate();
      double value =
          rate * rules.purchaseShareOfResponses() * orderValue - config.channel(c).costPerTouch();
      if (value > bestValue) {
        best = c;
        bestValue = value;
        bestRate = rate;
      }
    }
    if (best == null) {
      return NextBestAction.none(
          "no channel allowed" + (blocked.length() == 0 ? "" : ": " + blocked));
    }
    if (bestValue <= 0) {
      return NextBestAction.none(
          String.format(
              Locale.ROOT,
              "no touch would pay: the best, %s, expects %.2f %s net",
              best.id(),
              bestValue,
              config.currency()));
    }
    String theme = theme(lifecycle == null ? Stage.ACQUISITION : lifecycle.stage(), style, p);
    int preferred =
        evidence.bestHourOfWeek() >= 0 ? evidence.bestHourOfWeek() : fallback.hourOfWeek();
    int hour = outOfQuietHours(preferred < 0 ? 10 : preferred, rules);
    String who =
        "a customer"
            + (lifecycle == null ? "" : " in " + lifecycle.stage().id())
            + (style == null ? "" : " (" + style.id() + ")");
    String reason =
        String.format(
            Locale.ROOT,
            "%s: answers %.0f%% of touches there, worth %.2f %s net a touch; %d of %d touches"
                + " this window%s; %s for %s; %s",
            best.id(),
            bestRate * 100,
            bestValue,
            config.currency(),
            evidence.recentTouches(best),
            cap(best, rules, fewer),
            fewerWhy(fastInAndOut, fatigue),
            theme,
            who,
            evidence.bestHourOfWeek() >= 0
                ? "at the hour they engage most"
                : fallback.hourOfWeek() >= 0
                    ? "at the usual hour of customers in " + fallback.group()
                    : "at a default hour (nobody like them has engaged yet)");
    return new NextBestAction(true, best, theme, hour, reason);
  }

  /**
   * Where the time of a customer who never engaged comes from: the commonest best hour among the
   * customers of their group.
   *
   * @param group e.g. {@code the RFM segment "at risk"}
   * @param hourOfWeek the group's commonest best hour; -1 when nobody in it engaged
   */
  public record Fallback(String group, int hourOfWeek) {
    public static final Fallback NONE = new Fallback("no group", -1);
  }

  /**
   * The action for every customer (lists aligned). A customer who never engaged is contacted at the
   * commonest best hour of the customers in their segment (their RFM segment; their dominant style
   * for those without one), else of all customers.
   *
   * @param segments each customer's segment for the time fallback; null where they have none
   */
  public static List<NextBestAction> forAll(
      List<CustomerProfile> profiles,
      List<Lifecycle> lifecycles,
      List<EngagementStyle> styles,
      List<String> segments,
      List<ContactEvidence> contacts,
      List<CustomerFatigue> fatigue,
      RapportConfig config) {
    Fallbacks fallbacks = Fallbacks.of(segments, styles, contacts);
    List<NextBestAction> out = new ArrayList<>(profiles.size());
    for (int i = 0; i < profiles.size(); i++) {
      out.add(
          decide(
              profiles.get(i),
              lifecycles.get(i),
              styles.get(i),
              contacts.get(i),
              fatigue.get(i),
              config,
              fallbacks.of(segments.get(i), styles.get(i))));
    }
    return out;
  }

  /**
   * The fallback time of every group of customers: the commonest best hour among the customers of a
   * segment (their RFM segment; their dominant style for those without one), else of everyone.
   * Built once from the population; the server keeps one to decide for a customer at once.
   */
  public static final class Fallbacks {
    private final Map<Object, Fallback> byGroup;
    private final Fallback all;

    private Fallbacks(Map<Object, Fallback> byGroup, Fallback all) {
      this.byGroup = byGroup;
      this.all = all;
    }

    /**
     * @param segments each customer's segment; null where they have none (or a null list: none)
     * @param styles each customer's dominant style, null where none shows
     */
    public static Fallbacks of(
        List<String> segments, List<EngagementStyle> styles, List<ContactEvidence> contacts) {
      Map<Object, int[]> hours = new HashMap<>();
      int[] everyone = new int[7 * 24];
      for (int i = 0; i < contacts.size(); i++) {
        int h = contacts.get(i).bestHourOfWeek();
        if (h >= 0) {
          hours
              .computeIfAbsent(
                  group(segments == null ? null : segments.get(i), styles.get(i)),
                  g -> new int[7 * 24])[h]++;
          everyone[h]++;
        }
      }
      Map<Object, Fallback> byGroup = new HashMap<>();
      hours.forEach(
          (g, counts) ->
              byGroup.put(
                  g,
                  new Fallback(
                      g instanceof EngagementStyle s
                          ? "the " + s.id() + " style"
                          : g.equals("") ? "all customers" : "the RFM segment \"" + g + "\"",
                      commonest(counts))));
      return new Fallbacks(byGroup, new Fallback("all customers", commonest(everyone)));
    }

    /** Group keys are the segment label or the style itself: no string built per customer. */
    private static Object group(String segment, EngagementStyle style) {
      return segment != null ? segment : style != null ? style : "";
    }

    public Fallback of(String segment, EngagementStyle style) {
      return byGroup.getOrDefault(group(segment, style), all);
    }
  }

  /** The hour with the most counts; -1 when all are zero. */
  private static int commonest(int[] counts) {
    int best = -1;
    for (int h = 0; h < counts.length; h++) {
      if (counts[h] > 0 && (best < 0 || counts[h] > counts[best])) {
        best = h;
      }
    }
    return best;
  }

  /** Why the caps are halved, as a clause of the reason; empty when they are not. */
  private static String fewerWhy(boolean fastInAndOut, CustomerFatigue fatigue) {
    if (fatigue.fatigued()) {
      return " (half caps: " + fatigue.reason() + ")";
    }
    return fastInAndOut ? " (half caps: a fast in-and-out customer)" : "";
  }

  /** Why a channel may not be used: null when it may; empty when it simply is not one of theirs. */
  static String refusal(
      Channel c,
      CustomerProfile p,
      ContactEvidence evidence,
      ContactSettings rules,
      boolean fewer) {
    Consent consent = evidence.consent(c);
    boolean reached = p.channel(c).touches() > 0;
    if (consent == Consent.WITHDRAWN) {
      return reached || evidence.used(c) ? c.id() + " withdrawn" : "";
    }
    if (consent != Consent.GRANTED && (rules.requireExplicitConsent() || !reached)) {
      return reached ? c.id() + " has no consent grant" : "";
    }
    int cap = cap(c, rules, fewer);
    if (evidence.recentTouches(c) >= cap) {
      return c.id() + " at its cap (" + evidence.recentTouches(c) + " of " + cap + ")";
    }
    return null;
  }

  /** The channel's cap, halved for a customer who should get fewer touches. */
  static int cap(Channel c, ContactSettings rules, boolean fewer) {
    return fewer ? rules.cap(c) / 2 : rules.cap(c);
  }

  /** The message theme for a stage and style. */
  static String theme(Stage stage, EngagementStyle style, CustomerProfile p) {
    switch (stage) {
      case ACQUISITION:
        return "onboarding";
      case ACTIVATION:
        return "second purchase";
      case ENGAGEMENT:
        return style == EngagementStyle.BEHAVIORAL ? "targeted offer" : "personal recommendation";
      case SATISFACTION:
        return style == EngagementStyle.SOCIAL ? "referral ask" : "review request";
      case LOYALTY:
        return style == EngagementStyle.SOCIAL ? "referral ask" : "loyalty reward";
      case ADVOCACY:
        return "referral ask";
      case DISENGAGED:
        return p.complained() > 0 || style == EngagementStyle.EMOTIONAL
            ? "service recovery"
            : "win-back";
      default:
        return "win-back";
    }
  }

  /** The first hour at or after {@code hourOfWeek} outside the quiet hours. */
  static int outOfQuietHours(int hourOfWeek, ContactSettings rules) {
    int h = hourOfWeek;
    for (int i = 0; i < 24 && rules.isQuiet(h % 24); i++) {
      h = (h + 1) % (7 * 24);
    }
    return h;
  }
}
