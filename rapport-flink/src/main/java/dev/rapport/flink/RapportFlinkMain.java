package dev.rapport.flink;

import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The job jar's entry point: {@code flink run rapport-flink-job.jar --kafka … --postgres …} (see
 * {@link JobOptions#USAGE} and docs/OPERATIONS-FLINK.md). Checkpoints are exactly-once; Kafka
 * outputs are transactional, committed with them; PostgreSQL writes are idempotent.
 */
public final class RapportFlinkMain {
  private RapportFlinkMain() {}

  public static void main(String[] args) throws Exception {
    JobOptions options;
    try {
      options = JobOptions.parse(args);
    } catch (JobOptions.BadOption e) {
      System.err.println("rapport-flink: " + e.getMessage());
      System.exit(2);
      return;
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    build(env, options);
    env.execute(options.asOf() == null ? "rapport" : "rapport backfill as of " + options.asOf());
  }

  /** The job's graph on {@code env}, as the options say. */
  static void build(StreamExecutionEnvironment env, JobOptions o) {
    env.enableCheckpointing(o.checkpointInterval().toMillis());
    if (o.parallelism() > 0) {
      env.setParallelism(o.parallelism());
    }
    WorkspaceConfigSource config = new WorkspaceConfigSource(o.config(), o.identityRules());
    SingleOutputStreamOperator<FlinkEvent> checked =
        o.files().isEmpty()
            ? RapportJob.fromKafka(env, o.kafka(), o.topic(), o.group(), o.bounded())
            : RapportJob.fromFiles(env, o.files());
    DataStream<Reject> rejects = RapportJob.rejects(checked);
    if (o.rejectsTopic() != null) {
      RapportJob.rejectsToKafka(
          rejects, o.kafka(), o.rejectsTopic(), DeliveryGuarantee.EXACTLY_ONCE);
    }
    if (o.rejectsDir() != null) {
      RapportJob.rejectsToFiles(rejects, o.rejectsDir());
    }
    RapportJob.eventLog(checked, o.postgres(), o.schema());
    SingleOutputStreamOperator<Snapshot> folded =
        o.asOf() != null
            ? RapportJob.profiles(checked, config, o.asOf(), o.outOfOrder())
            : RapportJob.stream(checked, config, config.triggers(), o.outOfOrder(), o.grain());
    RapportJob.customersToPostgres(folded, o.postgres(), o.schema());
    if (o.triggersTopic() != null) {
      RapportJob.triggersToKafka(
          RapportJob.triggers(folded),
          o.kafka(),
          o.triggersTopic(),
          DeliveryGuarantee.EXACTLY_ONCE);
    }
    if (o.transitionsTopic() != null) {
      RapportJob.transitionsToKafka(
          RapportJob.transitions(folded),
          o.kafka(),
          o.transitionsTopic(),
          DeliveryGuarantee.EXACTLY_ONCE);
    }
  }
}
