package dev.rapport.flink;

import dev.rapport.io.InteractionJson;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Checks each record as a canonical interaction ({@link InteractionJson}, the rules {@code POST
 * /v1/events} applies): accepted ones go on as events, the others to {@link #REJECTS} with their
 * reasons. Every record read is one or the other, counted as {@code acceptedRecords} and {@code
 * rejectedRecords}.
 */
public class ParseEvents extends ProcessFunction<RawRecord, FlinkEvent> {
  private static final long serialVersionUID = 1L;

  public static final OutputTag<Reject> REJECTS =
      new OutputTag<>("rejects", TypeInformation.of(Reject.class));

  private transient Counter accepted;
  private transient Counter rejected;

  @Override
  public void open(OpenContext ctx) {
    accepted = getRuntimeContext().getMetricGroup().counter("acceptedRecords");
    rejected = getRuntimeContext().getMetricGroup().counter("rejectedRecords");
  }

  @Override
  public void processElement(RawRecord r, Context ctx, Collector<FlinkEvent> out) {
    // The offset or line is the item's index, so each error names the record.
    InteractionJson.Item item =
        InteractionJson.parse(r.value, (int) Math.min(r.index, Integer.MAX_VALUE));
    if (item.event() != null) {
      accepted.inc();
      out.collect(FlinkEvent.of(item.event()));
    } else {
      rejected.inc();
      ctx.output(REJECTS, Reject.of(r.where, r.value, item.errors()));
    }
  }
}
