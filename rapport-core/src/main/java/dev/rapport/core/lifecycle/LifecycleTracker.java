package dev.rapport.core.lifecycle;

import dev.rapport.core.Channel;
import dev.rapport.core.EventDetail;
import dev.rapport.core.Kind;
import dev.rapport.core.Outcome;
import dev.rapport.core.config.LifecycleSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * One customer's lifecycle, driven by their interactions in time order (the same events, in the
 * same order, as the profile fold) and by the passing of time.
 *
 * <p>The rules, with the thresholds of {@link LifecycleSettings}:
 *
 * <ul>
 *   <li>The first event enters <b>acquisition</b>.
 *   <li>On the ladder a customer moves to the highest stage they qualify for, whenever that is
 *       higher than where they are, so stages are skipped (a first-time buyer who refers a friend
 *       goes from acquisition to advocacy). Qualifying: <b>activation</b> once an activation event
 *       happened; <b>engagement</b> with enough engaged interactions within the window;
 *       <b>satisfaction</b> with a recent good CSAT or NPS answer or a resolved ticket;
 *       <b>loyalty</b> with enough purchase days over a long enough time; <b>advocacy</b> with a
 *       recent promoter answer, good review or referral. The ladder does not fall by itself: a
 *       customer leaves it only by disengaging or churning.
 *   <li><b>Disengaged</b>: a complaint, a detractor answer or review, a run of ignored touches, or
 *       silence (no engaged activity) for longer than {@code silence_multiple} times the customer's
 *       own usual gap between engaged days. <b>Churned</b>: a cancellation, unsubscribing from
 *       every channel the business used, or silence longer than {@code inactivity}. Silence is
 *       detected when time passes ({@link #advanceTo}), at the exact moment it fell due, not at the
 *       next event.
 *   <li>Engaged activity while disengaged or churned is a <b>reactivation</b>: the customer
 *       re-enters the ladder at the highest stage they qualify for now.
 * </ul>
 *
 * <p>A run of ignored touches is noticed when the fold decides the touches: at the next event,
 * whose time the transition carries, or at the snapshot, where it carries the moment the run
 * reached the limit.
 *
 * <p>Times are epoch seconds. Not thread-safe; one tracker per customer.
 */
public final class LifecycleTracker {
  private static final long NONE = Long.MIN_VALUE;
  private static final long DAY = 86_400L;

  private final LifecycleSettings rules;
  private final long engagementWindow;
  private final long satisfactionWindow;
  private final long advocacyWindow;
  private final long loyaltyTenure;
  private final long minSilence;
  private final long defaultGap;
  private final long inactivity;
  private final List<StageTransition> transitions = new ArrayList<>(4);

  private Stage stage;
  private long firstSeen = NONE;

  private boolean activated;
  private Kind activatedBy;

  // Engaged activity: the last time, distinct days (for the usual gap), and the last few times.
  private long lastEngaged = NONE;
  private int engagedDays;
  private long firstEngagedDay = NONE;
  private long lastEngagedDay = NONE;
  private final long[] recentEngaged;
  private int recentCount;

  // The latest satisfaction and advocacy signals, kept as what they were, put in words only when
  // a transition names them.
  private long lastSatisfied = NONE;
  private EventDetail satisfiedBy;
  private double satisfiedScore;
  private long lastAdvocacy = NONE;
  private Kind advocacyBy;
  private double advocacyScore;

  private int purchaseDays;
  private long lastPurchaseDay = NONE;
  private long firstPurchase = NONE;

  private int touchedChannels;
  private int unsubscribedChannels;

  public LifecycleTracker(LifecycleSettings rules) {
    this.rules = rules;
    this.engagementWindow = rules.engagement().within().getSeconds();
    this.satisfactionWindow = rules.satisfaction().within().getSeconds();
    this.advocacyWindow = rules.advocacy().within().getSeconds();
    this.loyaltyTenure = rules.loyalty().minTenure().getSeconds();
    this.minSilence = rules.disengaged().minSilence().getSeconds();
    this.defaultGap = rules.disengaged().defaultGap().getSeconds();
    this.inactivity = rules.churned().inactivity().getSeconds();
    this.recentEngaged = new long[rules.engagement().minEngaged()];
  }

  /** The current stage; null before the first event. */
  public Stage stage() {
    return stage;
  }

  /**
   * Lets time pass up to {@code t} (exclusive): silence rules that fell due before it fire, each at
   * the moment it fell due.
   */
  public void advanceTo(long t) {
    if (stage == null || stage == Stage.CHURNED) {
      return;
    }
    long reference = lastEngaged != NONE ? lastEngaged : firstSeen;
    long churnAt = reference + inactivity;
    if (stage.isPositive()) {
      long allowance = silenceAllowance();
      long disengageAt = reference + allowance;
      // When the churn deadline comes first the customer goes straight to churned.
      if (disengageAt < churnAt && disengageAt < t) {
        enter(Stage.DISENGAGED, disengageAt, silenceCause(allowance), null);
      }
    }
    if (churnAt < t) {
      enter(Stage.CHURNED, churnAt, inactivityCause(churnAt - reference), null);
    }
  }

  /**
   * The earliest end of observation at which a silence rule fires, with no further event: one
   * second after it falls due ({@link #advanceTo} fires a rule due before the time it is given).
   * {@link Long#MAX_VALUE} before the first event and once churned, when no silence rule is left.
   */
  public long nextSilenceDue() {
    if (stage == null || stage == Stage.CHURNED) {
      return Long.MAX_VALUE;
    }
    long reference = lastEngaged != NONE ? lastEngaged : firstSeen;
    long churnAt = reference + inactivity;
    long next = churnAt;
    if (stage.isPositive()) {
      next = Math.min(next, reference + silenceAllowance());
    }
    return next + 1;
  }

  /**
   * Takes one interaction, after time has been advanced to it and the fold has applied it.
   *
   * @param ignoredStreak the fold's unengaged streak after applying the event
   * @param eventId for the transition's record; may be null
   */
  public void observe(
      long t,
      Channel channel,
      Kind kind,
      Outcome outcome,
      double value,
      double score,
      EventDetail detail,
      int ignoredStreak,
      String eventId) {
    if (stage == null) {
      firstSeen = t;
      enter(Stage.ACQUISITION, t, () -> "first seen: " + describe(kind, channel), eventId);
    }
    record(t, channel, kind, outcome, score, detail);
    Supplier<String> fall = churnCause(kind, outcome);
    if (fall != null) {
      if (stage != Stage.CHURNED) {
        enter(Stage.CHURNED, t, fall, eventId);
      }
      return;
    }
    fall = disengageCause(kind, outcome, score, detail, ignoredStreak);
    if (fall != null) {
      if (stage.isPositive()) {
        enter(Stage.DISENGAGED, t, fall, eventId);
      }
      return;
    }
    boolean engaged = isEngagedActivity(kind, outcome, detail);
    if (!stage.isPositive()) {
      if (engaged) {
        Stage target = qualified(t);
        reactivate(target, t, () -> "returned: " + describe(kind, channel), eventId);
      }
      return;
    }
    Stage target = qualified(t);
    if (target.ordinal() > stage.ordinal()) {
      enter(target, t, reason(target, t), eventId);
    }
  }

  /**
   * Ends observation at {@code asOf}: silence due before it fires, and a run of ignored touches the
   * fold decided by then disengages, at the moment the run reached the limit (or the last
   * transition, if later), so that the time does not move with the end of observation.
   *
   * @param streakReachedAt when the run reached the limit ({@code
   *     ProfileAccumulator.streakReachedAt})
   */
  public Lifecycle finish(long asOf, int ignoredStreak, long streakReachedAt) {
    advanceTo(asOf);
    int limit = rules.disengaged().ignoredStreak();
    if (stage != null && stage.isPositive() && limit > 0 && ignoredStreak >= limit) {
      enter(
          Stage.DISENGAGED,
          Math.max(streakReachedAt, lastTransitionTime()),
          ignored(ignoredStreak),
          null);
    }
    if (stage == null) {
      throw new IllegalStateException("no interaction was observed; no lifecycle to snapshot");
    }
    return new Lifecycle(transitions);
  }

  // ---- bookkeeping -------------------------------------------------------------------------

  private void record(
      long t, Channel channel, Kind kind, Outcome outcome, double score, EventDetail detail) {
    int bit = 1 << channel.ordinal();
    if (kind == Kind.TOUCH) {
      touchedChannels |= bit;
    }
    if (kind == Kind.UNSUBSCRIBE || outcome == Outcome.UNSUBSCRIBED) {
      unsubscribedChannels |= bit;
    }
    if (!activated && rules.activation().kinds().contains(kind)) {
      activated = true;
      activatedBy = kind;
    }
    if (kind == Kind.PURCHASE) {
      long day = Math.floorDiv(t, DAY);
      if (day != lastPurchaseDay) {
        purchaseDays++;
        lastPurchaseDay = day;
      }
      if (firstPurchase == NONE) {
        firstPurchase = t;
      }
    }
    if (isEngagedActivity(kind, outcome, detail) && !isDetractor(kind, score, detail)) {
      lastEngaged = t;
      long day = Math.floorDiv(t, DAY);
      if (day != lastEngagedDay) {
        engagedDays++;
        if (firstEngagedDay == NONE) {
          firstEngagedDay = day;
        }
        lastEngagedDay = day;
      }
      recentEngaged[recentCount % recentEngaged.length] = t;
      recentCount++;
    }
    LifecycleSettings.Satisfaction sat = rules.satisfaction();
    if ((detail == EventDetail.CSAT && score >= sat.csatAtLeast())
        || (detail == EventDetail.NPS && score >= sat.npsAtLeast())
        || (detail == EventDetail.TICKET_RESOLVED && sat.ticketResolved())) {
      lastSatisfied = t;
      satisfiedBy = detail;
      satisfiedScore = score;
    }
    LifecycleSettings.Advocacy adv = rules.advocacy();
    if ((detail == EventDetail.NPS && score >= adv.npsAtLeast())
        || (kind == Kind.REVIEW && score >= adv.reviewAtLeast())
        || (kind == Kind.REFERRAL && adv.referral())) {
      lastAdvocacy = t;
      advocacyBy = kind;
      advocacyScore = score;
    }
  }

  /**
   * The customer's own engaged activity: anything inbound except cancelling, unsubscribing and
   * complaining, and except the business's side of a ticket; plus a touch recorded as engaged.
   */
  static boolean isEngagedActivity(Kind kind, Outcome outcome, EventDetail detail) {
    if (kind == Kind.TOUCH) {
      return outcome == Outcome.ENGAGED;
    }
    return kind.isInbound()
        && kind != Kind.CANCEL
        && kind != Kind.UNSUBSCRIBE
        && kind != Kind.COMPLAINT
        && !detail.isAgentAction();
  }

  private boolean isDetractor(Kind kind, double score, EventDetail detail) {
    LifecycleSettings.Disengaged d = rules.disengaged();
    return (detail == EventDetail.CSAT && score <= d.csatAtMost())
        || (detail == EventDetail.NPS && score <= d.npsAtMost())
        || (kind == Kind.REVIEW && score <= d.reviewAtMost());
  }

  // ---- rules -------------------------------------------------------------------------------

  private Supplier<String> churnCause(Kind kind, Outcome outcome) {
    LifecycleSettings.Churned c = rules.churned();
    if (kind == Kind.CANCEL && c.cancel()) {
      return () -> "cancellation";
    }
    if ((kind == Kind.UNSUBSCRIBE || outcome == Outcome.UNSUBSCRIBED)
        && c.unsubscribedEverywhere()
        && touchedChannels != 0
        && (touchedChannels & ~unsubscribedChannels) == 0) {
      int used = touchedChannels;
      return () -> "unsubscribed from every channel used (" + channels(used) + ")";
    }
    return null;
  }

  private Supplier<String> disengageCause(
      Kind kind, Outcome outcome, double score, EventDetail detail, int ignoredStreak) {
    LifecycleSettings.Disengaged d = rules.disengaged();
    if (d.complaint() && (kind == Kind.COMPLAINT || outcome == Outcome.COMPLAINED)) {
      return () -> "complaint";
    }
    if (isDetractor(kind, score, detail)) {
      return kind == Kind.REVIEW
          ? () -> "detractor: review of " + number(score) + " stars"
          : () -> "detractor: " + detail.name() + " " + number(score);
    }
    if (d.ignoredStreak() > 0 && ignoredStreak >= d.ignoredStreak()) {
      return ignored(ignoredStreak);
    }
    return null;
  }

  /** The highest ladder stage the customer qualifies for at {@code t}. */
  private Stage qualified(long t) {
    if (lastAdvocacy != NONE && t - lastAdvocacy <= advocacyWindow) {
      return Stage.ADVOCACY;
    }
    if (purchaseDays >= rules.loyalty().minPurchaseDays() && t - firstPurchase >= loyaltyTenure) {
      return Stage.LOYALTY;
    }
    if (activated && lastSatisfied != NONE && t - lastSatisfied <= satisfactionWindow) {
      return Stage.SATISFACTION;
    }
    if (activated && engagedWithinWindow(t)) {
      return Stage.ENGAGEMENT;
    }
    return activated ? Stage.ACTIVATION : Stage.ACQUISITION;
  }

  private boolean engagedWithinWindow(long t) {
    int n = recentEngaged.length;
    if (recentCount < n) {
      return false;
    }
    long oldestOfLastN = recentEngaged[recentCount % n]; // the slot the next one would overwrite
    return t - oldestOfLastN <= engagementWindow;
  }

  private Supplier<String> reason(Stage target, long t) {
    switch (target) {
      case ADVOCACY:
        {
          Kind by = advocacyBy;
          double score = advocacyScore;
          return () ->
              by == Kind.REFERRAL
                  ? "referral"
                  : by == Kind.REVIEW
                      ? "review of " + number(score) + " stars"
                      : "promoter (NPS " + number(score) + ")";
        }
      case LOYALTY:
        {
          int days = purchaseDays;
          long over = (t - firstPurchase) / DAY;
          return () -> days + " purchase days over " + over + " days";
        }
      case SATISFACTION:
        {
          EventDetail by = satisfiedBy;
          double score = satisfiedScore;
          return () ->
              by == EventDetail.TICKET_RESOLVED
                  ? "support ticket resolved"
                  : by.name() + " " + number(score);
        }
      case ENGAGEMENT:
        {
          int n = rules.engagement().minEngaged();
          long window = engagementWindow / DAY;
          return () -> n + " engaged interactions within " + window + " days";
        }
      case ACTIVATION:
        {
          Kind by = activatedBy;
          return () -> "first " + by.id();
        }
      default:
        return () -> "first seen";
    }
  }

  private long silenceAllowance() {
    double gap =
        engagedDays >= 2
            ? (double) (lastEngagedDay - firstEngagedDay) * DAY / (engagedDays - 1)
            : defaultGap;
    return Math.max(minSilence, (long) Math.ceil(rules.disengaged().silenceMultiple() * gap));
  }

  /** Why silence disengaged the customer: the allowance and the usual gap behind it. */
  private Supplier<String> silenceCause(long allowance) {
    boolean assumed = engagedDays < 2;
    double gapDays =
        assumed
            ? defaultGap / (double) DAY
            : (double) (lastEngagedDay - firstEngagedDay) / (engagedDays - 1);
    double multiple = rules.disengaged().silenceMultiple();
    long floorDays = allowance == minSilence ? minSilence / DAY : -1;
    return () ->
        "no engaged activity for "
            + allowance / DAY
            + " days ("
            + number(multiple)
            + " x the usual gap of "
            + number(gapDays)
            + " days"
            + (assumed ? " (assumed)" : "")
            + (floorDays >= 0 ? ", at least " + floorDays + " days" : "")
            + ")";
  }

  private static Supplier<String> inactivityCause(long seconds) {
    return () -> "no engaged activity for " + seconds / DAY + " days (inactivity limit)";
  }

  private static Supplier<String> ignored(int streak) {
    return () -> streak + " touches ignored in a row";
  }

  // ---- transitions -------------------------------------------------------------------------

  private void enter(Stage to, long t, Supplier<String> cause, String eventId) {
    transitions.add(new StageTransition(stage, to, t, cause, eventId, false));
    stage = to;
  }

  private void reactivate(Stage to, long t, Supplier<String> cause, String eventId) {
    transitions.add(new StageTransition(stage, to, t, cause, eventId, true));
    stage = to;
  }

  private long lastTransitionTime() {
    return transitions.get(transitions.size() - 1).atSecond();
  }

  private static String describe(Kind kind, Channel channel) {
    return kind.id() + " on " + channel.id();
  }

  private static String channels(int mask) {
    StringBuilder b = new StringBuilder();
    for (Channel c : Channel.values()) {
      if ((mask & (1 << c.ordinal())) != 0) {
        b.append(b.length() == 0 ? "" : ", ").append(c.id());
      }
    }
    return b.toString();
  }

  private static String number(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
  }
}
