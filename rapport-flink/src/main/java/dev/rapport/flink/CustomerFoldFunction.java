package dev.rapport.flink;

import dev.rapport.core.engine.CustomerFold;
import dev.rapport.core.lifecycle.StageTransition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
 * the class the batch and live engines fold with. It emits the customer's {@link Snapshot}, and
 * each lifecycle {@link Transition} once, to {@link #TRANSITIONS}.
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

  /** U+001F cannot occur in an identifier's stored form (IdentifierList). */
  private static final String SEPARATOR = "\u001f";

  private final ConfigSource config;

  /** The as-of time in whole seconds, or {@link Long#MIN_VALUE} in stream mode. */
  private final long asOfSecond;

  /** Stream mode: snapshots after new events are coalesced to multiples of this. */
  private final long grainMillis;

  /** The customer's events, by anchor and event id: an event added costs one entry, not a copy. */
  private transient MapState<String, FoldEvent> events;

  /** Hashes of the transitions emitted, so that each goes out once. */
  private transient ValueState<long[]> emitted;

  /** Whether a snapshot of this customer went out (so a merge away must remove it). */
  private transient ValueState<Boolean> shown;

  private transient CustomerFold fold;

  /** Folds once, at the end of a bounded input, at {@code asOf}. */
  public static CustomerFoldFunction asOf(ConfigSource config, Instant asOf) {
    return new CustomerFoldFunction(config, asOf.getEpochSecond(), 1_000);
  }

  /**
   * Folds on event-time timers.
   *
   * @param grain snapshots after new events are coalesced to multiples of this (whole seconds)
   */
  public static CustomerFoldFunction stream(ConfigSource config, Duration grain) {
    if (grain.isNegative() || grain.isZero() || grain.toMillis() % 1_000 != 0) {
      throw new IllegalArgumentException(
          "the snapshot grain must be a positive whole number of seconds, got " + grain);
    }
    return new CustomerFoldFunction(config, Long.MIN_VALUE, grain.toMillis());
  }

  private CustomerFoldFunction(ConfigSource config, long asOfSecond, long grainMillis) {
    this.config = config;
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
    fold = new CustomerFold(config.get());
  }

  @Override
  public void processElement(AnchorEvents a, Context ctx, Collector<Snapshot> out)
      throws Exception {
    if (a.retract || a.replace) {
      String prefix = a.anchor + SEPARATOR;
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
      return;
    }
    CustomerFold.Result r = held.isEmpty() ? null : fold(id, held, end);
    if (r == null) {
      return; // nothing before the end yet, or only control-group assignments, as in the batch
    }
    out.collect(
        Snapshot.of(id, end, held.size(), SnapshotCodec.encode(r.profile(), r.lifecycle())));
    shown.update(true);
    emitNew(ctx, id, r.lifecycle().transitions(), end);
    if (streaming() && r.nextChange() != Long.MAX_VALUE) {
      ctx.timerService().registerEventTimeTimer(r.nextChange() * 1_000);
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
   */
  private void emitNew(OnTimerContext ctx, String id, List<StageTransition> ts, long end)
      throws Exception {
    long[] sent = emitted.value();
    int before = sent == null ? 0 : sent.length;
    long[] now = sent == null ? new long[0] : sent;
    for (int i = 0; i < ts.size(); i++) {
      long h = hash(ts.get(i));
      if (!contains(now, h)) {
        ctx.output(TRANSITIONS, Transition.of(id, i, ts.get(i), end));
        now = Arrays.copyOf(now, now.length + 1);
        now[now.length - 1] = h;
      }
    }
    if (now.length != before) {
      emitted.update(now);
    }
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
