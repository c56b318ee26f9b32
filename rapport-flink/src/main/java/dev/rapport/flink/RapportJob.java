package dev.rapport.flink;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.Encoder;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The job's topology (docs/SCALE.md): records from Kafka checked as canonical interactions, event
 * time, identity resolution at parallelism 1, then the anchors' logs and the customers' folds,
 * keyed and parallel; snapshots upserted into PostgreSQL, transitions and rejects to Kafka. Every
 * operator is named, with a stable uid, so that savepoints survive changes to the job.
 */
public final class RapportJob {
  private RapportJob() {}

  /**
   * The canonical interactions of a Kafka topic.
   *
   * @param bounded stop at the offsets that are the latest when the job starts (a backfill, or a
   *     test); otherwise read on forever
   */
  public static SingleOutputStreamOperator<FlinkEvent> fromKafka(
      StreamExecutionEnvironment env,
      String bootstrap,
      String topic,
      String group,
      boolean bounded) {
    KafkaSourceBuilder<RawRecord> b =
        KafkaSource.<RawRecord>builder()
            .setBootstrapServers(bootstrap)
            .setTopics(topic)
            .setGroupId(group)
            // A restore takes the offsets in the checkpoint; a first start, the group's committed
            // offsets, or the earliest when the group has none.
            .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
            .setDeserializer(new RawRecord.FromKafka());
    if (bounded) {
      b.setBounded(OffsetsInitializer.latest());
    }
    return env.fromSource(b.build(), WatermarkStrategy.noWatermarks(), "kafka " + topic)
        .uid("kafka-source")
        .process(new ParseEvents())
        .name("check events")
        .uid("check-events");
  }

  /**
   * The canonical interactions of JSON Lines files, one object a line: a backfill. Each file is
   * read in order by a source of its own, so rejects name the file and line; the input is bounded,
   * and the job ends when every file is read.
   *
   * <p>Run it in Flink's STREAMING runtime mode (the default), with {@link #profiles} at an as-of
   * time: BATCH mode's sorted shuffles do not keep the order of records between two operators that
   * the resolver's merges rely on (docs/SCALE.md).
   */
  public static SingleOutputStreamOperator<FlinkEvent> fromFiles(
      StreamExecutionEnvironment env, List<Path> files) {
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no files to read");
    }
    DataStream<RawRecord> lines = null;
    for (int i = 0; i < files.size(); i++) {
      Path f = files.get(i);
      DataStream<RawRecord> one =
          env.fromSource(
                  FileSource.forRecordStreamFormat(
                          new TextLineInputFormat(), new org.apache.flink.core.fs.Path(f.toUri()))
                      .build(),
                  WatermarkStrategy.noWatermarks(),
                  "file " + f.getFileName())
              .uid("file-source-" + i)
              .setParallelism(1)
              .flatMap(new NumberLines(f.toString()))
              .name("number lines of " + f.getFileName())
              .uid("number-lines-" + i)
              .setParallelism(1);
      lines = lines == null ? one : lines.union(one);
    }
    return lines.process(new ParseEvents()).name("check events").uid("check-events");
  }

  /** The records {@link #fromKafka} or {@link #fromFiles} rejected, each with its reasons. */
  public static DataStream<Reject> rejects(SingleOutputStreamOperator<FlinkEvent> checked) {
    return checked.getSideOutput(ParseEvents.REJECTS);
  }

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
   * Customers' snapshots from a stream of events, folded once at the end of a bounded input, at
   * {@code asOf} (a backfill, as the batch engine snapshots).
   *
   * @param outOfOrder how late an event may arrive and still be linked in event-time order
   */
  public static SingleOutputStreamOperator<Snapshot> profiles(
      DataStream<FlinkEvent> events, ConfigSource config, Instant asOf, Duration outOfOrder) {
    return fold(events, config, outOfOrder, CustomerFoldFunction.asOf(config, asOf));
  }

  /**
   * Customers' snapshots from an unbounded stream, on event-time timers: after new events
   * (coalesced to {@code grain}), when a response window closes and when a silence rule falls due.
   * Their lifecycle transitions are the side output {@link CustomerFoldFunction#TRANSITIONS}.
   */
  public static SingleOutputStreamOperator<Snapshot> stream(
      DataStream<FlinkEvent> events, ConfigSource config, Duration outOfOrder, Duration grain) {
    return stream(events, config, TriggerSource.NONE, outOfOrder, grain);
  }

  /**
   * As {@link #stream(DataStream, ConfigSource, Duration, Duration)}, firing the trigger rules
   * given: the side output {@link CustomerFoldFunction#TRIGGERS}.
   */
  public static SingleOutputStreamOperator<Snapshot> stream(
      DataStream<FlinkEvent> events,
      ConfigSource config,
      TriggerSource triggers,
      Duration outOfOrder,
      Duration grain) {
    return fold(events, config, outOfOrder, CustomerFoldFunction.stream(config, triggers, grain));
  }

  /** The triggers fired by {@link #stream}. */
  public static DataStream<Trigger> triggers(SingleOutputStreamOperator<Snapshot> folded) {
    return folded.getSideOutput(CustomerFoldFunction.TRIGGERS);
  }

  /** Writes the triggers to a Kafka topic as JSON, keyed by customer id. */
  public static void triggersToKafka(
      DataStream<Trigger> triggers, String bootstrap, String topic, DeliveryGuarantee guarantee) {
    triggers
        .sinkTo(kafkaSink(bootstrap, guarantee, "rapport-triggers", JsonRecords.triggers(topic)))
        .name("triggers to Kafka")
        .uid("triggers-sink");
  }

  /** The transitions of {@link #stream} or {@link #profiles}. */
  public static DataStream<Transition> transitions(SingleOutputStreamOperator<Snapshot> folded) {
    return folded.getSideOutput(CustomerFoldFunction.TRANSITIONS);
  }

  private static SingleOutputStreamOperator<Snapshot> fold(
      DataStream<FlinkEvent> events,
      ConfigSource config,
      Duration outOfOrder,
      CustomerFoldFunction fold) {
    DataStream<AnchorEvents> byAnchor =
        routed(events, config, outOfOrder)
            .keyBy(r -> r.anchor)
            .process(new AnchorLog())
            .name("anchor logs")
            .uid("anchor-log");
    KeyedStream<AnchorEvents, String> byCustomer = byAnchor.keyBy(a -> a.customer);
    return byCustomer.process(fold).name("fold customers").uid("customer-fold");
  }

  /** Events in event time through the one resolver: the job up to its single-slot stage. */
  static DataStream<Routed> routed(
      DataStream<FlinkEvent> events, ConfigSource config, Duration outOfOrder) {
    DataStream<FlinkEvent> timed =
        events
            .assignTimestampsAndWatermarks(
                WatermarkStrategy.<FlinkEvent>forBoundedOutOfOrderness(outOfOrder)
                    .withTimestampAssigner((e, previous) -> e.millis()))
            .name("event time")
            .uid("event-time");
    return timed
        .keyBy(e -> 0)
        .process(new Resolver(config))
        .name("resolve identities")
        .uid("resolver")
        .setParallelism(1)
        .setMaxParallelism(1);
  }

  /**
   * Upserts the snapshots into the profile and lifecycle tables of the PostgreSQL store at {@code
   * jdbcUrl}, schema {@code schema}, deleting customers merged away (see {@link CustomerSink}).
   */
  public static void customersToPostgres(
      DataStream<Snapshot> snapshots, String jdbcUrl, String schema) {
    snapshots
        .sinkTo(new CustomerSink(jdbcUrl, schema))
        .name("customers to PostgreSQL")
        .uid("customer-sink");
  }

  /** Writes the transitions to a Kafka topic as JSON, keyed by customer id. */
  public static void transitionsToKafka(
      DataStream<Transition> transitions,
      String bootstrap,
      String topic,
      DeliveryGuarantee guarantee) {
    transitions
        .sinkTo(
            kafkaSink(bootstrap, guarantee, "rapport-transitions", JsonRecords.transitions(topic)))
        .name("transitions to Kafka")
        .uid("transitions-sink");
  }

  /** Writes the rejected records to a Kafka topic as JSON, each with its reasons. */
  public static void rejectsToKafka(
      DataStream<Reject> rejects, String bootstrap, String topic, DeliveryGuarantee guarantee) {
    rejects
        .sinkTo(kafkaSink(bootstrap, guarantee, "rapport-rejects", JsonRecords.rejects(topic)))
        .name("rejects to Kafka")
        .uid("rejects-sink");
  }

  /**
   * Writes the rejected records as JSON Lines into part files under {@code dir}, committed with
   * each checkpoint (and at the end of a bounded input), so none is lost or written twice.
   */
  public static void rejectsToFiles(DataStream<Reject> rejects, java.nio.file.Path dir) {
    Encoder<Reject> lines =
        (r, out) -> {
          out.write(JsonRecords.reject(r));
          out.write('\n');
        };
    rejects
        .sinkTo(
            FileSink.forRowFormat(new org.apache.flink.core.fs.Path(dir.toUri()), lines).build())
        .name("rejects to files")
        .uid("rejects-file-sink");
  }

  private static <T> KafkaSink<T> kafkaSink(
      String bootstrap,
      DeliveryGuarantee guarantee,
      String transactionalPrefix,
      KafkaRecordSerializationSchema<T> records) {
    return KafkaSink.<T>builder()
        .setBootstrapServers(bootstrap)
        .setDeliveryGuarantee(guarantee)
        .setTransactionalIdPrefix(transactionalPrefix)
        // Flink's default (one hour) is above a broker's default transaction.max.timeout.ms (15
        // minutes), which refuses it: stay within it, well above any checkpoint interval.
        .setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "600000")
        .setRecordSerializer(records)
        .build();
  }
}
