package dev.rapport.flink;

import dev.rapport.core.Interaction;
import dev.rapport.core.engine.CustomerFold;
import dev.rapport.core.engine.LiveEngine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * One customer's state, keyed by customer: their events by anchor, folded by {@link CustomerFold},
 * the class the batch and live engines fold with. A customer whose every anchor moved to another
 * (merged away) holds nothing and emits nothing.
 *
 * <p>This first version folds once, at the end of a bounded input, at the as-of time given; the
 * event-time timers that close response windows and notice silence in an unbounded stream are the
 * next step (docs/SCALE.md).
 */
public class CustomerFoldFunction extends KeyedProcessFunction<String, AnchorEvents, Snapshot> {
  private static final long serialVersionUID = 1L;

  private final ConfigSource config;

  /** The as-of time in whole seconds, as the batch engine's end of a business day always is. */
  private final long asOfSecond;

  /** U+001F cannot occur in an identifier's stored form (IdentifierList). */
  private static final String SEPARATOR = "\u001f";

  /** The customer's events, by anchor and event id: an event added costs one entry, not a copy. */
  private transient MapState<String, FlinkEvent> events;

  private transient CustomerFold fold;

  /**
   * @param asOf the end of observation of the snapshots
   */
  public CustomerFoldFunction(ConfigSource config, Instant asOf) {
    this.config = config;
    this.asOfSecond = asOf.getEpochSecond();
  }

  @Override
  public void open(OpenContext ctx) {
    events =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "events", Types.STRING, TypeInformation.of(FlinkEvent.class)));
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
    for (FlinkEvent e : a.events) {
      events.put(a.anchor + SEPARATOR + e.eventId, e);
    }
    ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE); // the end of a bounded input
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Snapshot> out)
      throws Exception {
    // As the batch engine: only what happened before the end of observation is folded.
    List<Interaction> held = new ArrayList<>();
    for (FlinkEvent e : events.values()) {
      if (e.epochSecond < asOfSecond) {
        held.add(e.toInteraction());
      }
    }
    if (held.isEmpty()) {
      return; // merged into another customer
    }
    held.sort(LiveEngine.FOLD_ORDER);
    int n = held.size();
    long[] packed = new long[n];
    double[] values = new double[n];
    float[] scores = new float[n];
    String[] ids = new String[n];
    for (int i = 0; i < n; i++) {
      Interaction e = held.get(i);
      packed[i] = CustomerFold.pack(e);
      values[i] = e.value();
      scores[i] = (float) e.score();
      ids[i] = e.eventId();
    }
    String id = ctx.getCurrentKey();
    CustomerFold.Result r =
        fold.fold(0, id, packed, values, scores, ids, 0, n, Instant.ofEpochSecond(asOfSecond));
    if (r == null) {
      return; // only control-group assignments: no activity to profile, as in the batch engine
    }
    Snapshot s = new Snapshot();
    s.customerId = id;
    s.events = n;
    s.profile = r.profile().toString();
    s.lifecycle = r.lifecycle().toString();
    out.collect(s);
  }
}
