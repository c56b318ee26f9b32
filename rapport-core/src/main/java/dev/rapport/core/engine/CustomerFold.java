package dev.rapport.core.engine;

import dev.rapport.core.Channel;
import dev.rapport.core.EventDetail;
import dev.rapport.core.Interaction;
import dev.rapport.core.Kind;
import dev.rapport.core.Outcome;
import dev.rapport.core.config.RapportConfig;
import dev.rapport.core.contact.ContactEvidence;
import dev.rapport.core.contact.ContactTracker;
import dev.rapport.core.journey.JourneyLog;
import dev.rapport.core.journey.JourneyTracker;
import dev.rapport.core.kpi.KpiCube;
import dev.rapport.core.kpi.KpiEvidence;
import dev.rapport.core.kpi.KpiTracker;
import dev.rapport.core.lifecycle.Lifecycle;
import dev.rapport.core.lifecycle.LifecycleTracker;
import dev.rapport.core.lifecycle.Stage;
import dev.rapport.core.profile.CustomerProfile;
import dev.rapport.core.profile.FoldSettings;
import dev.rapport.core.profile.ProfileAccumulator;
import dev.rapport.core.service.ServiceEvidence;
import dev.rapport.core.service.ServiceTracker;
import dev.rapport.core.style.StyleEvidence;
import dev.rapport.core.style.StyleTracker;
import java.time.Instant;

/**
 * The fold of one customer: their events, in fold order, through the profile accumulator and every
 * tracker, snapshotted at the end of observation. This is the one definition of what an event does
 * to a customer; the batch engine calls it for every customer, and the live engine of {@code
 * rapport serve} calls it for each customer an ingested batch touches, so the two cannot disagree.
 *
 * <p>An instance reuses its trackers from customer to customer and is not thread-safe: give each
 * thread its own. The KPI cube and the journey log it was made with collect the sums of every
 * customer it folded.
 *
 * <p>Events arrive packed ({@link #pack}): detail, epoch second, channel, kind and outcome in one
 * long, with the value, the score and (optionally) the event id in parallel arrays.
 */
public final class CustomerFold {
  private final RapportConfig config;
  private final FoldSettings settings;
  private final ContactTracker contact;
  private final KpiTracker kpi;
  private final JourneyTracker journey;
  private final long capWindow;

  /**
   * What the fold of one customer gives.
   *
   * @param nextChange the earliest later end of observation (epoch second) at which, with no new
   *     event, a pending touch is decided unengaged or a silence rule moves the lifecycle; {@link
   *     Long#MAX_VALUE} when time alone changes neither. A stream folds the customer again then
   *     (the Flink job's timers); fields that only age, as recency and tenure, are not counted.
   */
  public record Result(
      CustomerProfile profile,
      Lifecycle lifecycle,
      StyleEvidence style,
      ContactEvidence contact,
      ServiceEvidence service,
      KpiEvidence kpis,
      long nextChange) {}

  public CustomerFold(RapportConfig config, FoldSettings settings, KpiCube cube, JourneyLog log) {
    this.config = config;
    this.settings = settings;
    this.contact = new ContactTracker(config.zone());
    this.kpi = new KpiTracker(config.kpi(), config.zone(), cube);
    this.journey = new JourneyTracker(config.kpi().journeyWindow(), log);
    this.capWindow = config.contact().capWindow().getSeconds();
  }

  /** A fold whose KPI and journey sums are thrown away: for callers that need one customer only. */
  public CustomerFold(RapportConfig config) {
    this(config, new FoldSettings(config), new KpiCube(), new JourneyLog());
  }

  /**
   * An event's detail (top 8 bits), second (unsigned 32 bits: interaction times lie in 1970-2106),
   * channel, kind and outcome (0 for none, else ordinal + 1) in one long.
   */
  public static long pack(int detail, long seconds, int channel, int kind, int outcome) {
    return (long) detail << 56
        | seconds << 24
        | (long) (channel & 0xff) << 16
        | (long) (kind & 0xff) << 8
        | (outcome + 1);
  }

  /** An event packed as {@link #pack(int, long, int, int, int)} packs its parts. */
  public static long pack(Interaction e) {
    return pack(
        EventDetail.of(e).ordinal(),
        e.ts().getEpochSecond(),
        e.channel().ordinal(),
        e.kind().ordinal(),
        e.outcome() == null ? -1 : e.outcome().ordinal());
  }

  /** The epoch second of a packed event. */
  public static long seconds(long packed) {
    return (packed >>> 24) & 0xFFFF_FFFFL;
  }

  /** The kind of a packed event. */
  public static Kind kind(long packed) {
    return Kind.ofOrdinal((int) (packed >>> 8) & 0xff);
  }

  /** The channel of a packed event. */
  public static Channel channel(long packed) {
    return Channel.ofOrdinal((int) (packed >>> 16) & 0xff);
  }

  /**
   * Folds events {@code [from, to)} of the arrays, which are one customer's in fold order, and
   * snapshots the customer at {@code end}.
   *
   * @param eventIds the event ids, to name the event behind each lifecycle transition; null when
   *     not kept
   * @param end the end of observation; null folds everything and snapshots at the last event
   * @return null when every event was a control-group assignment: no activity to profile
   */
  public Result fold(
      int key,
      String customerId,
      long[] packed,
      double[] values,
      float[] scores,
      String[] eventIds,
      int from,
      int to,
      Instant end) {
    long endSeconds = end == null ? ProfileAccumulator.MAX_TIME : end.getEpochSecond();
    contact.reset();
    kpi.reset();
    journey.reset();
    ProfileAccumulator acc = new ProfileAccumulator(settings);
    acc.onTouchOutcome(kpi);
    LifecycleTracker lifecycle = new LifecycleTracker(config.lifecycle());
    StyleTracker style = new StyleTracker();
    ServiceTracker service = new ServiceTracker(kpi);
    int applied = 0;
    for (int j = from; j < to; j++) {
      long e = packed[j];
      EventDetail detail = EventDetail.ofOrdinal((int) (e >>> 56));
      if (detail == EventDetail.HELD_OUT) {
        continue; // nothing was sent: see EventDetail.HELD_OUT
      }
      applied++;
      long t = seconds(e);
      Channel ch = channel(e);
      Kind k = kind(e);
      int outcomeCode = (int) (e & 0xff);
      Outcome out = outcomeCode == 0 ? null : Outcome.ofOrdinal(outcomeCode - 1);
      Stage before = lifecycle.stage();
      lifecycle.advanceTo(t);
      noticeChurn(before, lifecycle.stage());
      acc.apply(null, t, ch, k, out, values[j]);
      style.observe(t, ch, k, out, scores[j], detail);
      contact.observe(t, ch, k, out, detail);
      service.observe(t, ch, k, scores[j], detail);
      kpi.observe(t, ch, k, out, values[j], scores[j], detail);
      journey.observe(t, ch, k, detail, values[j]);
      before = lifecycle.stage();
      lifecycle.observe(
          t,
          ch,
          k,
          out,
          values[j],
          scores[j],
          detail,
          acc.unengagedStreak(),
          eventIds == null ? null : eventIds[j]);
      noticeChurn(before, lifecycle.stage());
    }
    if (applied == 0) {
      return null;
    }
    acc.advanceTo(end);
    CustomerProfile profile = acc.snapshot(key, customerId);
    Stage before = lifecycle.stage();
    Lifecycle finished = lifecycle.finish(endSeconds, acc.unengagedStreak(), acc.streakReachedAt());
    noticeChurn(before, finished.stage());
    journey.finish(endSeconds);
    return new Result(
        profile,
        finished,
        style.finish(profile.engaged() + profile.unengaged(), profile.engaged()),
        contact.finish(endSeconds, capWindow),
        service.finish(),
        kpi.finish(),
        Math.min(acc.nextDeadline(), lifecycle.nextSilenceDue()));
  }

  /** The path before churn is logged at the moment the lifecycle enters churned. */
  private void noticeChurn(Stage before, Stage after) {
    if (after == Stage.CHURNED && before != Stage.CHURNED) {
      journey.churned();
    }
  }
}
