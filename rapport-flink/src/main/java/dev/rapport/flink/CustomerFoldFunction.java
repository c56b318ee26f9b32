package dev.rapport.flink;

import dev.rapport.core.engine.CustomerFold;
import dev.rapport.core.lifecycle.StageTransition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * One customer's state, keyed by customer: their events by anchor, folded by {@link CustomerFold},
 * the class the batch and live engines fold with. It emits the customer's {@link Snapshot}, each
 * lifecycle {@link Transition} once to {@link #TRANSITIONS}, and the trigger rules it fires to
 * {@link #TRIGGERS} ({@link CustomerTriggers}).
 *
 * <p>Two modes:
 *
 * <ul>
 *   <li><b>Stream</b> (no as-of time): folds on event-time timers, each at the end of observation
 *       it names. A timer follows new events, coalesced to the snapshot grain, so that a burst
 *       makes one snapshot; and the fold says when time alone next changes the customer ({@link
 *       CustomerFold.Result#nextChange}: a response window closing, which decides a touch
 *       unengaged, or a silence rule falling due, which disengages or churns), where the next timer
 *       is set. Nothing runs at night: the watermark drives it all.
 *   <li><b>As of</b> a time: folds once, at the end of a bounded input (backfill), as the batch
 *       engine snapshots every customer at one time.
 * </ul>
 *
 * A customer whose every anchor moved to another (merged away) holds nothing; if a snapshot of
 * theirs went out, a removal follows, so the sinks delete them.
 */
public class CustomerFoldFunction extends KeyedProcessFunction<String, AnchorEvents, Snapshot> {
  private static final long serialVersionUID = 1L;

  /** The lifecycle transitions, each once, keyed by nothing: key them by customer downstream. */
  public static final OutputTag<Transition> TRANSITIONS =
      new OutputTag<>("transitions", TypeInformation.of(Transition.class));

  /** The trigger rules fired (stream mode only: a backfill's history is not announced). */
  public static final OutputTag<Trigger> TRIGGERS =
      new OutputTag<>("triggers", TypeInformation.of(Trigger.class));

  /** U+001F cannot occur in an identifier's stored form (IdentifierList). */
  private static final String SEPARATOR = "\u001f";

  private final ConfigSource config;

  private final TriggerSource triggerRules;

  /** The as-of time in whole seconds, or {@link Long#MIN_VALUE} in stream mode. */
  private final long asOfSecond;

  /** Stream mode: snapshots after new events are coalesced to multiples of this. */
  private final long grainMillis;

  /** The customer's events, by anchor and event id: an event added costs one entry, not a copy. */
  private transient MapState<String, FoldEvent> events;

  /** Hashes of the transitions emitted, so that each goes out once. */
  private transient ValueState<long[]> emitted;

  /**
   * The stages entered that fired stage triggers, as (stage, time): a merge that rewrites the stage
   * left sends the transition again, but the customer entered that stage at that time once.
   */
  private transient ValueState<long[]> announcedStages;

  /** Whether a snapshot of this customer went out (so a merge away must remove it). */
  private transient ValueState<Boolean> shown;

  /**
   * New events (not moved here by a merge) not folded yet, for the event triggers, keyed as {@link
   * #events}.
   */
  private transient MapState<String, FoldEvent> fresh;

  private transient CustomerFold fold;

  private transient CustomerTriggers triggers;

  /** Folds once, at the end of a bounded input, at {@code asOf}. */
  public static CustomerFoldFunction asOf(ConfigSource config, Instant asOf) {
    return new CustomerFoldFunction(config, TriggerSource.NONE, asOf.getEpochSecond(), 1_000);
  }

  /**
   * Folds on event-time timers.
   *
   * @param grain snapshots after new events are coalesced to multiples of this (whole seconds)
   */
  public static CustomerFoldFunction stream(
      ConfigSource config, TriggerSource triggers, Duration grain) {
    if (grain.isNegative() || grain.isZero() || grain.toMillis() % 1_000 != 0) {
      throw new IllegalArgumentException(
          "the snapshot grain must be a positive whole number of seconds, got " + grain);
    }
    return new CustomerFoldFunction(config, triggers, Long.MIN_VALUE, grain.toMillis());
  }

  private CustomerFoldFunction(
      ConfigSource config, TriggerSource triggers, long asOfSecond, long grainMillis) {
    this.config = config;
    this.triggerRules = triggers;
    this.asOfSecond = asOfSecond;
    this.grainMillis = grainMillis;
  }

  private boolean streaming() {
    return asOfSecond == Long.MIN_VALUE;
  }

  @Override
  public void open(OpenContext ctx) {
    events =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "events", Types.STRING, TypeInformation.of(FoldEvent.class)));
    emitted =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(
                    "emitted-transitions", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
    shown = getRuntimeContext().getState(new ValueStateDescriptor<>("shown", Types.BOOLEAN));
    announcedStages =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(
                    "announced-stages", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
    fresh =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "fresh-events", Types.STRING, TypeInformation.of(FoldEvent.class)));
    fold = new CustomerFold(config.get());
    triggers = new CustomerTriggers(streaming() ? triggerRules.get() : List.of());
  }

  @Override
  public void processElement(AnchorEvents a, Context ctx, Collector<Snapshot> out)
      throws Exception {
    if (a.retract || a.replace) {
      String prefix = a.anchor + SEPARATOR;
      announceBeforeLeaving(prefix, ctx);
      List<String> gone = new ArrayList<>();
      for (String k : events.keys()) {
        if (k.startsWith(prefix)) {
          gone.add(k);
        }
      }
      for (String k : gone) {
        events.remove(k);
      }
    }
    long latest = ctx.timerService().currentWatermark();
    for (FoldEvent e : a.events) {
      events.put(a.anchor + SEPARATOR + e.eventId, e);
      latest = Math.max(latest, e.epochSecond() * 1_000 + e.nano / 1_000_000);
    }
    if (!a.replace && triggers.onEvents()) {
      for (FoldEvent e : a.events) { // new, not moved here by a merge
        fresh.put(a.anchor + SEPARATOR + e.eventId, e);
      }
    }
    if (!streaming()) {
      ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE); // the end of a bounded input
    } else {
      // Fold after the events (or the change of anchors), not before the watermark: a merge moves
      // old events, and their snapshot belongs to now, not to when they happened.
      ctx.timerService().registerEventTimeTimer(after(Math.max(latest, 0)));
    }
  }

  /** The first multiple of the grain strictly after {@code millis}. */
  private long after(long millis) {
    return (Math.floorDiv(millis, grainMillis) + 1) * grainMillis;
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Snapshot> out)
      throws Exception {
    long end = streaming() ? timestamp / 1_000 : asOfSecond;
    String id = ctx.getCurrentKey();
    // As the batch engine: only what happened before the end of observation is folded.
    List<FoldEvent> held = new ArrayList<>();
    boolean any = false;
    for (FoldEvent e : events.values()) {
      any = true;
      if (e.epochSecond() < end) {
        held.add(e);
      }
    }
    if (!any) {
      // Merged into another customer: every anchor moved away.
      if (Boolean.TRUE.equals(shown.value())) {
        out.collect(Snapshot.of(id, end, 0, null));
      }
      shown.clear();
      emitted.clear();
      fresh.clear();
      announcedStages.clear();
      return;
    }
    CustomerFold.Result r = held.isEmpty() ? null : fold(id, held, end);
    if (r == null) {
      return; // nothing before the end yet, or only control-group assignments, as in the batch
    }
    out.collect(
        Snapshot.of(id, end, held.size(), SnapshotCodec.encode(r.profile(), r.lifecycle())));
    shown.update(true);
    List<StageTransition> entered = emitNew(ctx, id, r.lifecycle().transitions(), end);
    if (triggers.any()) {
      triggers.fire(
          id,
          r,
          end,
          newlyEntered(entered),
          freshFoldedBy(end),
          t -> ctx.output(TRIGGERS, t),
          false);
      triggers.silenceTimers(r, end, at -> ctx.timerService().registerEventTimeTimer(at * 1_000));
    }
    if (streaming() && r.nextChange() != Long.MAX_VALUE) {
      ctx.timerService().registerEventTimeTimer(r.nextChange() * 1_000);
    }
  }

  /** The transitions that enter a stage at a time not announced before. */
  private List<StageTransition> newlyEntered(List<StageTransition> sent) throws Exception {
    if (sent.isEmpty() || !triggers.onStages()) {
      return List.of();
    }
    long[] known = announcedStages.value();
    long[] now = known == null ? new long[0] : known;
    List<StageTransition> out = new ArrayList<>(sent.size());
    for (StageTransition t : sent) {
      long key = (long) t.to().ordinal() << 56 ^ t.atSecond();
      if (!contains(now, key)) {
        out.add(t);
        now = Arrays.copyOf(now, now.length + 1);
        now[now.length - 1] = key;
      }
    }
    if (!out.isEmpty()) {
      announcedStages.update(now);
    }
    return out;
  }

  /** The new events this fold takes in for the first time; those after it stay fresh. */
  private List<FoldEvent> freshFoldedBy(long end) throws Exception {
    if (!triggers.onEvents()) {
      return List.of();
    }
    List<FoldEvent> now = new ArrayList<>();
    List<String> done = new ArrayList<>();
    for (Map.Entry<String, FoldEvent> e : fresh.entries()) {
      if (e.getValue().epochSecond() < end) {
        now.add(e.getValue());
        done.add(e.getKey());
      }
    }
    for (String k : done) {
      fresh.remove(k);
    }
    return now;
  }

  /**
   * An anchor is leaving this customer (a merge) with new events this customer has not folded yet:
   * their event triggers fire here, for the customer the events came to, folded now with them. The
   * customer they join takes them as moved, not new, so each fires once.
   */
  private void announceBeforeLeaving(String prefix, Context ctx) throws Exception {
    if (!triggers.onEvents()) {
      return;
    }
    List<FoldEvent> leaving = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    for (Map.Entry<String, FoldEvent> e : fresh.entries()) {
      if (e.getKey().startsWith(prefix)) {
        leaving.add(e.getValue());
        keys.add(e.getKey());
      }
    }
    if (leaving.isEmpty()) {
      return;
    }
    for (String k : keys) {
      fresh.remove(k);
    }
    long end = ctx.timerService().currentWatermark() / 1_000 + 1;
    List<FoldEvent> held = new ArrayList<>();
    for (FoldEvent e : events.values()) {
      end = Math.max(end, e.epochSecond() + 1);
      held.add(e);
    }
    CustomerFold.Result r = fold(ctx.getCurrentKey(), held, end);
    if (r != null) {
      triggers.fire(
          ctx.getCurrentKey(), r, end, List.of(), leaving, t -> ctx.output(TRIGGERS, t), true);
    }
  }

  private CustomerFold.Result fold(String id, List<FoldEvent> held, long end) {
    held.sort(FoldEvent.ORDER);
    int n = held.size();
    long[] packed = new long[n];
    double[] values = new double[n];
    float[] scores = new float[n];
    String[] ids = new String[n];
    for (int i = 0; i < n; i++) {
      FoldEvent e = held.get(i);
      packed[i] = e.packed;
      values[i] = e.value;
      scores[i] = e.score;
      ids[i] = e.eventId;
    }
    return fold.fold(0, id, packed, values, scores, ids, 0, n, Instant.ofEpochSecond(end));
  }

  /**
   * Emits the transitions not emitted before. A merge can rewrite a customer's history; its
   * transitions that are new by content go out then, and none goes out twice, even when a later
   * change of anchors brings an earlier history back. The hashes of all sent are kept: a handful
   * per customer, more only as often as merges rewrite them.
   *
   * @return the transitions sent now
   */
  private List<StageTransition> emitNew(
      OnTimerContext ctx, String id, List<StageTransition> ts, long end) throws Exception {
    long[] sent = emitted.value();
    int before = sent == null ? 0 : sent.length;
    long[] now = sent == null ? new long[0] : sent;
    List<StageTransition> entered = new ArrayList<>(2);
    for (int i = 0; i < ts.size(); i++) {
      long h = hash(ts.get(i));
      if (!contains(now, h)) {
        ctx.output(TRANSITIONS, Transition.of(id, i, ts.get(i), end));
        entered.add(ts.get(i));
        now = Arrays.copyOf(now, now.length + 1);
        now[now.length - 1] = h;
      }
    }
    if (now.length != before) {
      emitted.update(now);
    }
    return entered;
  }

  private static boolean contains(long[] hashes, long h) {
    for (long x : hashes) {
      if (x == h) {
        return true;
      }
    }
    return false;
  }

  /** A 64-bit hash of everything a transition says. */
  static long hash(StageTransition t) {
    String s = t.toString();
    long h = 1_125_899_906_842_597L;
    for (int i = 0; i < s.length(); i++) {
      h = 31 * h + s.charAt(i);
    }
    return h;
  }
}
