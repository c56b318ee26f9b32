package dev.rapport.flink;

import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The job's topology (docs/SCALE.md): event time, then identity resolution at parallelism 1, then
 * the anchors' logs and the customers' folds, keyed and parallel. Every operator is named, with a
 * stable uid, so that savepoints survive changes to the job.
 */
public final class RapportJob {
  private RapportJob() {}

  /**
   * Appends the events to the event log of the PostgreSQL store at {@code jdbcUrl}, schema {@code
   * schema} (see {@link EventLogSink}).
   */
  public static void eventLog(DataStream<FlinkEvent> events, String jdbcUrl, String schema) {
    events
        .sinkTo(new EventLogSink(jdbcUrl, schema))
        .name("event log to PostgreSQL")
        .uid("event-log-sink");
  }

  /**
   * Customers' snapshots from a stream of events.
   *
   * @param outOfOrder how late an event may arrive and still be linked in event-time order
   * @param asOf the end of observation of the snapshots
   */
  public static DataStream<Snapshot> profiles(
      DataStream<FlinkEvent> events, ConfigSource config, Instant asOf, Duration outOfOrder) {
    DataStream<FlinkEvent> timed =
        events
            .assignTimestampsAndWatermarks(
                WatermarkStrategy.<FlinkEvent>forBoundedOutOfOrderness(outOfOrder)
                    .withTimestampAssigner((e, previous) -> e.millis()))
            .name("event time")
            .uid("event-time");
    DataStream<Routed> routed =
        timed
            .keyBy(e -> 0)
            .process(new Resolver(config))
            .name("resolve identities")
            .uid("resolver")
            .setParallelism(1)
            .setMaxParallelism(1);
    DataStream<AnchorEvents> byAnchor =
        routed.keyBy(r -> r.anchor).process(new AnchorLog()).name("anchor logs").uid("anchor-log");
    return byAnchor
        .keyBy(a -> a.customer)
        .process(new CustomerFoldFunction(config, asOf))
        .name("fold customers")
        .uid("customer-fold");
  }
}
