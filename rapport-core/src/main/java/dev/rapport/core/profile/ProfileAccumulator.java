package dev.rapport.core.profile;

import dev.rapport.core.Channel;
import dev.rapport.core.Interaction;
import dev.rapport.core.Kind;
import dev.rapport.core.Outcome;
import dev.rapport.core.config.Signal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The per-customer fold: the one definition of every profile statistic. Interactions are {@link
 * #apply applied} in time order; {@link #advanceTo} moves the clock (closing response windows, so
 * that touches without an engaged response become unengaged); {@link #snapshot} freezes the state
 * into a {@link CustomerProfile}. Pure and single-threaded: the batch engine gives each customer to
 * one thread; the server and the Flink job hold one accumulator per customer.
 *
 * <p><b>Merging.</b> {@link #merge} combines two partial states of the same customer. It is exact,
 * for any split of the events, for the order-free statistics: first/last seen, event, touch and
 * inbound counts, explicit touch outcomes, purchases, revenue, purchase days (hence frequency,
 * recency, T and monetary value), returns, contact pressure and the decayed score components of
 * non-touch signals. Two statistics depend on order and are exact only for a split in time (every
 * event of one part before every event of the other, the earlier part advanced past its response
 * windows): the engaged/unengaged decision of touches without an explicit outcome, and the
 * unengaged streak.
 *
 * <p><b>Memory.</b> The state is kept compact because the batch engine holds one per customer:
 * per-channel counters only for the channels a customer has used, times as epoch seconds, purchase
 * days as a sorted int array.
 */
public final class ProfileAccumulator {
  private static final int TOUCHES = 0;
  private static final int ENGAGED = 1;
  private static final int UNENGAGED = 2;
  private static final int INBOUND = 3;
  private static final int STRIDE = 4;
  private static final int CHANNEL_BITS = 4;
  private static final int[] NO_INTS = new int[0];
  private static final long[] NO_LONGS = new long[0];
  private static final double LN2 = Math.log(2.0);

  /** Rebase the score above 2^64 growth, far from overflow (2^1023) and from precision loss. */
  private static final double MAX_SCORE_EXPONENT = 64.0;

  /** The supported range of interaction times, in epoch seconds: 1970 to 2106. */
  public static final long MIN_TIME = 0L;

  public static final long MAX_TIME = 0xFFFF_FFFFL;

  private static final long OFFSET = 1L << 31;

  private final FoldSettings settings;
  // Times are epoch seconds stored as int by enc() (unsigned 32 bits, years 1970-2106): seven
  // of them per customer, so 28 bytes a customer saved against longs. Order is kept by enc().
  private int clock = Integer.MIN_VALUE;
  private int firstSeen = Integer.MAX_VALUE;
  private int lastSeen = Integer.MIN_VALUE;
  private int events;

  private int channelMask;
  private int[] channelCounts = NO_INTS;

  /** Touches still in their response window: (epoch second << 4 | channel), in time order. */
  private long[] pending = NO_LONGS;

  private int inbound;
  private int lastInbound = Integer.MIN_VALUE;

  private int purchases;
  private double revenue;
  private int firstPurchase = Integer.MAX_VALUE;
  private int lastPurchase = Integer.MIN_VALUE;
  private int[] purchaseDays = NO_INTS;
  private int purchaseDayCount;
  private double firstDayValue;
  private int returns;
  private double returnValue;

  private int bounced;
  private int unsubscribed;
  private int complained;

  /** Touch times (epoch seconds) within the contact-pressure window of the latest touch. */
  private int[] recentTouches = NO_INTS;

  private int streak;
  private boolean streakBroken;

  /**
   * When the current streak's first ignored touches were decided, in time order, at most the
   * lifecycle's ignored-streak limit of them: the last says when the run reached the limit, a time
   * that does not move with the end of observation.
   */
  private long[] streakTimes = NO_LONGS;

  /**
   * Score components scaled to {@link #scoreRef} (value at time t is c * 2^-((t - ref) / h)), only
   * for the signals in {@link #signalMask}, in signal order: most customers use a few of the ten.
   */
  private double[] score;

  private int signalMask;

  private int scoreRef;

  /** Epoch seconds to the stored int, keeping order (t - 2^31, as a signed int). */
  private static int enc(long t) {
    return (int) (t - OFFSET);
  }

  private static long dec(int stored) {
    return stored + OFFSET;
  }

  public ProfileAccumulator(FoldSettings settings) {
    this.settings = settings;
  }

  /**
   * Told each touch's outcome once it is known: at once for a recorded outcome, when the answer
   * arrives for an engaged touch, when the response window closes for an unengaged one. The KPIs
   * count outcomes in the touch's month and channel through this, so the engaged/unengaged decision
   * has one definition, here.
   */
  public interface TouchOutcomes {
    void decided(long touchSecond, Channel channel, Outcome outcome);
  }

  private TouchOutcomes outcomes;

  /** Sets the listener of touch outcomes (null: none). */
  public void onTouchOutcome(TouchOutcomes listener) {
    this.outcomes = listener;
  }

  private void decided(long touchSecond, int ch, Outcome outcome) {
    if (outcomes != null) {
      outcomes.decided(touchSecond, Channel.ofOrdinal(ch), outcome);
    }
  }

  /**
   * Applies one interaction. Interactions must arrive in time order.
   *
   * @throws IllegalStateException if the interaction is older than the fold's clock
   */
  public void apply(Interaction e) {
    apply(e.eventId(), e.ts().getEpochSecond(), e.channel(), e.kind(), e.outcome(), e.value());
  }

  /**
   * Applies one interaction given by its fields: the allocation-free path of the batch engine.
   *
   * @param eventId for error messages only; may be null
   * @param outcome for touches; null when not known yet
   */
  public void apply(
      String eventId, long t, Channel channel, Kind kind, Outcome outcome, double value) {
    if (t < MIN_TIME || t > MAX_TIME) {
      throw new IllegalArgumentException(
          "event "
              + (eventId == null ? "" : eventId + " ")
              + "at "
              + Instant.ofEpochSecond(t)
              + " is outside the supported years 1970-2106");
    }
    if (t < dec(clock)) {
      throw new IllegalStateException(
          "event "
              + (eventId == null ? "" : eventId + " ")
              + "at "
              + Instant.ofEpochSecond(t)
              + " arrived after the fold had advanced to "
              + Instant.ofEpochSecond(dec(clock))
              + "; apply events in time order");
    }
    closeWindowsBefore(t);
    clock = enc(t);
    events++;
    firstSeen = Math.min(firstSeen, enc(t));
    lastSeen = Math.max(lastSeen, enc(t));
    int ch = channel.ordinal();
    if (kind == Kind.TOUCH) {
      touch(outcome, t, ch);
      return;
    }
    if (kind == Kind.CONSENT) {
      return;
    }
    inbound++;
    lastInbound = Math.max(lastInbound, enc(t));
    bump(ch, INBOUND);
    switch (kind) {
      case RESPONSE:
        engagePendingTouch(t, ch);
        signal(Signal.RESPONSE, t);
        breakStreak();
        break;
      case PURCHASE:
        purchase(t, value);
        signal(Signal.PURCHASE, t);
        breakStreak();
        break;
      case RETURN:
        returns++;
        returnValue -= Math.abs(value);
        signal(Signal.RETURNED, t);
        break;
      case SURVEY:
      case TICKET:
      case SIGNUP:
        signal(Signal.INBOUND, t);
        breakStreak();
        break;
      case REFERRAL:
      case REVIEW:
        signal(Signal.ADVOCACY, t);
        breakStreak();
        break;
      case CANCEL:
        signal(Signal.CANCELLED, t);
        break;
      case UNSUBSCRIBE:
        unsubscribed++;
        signal(Signal.UNSUBSCRIBED, t);
        break;
      case COMPLAINT:
        complained++;
        signal(Signal.COMPLAINED, t);
        break;
      default:
        throw new IllegalStateException("unhandled kind " + kind);
    }
  }

  /** Moves the clock forward: response windows that closed before {@code time} are decided. */
  public void advanceTo(Instant time) {
    long t = time.getEpochSecond();
    if (t > dec(clock)) {
      closeWindowsBefore(t);
      clock = enc(Math.min(t, MAX_TIME));
      forgetTouchesBefore(t - settings.pressureWindowSeconds);
    }
  }

  /** Drops touch times too old to count as contact pressure any more. */
  private void forgetTouchesBefore(long cutoff) {
    int drop = 0;
    while (drop < recentTouches.length && dec(recentTouches[drop]) <= cutoff) {
      drop++;
    }
    if (drop > 0) {
      recentTouches =
          drop == recentTouches.length
              ? NO_INTS
              : Arrays.copyOfRange(recentTouches, drop, recentTouches.length);
    }
  }

  private void touch(Outcome outcome, long t, int ch) {
    int at = slot(ch);
    channelCounts[at + TOUCHES]++;
    rememberTouch(t);
    if (outcome == null) {
      addPending((t << CHANNEL_BITS) | ch);
      return;
    }
    decided(t, ch, outcome);
    switch (outcome) {
      case ENGAGED:
        channelCounts[at + ENGAGED]++;
        signal(Signal.RESPONSE, t);
        breakStreak();
        break;
      case UNENGAGED:
        channelCounts[at + UNENGAGED]++;
        signal(Signal.IGNORED, t);
        ignored(t);
        break;
      case BOUNCED:
        bounced++;
        signal(Signal.BOUNCED, t);
        break;
      case UNSUBSCRIBED:
        unsubscribed++;
        signal(Signal.UNSUBSCRIBED, t);
        break;
      case COMPLAINED:
        complained++;
        signal(Signal.COMPLAINED, t);
        break;
      default:
        throw new IllegalStateException("unhandled outcome " + outcome);
    }
  }

  /**
   * A response engages the most recent pending touch on its channel: with no campaign link between
   * them, the last touch is the one the customer most plausibly answered.
   */
  private void engagePendingTouch(long t, int ch) {
    for (int i = pending.length - 1; i >= 0; i--) {
      long p = pending[i];
      if ((p & 0xF) == ch && (p >>> CHANNEL_BITS) <= t) {
        if (pending.length == 1) {
          pending = NO_LONGS;
        } else {
          long[] rest = new long[pending.length - 1];
          System.arraycopy(pending, 0, rest, 0, i);
          System.arraycopy(pending, i + 1, rest, i, rest.length - i);
          pending = rest;
        }
        bump(ch, ENGAGED);
        decided(p >>> CHANNEL_BITS, ch, Outcome.ENGAGED);
        return;
      }
    }
  }

  /**
   * The earliest end of observation at which a touch still pending now is decided unengaged: one
   * second after the earliest response window closes ({@link #closeWindowsBefore} decides a touch
   * when its deadline is before the end). {@link Long#MAX_VALUE} when nothing is pending.
   */
  public long nextDeadline() {
    long next = Long.MAX_VALUE;
    for (long p : pending) {
      int ch = (int) (p & 0xF);
      next = Math.min(next, (p >>> CHANNEL_BITS) + settings.windowSeconds[ch] + 1);
    }
    return next;
  }

  /** Pending touches whose deadline is before {@code t} become unengaged at their deadline. */
  private void closeWindowsBefore(long t) {
    if (pending.length == 0) {
      return;
    }
    int kept = 0;
    long[] closed = null;
    int closedCount = 0;
    for (long p : pending) {
      int ch = (int) (p & 0xF);
      long deadline = (p >>> CHANNEL_BITS) + settings.windowSeconds[ch];
      if (deadline < t) {
        bump(ch, UNENGAGED);
        decided(p >>> CHANNEL_BITS, ch, Outcome.UNENGAGED);
        signal(Signal.IGNORED, deadline);
        if (closed == null) {
          closed = new long[pending.length];
        }
        closed[closedCount++] = deadline;
      } else {
        pending[kept++] = p;
      }
    }
    if (closed != null) {
      // Windows of different channels close out of touch order: the streak counts them in the
      // order they closed.
      Arrays.sort(closed, 0, closedCount);
      for (int i = 0; i < closedCount; i++) {
        ignored(closed[i]);
      }
    }
    if (kept < pending.length) {
      // Exact-size arrays: most customers have nothing pending most of the time.
      pending = kept == 0 ? NO_LONGS : Arrays.copyOf(pending, kept);
    }
  }

  private void addPending(long packed) {
    pending = Arrays.copyOf(pending, pending.length + 1);
    pending[pending.length - 1] = packed;
  }

  private void rememberTouch(long t) {
    forgetTouchesBefore(t - settings.pressureWindowSeconds);
    recentTouches = Arrays.copyOf(recentTouches, recentTouches.length + 1);
    recentTouches[recentTouches.length - 1] = enc(t);
  }

  private void purchase(long t, double value) {
    purchases++;
    revenue += value;
    firstPurchase = Math.min(firstPurchase, enc(t));
    lastPurchase = Math.max(lastPurchase, enc(t));
    int day = (int) settings.epochDay(t);
    if (purchaseDayCount == 0 || day == purchaseDays[0]) {
      firstDayValue += value;
    }
    if (purchaseDayCount == 0 || day > purchaseDays[purchaseDayCount - 1]) {
      if (purchaseDayCount == purchaseDays.length) {
        purchaseDays = Arrays.copyOf(purchaseDays, Math.max(2, purchaseDayCount * 2));
      }
      purchaseDays[purchaseDayCount++] = day;
    }
  }

  private void breakStreak() {
    streak = 0;
    streakBroken = true;
    streakTimes = NO_LONGS;
  }

  /** One more touch ignored in a row, decided at {@code t}. */
  private void ignored(long t) {
    streak++;
    if (streakTimes.length < settings.ignoredStreakLimit) {
      streakTimes = Arrays.copyOf(streakTimes, streakTimes.length + 1);
      streakTimes[streakTimes.length - 1] = t;
    }
  }

  /** The first touch times of two streaks run one after the other, kept to the limit. */
  private long[] streakTimes(long[] first, long[] then) {
    long[] both =
        Arrays.copyOf(first, Math.min(first.length + then.length, settings.ignoredStreakLimit));
    System.arraycopy(then, 0, both, first.length, both.length - first.length);
    return both;
  }

  /**
   * When the current run of ignored touches reached the lifecycle's ignored-streak limit (epoch
   * second), or {@link Long#MIN_VALUE} when it has not (or the lifecycle counts no such runs).
   */
  public long streakReachedAt() {
    int limit = settings.ignoredStreakLimit;
    return limit > 0 && streakTimes.length >= limit ? streakTimes[limit - 1] : Long.MIN_VALUE;
  }

  private void signal(Signal s, long t) {
    double w = settings.weights[s.ordinal()];
    if (w == 0) {
      return;
    }
    if (score == null) {
      score = new double[0];
      scoreRef = enc(t);
    }
    double exponent = (t - dec(scoreRef)) / settings.halfLifeSeconds;
    if (exponent > MAX_SCORE_EXPONENT) {
      rebaseScore(t);
      exponent = 0;
    }
    int at = signalSlot(s.ordinal());
    score[at] += w * Math.exp(exponent * LN2);
  }

  /** Index of a signal's component, adding it if this customer has not had the signal yet. */
  private int signalSlot(int ordinal) {
    int bit = 1 << ordinal;
    int before = Integer.bitCount(signalMask & (bit - 1));
    if ((signalMask & bit) == 0) {
      double[] grown = new double[score.length + 1];
      System.arraycopy(score, 0, grown, 0, before);
      System.arraycopy(score, before, grown, before + 1, score.length - before);
      score = grown;
      signalMask |= bit;
    }
    return before;
  }

  /** This customer's component of a signal at {@link #scoreRef}; 0 when never seen. */
  private double component(int ordinal) {
    int bit = 1 << ordinal;
    return (signalMask & bit) == 0 ? 0.0 : score[Integer.bitCount(signalMask & (bit - 1))];
  }

  private void rebaseScore(long newRef) {
    double factor = Math.exp(-(newRef - dec(scoreRef)) / settings.halfLifeSeconds * LN2);
    for (int i = 0; i < score.length; i++) {
      score[i] *= factor;
    }
    scoreRef = enc(newRef);
  }

  /**
   * Adds one to a channel's counter (a separate statement: {@link #slot} may replace the array).
   */
  private void bump(int ch, int counter) {
    int at = slot(ch);
    channelCounts[at + counter]++;
  }

  /** Index of a channel's counters, adding the channel if the customer has not used it yet. */
  private int slot(int ch) {
    int bit = 1 << ch;
    int before = Integer.bitCount(channelMask & (bit - 1));
    if ((channelMask & bit) == 0) {
      int used = Integer.bitCount(channelMask);
      int[] grown = new int[(used + 1) * STRIDE];
      System.arraycopy(channelCounts, 0, grown, 0, before * STRIDE);
      System.arraycopy(
          channelCounts, before * STRIDE, grown, (before + 1) * STRIDE, (used - before) * STRIDE);
      channelCounts = grown;
      channelMask |= bit;
    }
    return before * STRIDE;
  }

  /**
   * Combines another partial state of the same customer into this one; see the class comment for
   * which statistics this is exact for.
   */
  public void merge(ProfileAccumulator other) {
    if (other.settings != settings) {
      throw new IllegalArgumentException("cannot merge folds made with different settings");
    }
    if (other.events == 0) {
      return;
    }
    boolean otherLater = other.firstSeen >= lastSeen;
    boolean otherEarlier = other.lastSeen <= firstSeen && !otherLater;
    int mergedStreak;
    long[] mergedTimes;
    boolean mergedBroken = streakBroken || other.streakBroken;
    if (otherLater) {
      mergedStreak = other.streakBroken ? other.streak : streak + other.streak;
      mergedTimes =
          other.streakBroken ? other.streakTimes : streakTimes(streakTimes, other.streakTimes);
    } else if (otherEarlier) {
      mergedStreak = streakBroken ? streak : streak + other.streak;
      mergedTimes = streakBroken ? streakTimes : streakTimes(other.streakTimes, streakTimes);
    } else {
      mergedStreak = Math.max(streak, other.streak);
      mergedTimes = streak >= other.streak ? streakTimes : other.streakTimes;
    }
    streak = mergedStreak;
    streakTimes = mergedTimes;
    streakBroken = mergedBroken;

    clock = Math.max(clock, other.clock);
    firstSeen = Math.min(firstSeen, other.firstSeen);
    lastSeen = Math.max(lastSeen, other.lastSeen);
    events += other.events;
    for (int ch = 0; ch < Channel.values().length; ch++) {
      if ((other.channelMask & (1 << ch)) != 0) {
        int from = Integer.bitCount(other.channelMask & ((1 << ch) - 1)) * STRIDE;
        int to = slot(ch);
        for (int k = 0; k < STRIDE; k++) {
          channelCounts[to + k] += other.channelCounts[from + k];
        }
      }
    }
    for (long p : other.pending) {
      addPending(p);
    }
    Arrays.sort(pending);
    inbound += other.inbound;
    lastInbound = Math.max(lastInbound, other.lastInbound);
    mergePurchases(other);
    returns += other.returns;
    returnValue += other.returnValue;
    bounced += other.bounced;
    unsubscribed += other.unsubscribed;
    complained += other.complained;
    mergeRecentTouches(other);
    mergeScore(other);
  }

  private void mergePurchases(ProfileAccumulator other) {
    if (other.purchases == 0) {
      return;
    }
    if (purchaseDayCount == 0 || other.purchaseDays[0] < purchaseDays[0]) {
      firstDayValue = other.firstDayValue;
    } else if (other.purchaseDays[0] == purchaseDays[0]) {
      firstDayValue += other.firstDayValue;
    }
    purchases += other.purchases;
    revenue += other.revenue;
    firstPurchase = Math.min(firstPurchase, other.firstPurchase);
    lastPurchase = Math.max(lastPurchase, other.lastPurchase);
    int[] union = new int[purchaseDayCount + other.purchaseDayCount];
    int i = 0;
    int j = 0;
    int n = 0;
    while (i < purchaseDayCount || j < other.purchaseDayCount) {
      int next;
      if (j >= other.purchaseDayCount
          || (i < purchaseDayCount && purchaseDays[i] <= other.purchaseDays[j])) {
        next = purchaseDays[i++];
      } else {
        next = other.purchaseDays[j++];
      }
      if (n == 0 || union[n - 1] != next) {
        union[n++] = next;
      }
    }
    purchaseDays = union;
    purchaseDayCount = n;
  }

  private void mergeRecentTouches(ProfileAccumulator other) {
    int[] all = Arrays.copyOf(recentTouches, recentTouches.length + other.recentTouches.length);
    System.arraycopy(other.recentTouches, 0, all, recentTouches.length, other.recentTouches.length);
    Arrays.sort(all); // enc() keeps order
    recentTouches = all;
    if (all.length > 0) {
      forgetTouchesBefore(dec(all[all.length - 1]) - settings.pressureWindowSeconds);
    }
  }

  private void mergeScore(ProfileAccumulator other) {
    if (other.score == null) {
      return;
    }
    if (score == null) {
      score = other.score.clone();
      signalMask = other.signalMask;
      scoreRef = other.scoreRef;
      return;
    }
    long ref = dec(Math.max(scoreRef, other.scoreRef));
    rebaseScore(ref);
    double factor = Math.exp(-(ref - dec(other.scoreRef)) / settings.halfLifeSeconds * LN2);
    for (int ordinal = 0; ordinal < Signal.values().length; ordinal++) {
      if ((other.signalMask & (1 << ordinal)) != 0) {
        double add = other.component(ordinal) * factor;
        int at = signalSlot(ordinal);
        score[at] += add;
      }
    }
  }

  /** Touches ignored in a row since the customer last engaged or acted, as of the clock. */
  public int unengagedStreak() {
    return streak;
  }

  /** The number of interactions applied (or merged) so far. */
  public int events() {
    return events;
  }

  /** Freezes the state at the fold's clock into a profile (keyless; the caller names it). */
  public CustomerProfile snapshot() {
    return snapshot(-1, null);
  }

  /** Freezes the state at the fold's clock into a profile for a customer. */
  public CustomerProfile snapshot(int customerKey, String customerId) {
    if (events == 0) {
      throw new IllegalStateException("no interaction was applied; nothing to snapshot");
    }
    long asOf = dec(clock);
    List<ChannelStats> channels = channelStats();
    double frequency = Double.NaN;
    double recency = Double.NaN;
    double age = Double.NaN;
    double monetary = Double.NaN;
    if (purchaseDayCount > 0) {
      int first = purchaseDays[0];
      int last = purchaseDays[purchaseDayCount - 1];
      long endDay = Math.max(settings.epochDay(asOf - 1), last);
      frequency = purchaseDayCount - 1;
      recency = (last - first) / settings.unitDays;
      age = (endDay - first) / settings.unitDays;
      monetary = frequency == 0 ? 0.0 : (revenue - firstDayValue) / frequency;
    }
    int pressure = 0;
    for (int stored : recentTouches) {
      long touch = dec(stored);
      if (touch > asOf - settings.pressureWindowSeconds && touch <= asOf) {
        pressure++;
      }
    }
    List<ScoreComponent> components = new ArrayList<>();
    double engagement = scoreAt(asOf, components);
    return new CustomerProfile(
        customerKey,
        customerId,
        Instant.ofEpochSecond(asOf),
        Instant.ofEpochSecond(dec(firstSeen)),
        Instant.ofEpochSecond(dec(lastSeen)),
        (asOf - dec(firstSeen)) / 86_400.0,
        events,
        channels,
        inbound,
        inbound == 0 ? null : Instant.ofEpochSecond(dec(lastInbound)),
        purchases,
        revenue,
        returns,
        returnValue,
        purchases == 0 ? null : Instant.ofEpochSecond(dec(firstPurchase)),
        purchases == 0 ? null : Instant.ofEpochSecond(dec(lastPurchase)),
        frequency,
        recency,
        age,
        monetary,
        bounced,
        unsubscribed,
        complained,
        pressure,
        streak,
        engagement,
        components);
  }

  private List<ChannelStats> channelStats() {
    List<ChannelStats> out = new ArrayList<>(Integer.bitCount(channelMask));
    for (int ch = 0; ch < Channel.values().length; ch++) {
      if ((channelMask & (1 << ch)) == 0) {
        continue;
      }
      int at = Integer.bitCount(channelMask & ((1 << ch) - 1)) * STRIDE;
      int pendingHere = 0;
      for (long p : pending) {
        if ((p & 0xF) == ch) {
          pendingHere++;
        }
      }
      int engaged = channelCounts[at + ENGAGED];
      int unengaged = channelCounts[at + UNENGAGED];
      double rate =
          channelCounts[at + TOUCHES] == 0
              ? Double.NaN
              : (engaged + settings.priorEngaged)
                  / (engaged + unengaged + settings.priorEngaged + settings.priorIgnored);
      out.add(
          new ChannelStats(
              Channel.ofOrdinal(ch),
              channelCounts[at + TOUCHES],
              engaged,
              unengaged,
              pendingHere,
              channelCounts[at + INBOUND],
              rate));
    }
    return out;
  }

  /**
   * The engagement score at {@code t}: 100 * (1 - exp(-raw / scale)) for a positive decayed sum,
   * else 0. Each component's points are its share of the raw sum, so that they add up to the score.
   */
  private double scoreAt(long t, List<ScoreComponent> components) {
    if (score == null) {
      return 0.0;
    }
    double factor = Math.exp(-(t - dec(scoreRef)) / settings.halfLifeSeconds * LN2);
    double raw = 0;
    for (double c : score) {
      raw += c * factor;
    }
    double value = raw > 0 ? 100.0 * (1.0 - Math.exp(-raw / settings.scoreScale)) : 0.0;
    for (Signal s : Signal.values()) {
      double c = component(s.ordinal()) * factor;
      if (c != 0) {
        components.add(new ScoreComponent(s, raw > 0 ? value * c / raw : 0.0, c));
      }
    }
    components.sort(Comparator.comparingDouble((ScoreComponent c) -> -Math.abs(c.raw())));
    return value;
  }
}
