package dev.rapport.flink;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The events of one anchor, keyed by anchor: what lets a merge move state without a loop back
 * (docs/SCALE.md). An event is passed on to the anchor's customer; a reassignment withdraws the
 * anchor's events from the customer it left and hands all of them to the one it joined.
 */
public class AnchorLog extends KeyedProcessFunction<String, Routed, AnchorEvents> {
  private static final long serialVersionUID = 1L;

  private transient ListState<FoldEvent> events;
  private transient ValueState<String> customer;

  @Override
  public void open(OpenContext ctx) {
    events = getRuntimeContext().getListState(new ListStateDescriptor<>("events", FoldEvent.class));
    customer = getRuntimeContext().getState(new ValueStateDescriptor<>("customer", String.class));
  }

  @Override
  public void processElement(Routed r, Context ctx, Collector<AnchorEvents> out) throws Exception {
    if (r.event != null) {
      events.add(r.event);
      customer.update(r.customer);
      out.collect(AnchorEvents.add(r.customer, r.anchor, new FoldEvent[] {r.event}));
      return;
    }
    String held = customer.value();
    if (r.customer.equals(held)) {
      return; // already there
    }
    List<FoldEvent> all = new ArrayList<>();
    for (FoldEvent e : events.get()) {
      all.add(e);
    }
    // From the customer this log last sent to, which it knows for certain.
    if (held != null) {
      out.collect(AnchorEvents.retract(held, r.anchor));
    }
    out.collect(AnchorEvents.replace(r.customer, r.anchor, all.toArray(new FoldEvent[0])));
    customer.update(r.customer);
  }
}
