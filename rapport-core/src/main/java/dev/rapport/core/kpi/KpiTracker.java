package dev.rapport.core.kpi;

import dev.rapport.core.Channel;
import dev.rapport.core.EventDetail;
import dev.rapport.core.Kind;
import dev.rapport.core.Outcome;
import dev.rapport.core.config.KpiSettings;
import dev.rapport.core.profile.ProfileAccumulator;
import dev.rapport.core.service.ServiceTracker;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;

/**
 * Counts one customer's events for the KPIs, beside the profile fold, into the customer's own tally
 * and into the month-and-channel cube of the fold thread: every count has this one definition.
 * Touch outcomes come from the profile fold ({@link ProfileAccumulator.TouchOutcomes}) and ticket
 * times from the service tracker ({@link ServiceTracker.Times}), so neither decision is made twice.
 *
 * <p>Reused across the customers of a thread: {@link #reset} before each, {@link #finish} after.
 */
public final class KpiTracker implements ProfileAccumulator.TouchOutcomes, ServiceTracker.Times {
  private static final long NONE = Long.MIN_VALUE;
  private static final long[] NO_MONTHS = new long[0]; // grown by copy, never written

  private final KpiSettings settings;
  private final KpiCube cube;
  private final MonthClock clock;
  private final List<KpiSettings.Funnel> funnels;
  private final long[] windows;

  private KpiTally customer;
  private final long[][] chainStart; // reused across customers, refilled by reset()
  private final Kind[][] funnelSteps; // the funnels' steps as arrays: read at every event
  private byte[] steps;
  private int firstPurchaseMonth;
  private long[] purchaseMonths;

  public KpiTracker(KpiSettings settings, ZoneId zone, KpiCube cube) {
    this.settings = settings;
    this.cube = cube;
    this.clock = new MonthClock(zone);
    this.funnels = settings.funnels();
    this.windows = funnels.stream().mapToLong(f -> f.window().getSeconds()).toArray();
    this.funnelSteps =
        funnels.stream().map(f -> f.steps().toArray(new Kind[0])).toArray(Kind[][]::new);
    this.chainStart = new long[funnels.size()][];
    for (int f = 0; f < funnels.size(); f++) {
      chainStart[f] = new long[funnels.get(f).steps().size()];
    }
    reset();
  }

  public void reset() {
    customer = new KpiTally();
    for (long[] chain : chainStart) {
      Arrays.fill(chain, NONE);
    }
    steps = new byte[funnels.size()];
    firstPurchaseMonth = KpiEvidence.NO_PURCHASE;
    purchaseMonths = NO_MONTHS;
  }

  /** One event of the customer, in time order (held-out assignments are not events). */
  public void observe(
      long t, Channel ch, Kind kind, Outcome outcome, double value, double score, EventDetail d) {
    funnels(t, kind, outcome);
    switch (kind) {
      case TOUCH -> count(t, ch, KpiCount.TOUCHES);
      case RESPONSE -> count(t, ch, KpiCount.RESPONSES);
      case PURCHASE -> {
        count(t, ch, KpiCount.PURCHASES);
        add(t, ch, KpiSum.REVENUE, value);
        purchaseMonth(monthOf(t));
      }
      case RETURN -> {
        count(t, ch, KpiCount.RETURNS);
        add(t, ch, KpiSum.RETURNED, Math.abs(value));
      }
      case SURVEY -> survey(t, ch, score, d);
      case TICKET -> {
        if (d == EventDetail.TICKET_OPENED) {
          count(t, ch, KpiCount.TICKETS);
        }
      }
      case REFERRAL -> count(t, ch, KpiCount.REFERRALS);
      case REVIEW -> count(t, ch, KpiCount.REVIEWS);
      case SIGNUP -> count(t, ch, KpiCount.SIGNUPS);
      case CANCEL -> count(t, ch, KpiCount.CANCELS);
      case UNSUBSCRIBE -> count(t, ch, KpiCount.UNSUBSCRIBES);
      case COMPLAINT -> count(t, ch, KpiCount.COMPLAINTS);
      case CONSENT -> {}
    }
  }

  private void survey(long t, Channel ch, double score, EventDetail d) {
    count(t, ch, KpiCount.SURVEYS);
    if (Double.isNaN(score)) {
      return;
    }
    switch (d) {
      case CSAT -> {
        count(t, ch, KpiCount.CSAT_ANSWERS);
        if (score >= settings.csatSatisfiedAtLeast()) {
          count(t, ch, KpiCount.CSAT_SATISFIED);
        }
      }
      case NPS -> {
        if (score < 0 || score > 10) {
          return; // not on the 0-10 scale: neither promoter, passive nor detractor
        }
        count(t, ch, KpiCount.NPS_ANSWERS);
        if (Nps.isPromoter(score)) {
          count(t, ch, KpiCount.PROMOTERS);
        } else if (Nps.isDetractor(score)) {
          count(t, ch, KpiCount.DETRACTORS);
        }
      }
      case CES -> {
        count(t, ch, KpiCount.CES_ANSWERS);
        add(t, ch, KpiSum.CES_SCORE, score);
      }
      default -> {}
    }
  }

  @Override
  public void decided(long touchSecond, Channel channel, Outcome outcome) {
    switch (outcome) {
      case ENGAGED -> count(touchSecond, channel, KpiCount.ENGAGED);
      case UNENGAGED -> count(touchSecond, channel, KpiCount.UNENGAGED);
      case BOUNCED -> count(touchSecond, channel, KpiCount.BOUNCED);
      case UNSUBSCRIBED -> count(touchSecond, channel, KpiCount.UNSUBSCRIBES);
      case COMPLAINED -> count(touchSecond, channel, KpiCount.COMPLAINTS);
    }
  }

  @Override
  public void firstResponse(long openedAt, Channel channel, long seconds) {
    customer.addFirstResponse(seconds);
    cube.cell(monthOf(openedAt), channel).addFirstResponse(seconds);
  }

  @Override
  public void resolution(long openedAt, Channel channel, long seconds) {
    customer.addResolution(seconds);
    cube.cell(monthOf(openedAt), channel).addResolution(seconds);
  }

  public KpiEvidence finish() {
    return new KpiEvidence(customer, steps, firstPurchaseMonth, purchaseMonths);
  }

  private void count(long t, Channel ch, KpiCount c) {
    customer.increment(c);
    cube.cell(monthOf(t), ch).increment(c);
  }

  private void add(long t, Channel ch, KpiSum s, double amount) {
    customer.add(s, amount);
    cube.cell(monthOf(t), ch).add(s, amount);
  }

  private void purchaseMonth(int m) {
    if (firstPurchaseMonth == KpiEvidence.NO_PURCHASE) {
      firstPurchaseMonth = m;
    }
    int k = m - firstPurchaseMonth;
    int word = k >>> 6;
    if (word >= purchaseMonths.length) {
      purchaseMonths = Arrays.copyOf(purchaseMonths, word + 1);
    }
    purchaseMonths[word] |= 1L << (k & 63);
  }

  /**
   * Advances every funnel: from the last step down, so one event never meets two consecutive steps
   * (a funnel purchase → purchase needs two purchases). The chain kept at each step is the one that
   * started last, which leaves the most of the window for the steps after it.
   */
  private void funnels(long t, Kind kind, Outcome outcome) {
    for (int f = 0; f < funnelSteps.length; f++) {
      Kind[] s = funnelSteps[f];
      long[] start = chainStart[f];
      for (int i = s.length - 1; i >= 0; i--) {
        if (!meets(s[i], kind, outcome)) {
          continue;
        }
        if (i == 0) {
          start[0] = t;
          steps[f] = (byte) Math.max(steps[f], 1);
        } else if (start[i - 1] != NONE && t - start[i - 1] <= windows[f]) {
          start[i] = Math.max(start[i], start[i - 1]);
          steps[f] = (byte) Math.max(steps[f], i + 1);
        }
      }
    }
  }

  /** A response step is also met by a touch recorded as engaged (its response is implied). */
  private static boolean meets(Kind step, Kind kind, Outcome outcome) {
    return step == kind
        || (step == Kind.RESPONSE && kind == Kind.TOUCH && outcome == Outcome.ENGAGED);
  }

  private int monthOf(long t) {
    return clock.monthOf(t);
  }
}
