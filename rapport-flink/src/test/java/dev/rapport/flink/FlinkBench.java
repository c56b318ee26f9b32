package dev.rapport.flink;

import dev.rapport.core.Interaction;
import dev.rapport.core.config.RapportConfig;
import dev.rapport.core.engine.BatchEngine;
import dev.rapport.core.engine.LiveEngine;
import dev.rapport.io.InteractionJson;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.graph.StreamGraphHasherV2;

/**
 * The job's throughput and state on this machine, beside the embedded engines on the same events (a
 * measurement, not a test: nothing is asserted on time). The job reads canonical JSON from a real
 * Kafka broker in this JVM (2 partitions) and runs in stream mode, as in production; snapshots and
 * transitions are counted and dropped, so the figures are the job's own work, not PostgreSQL's.
 *
 * <ul>
 *   <li><b>Throughput:</b> the whole bounded topic through the job, per state backend (heap, and
 *       RocksDB as a cluster runs it) at parallelism 1 and 2: events/s, and per slot.
 *   <li><b>State:</b> an unbounded run at parallelism 2 with RocksDB; once every event is read and
 *       the output is quiet, a canonical savepoint is taken: its bytes per operator, per customer
 *       and per event.
 *   <li><b>The resolver's ceiling:</b> the job up to the one resolver (parallelism 1), its output
 *       dropped: what one slot of it passes, whatever the parallelism of the rest.
 *   <li><b>Baselines:</b> the batch engine (1 thread) and the live engine on the same events.
 * </ul>
 *
 * Run from the repository root after {@code ./mvnw -pl rapport-flink -am install -DskipTests}:
 *
 * <pre>
 * ./mvnw -q -pl rapport-flink dependency:build-classpath -Dmdep.outputFile=target/test.cp
 * java -Xmx6g -cp "$(cat rapport-flink/target/test.cp):rapport-flink/target/classes:rapport-flink/target/test-classes" \
 *   dev.rapport.flink.FlinkBench [events] [people] [runs]
 * </pre>
 */
public final class FlinkBench {
  private static final String TOPIC = "bench.interactions";
  static final AtomicLong READ = new AtomicLong();
  static final AtomicLong OUT = new AtomicLong();

  private FlinkBench() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int people = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    Random rnd = new Random(1);
    List<Interaction> events = RapportJobTest.people(rnd, people, n);
    // In time order, up to an hour out of it, as a live feed is.
    List<Interaction> feed = RapportJobTest.upToAnHourLate(events, e -> e.ts().toEpochMilli(), rnd);
    BatchEngine probe = new BatchEngine(RapportConfig.defaults(), 1);
    events.forEach(probe::add);
    int customers = probe.run(null).profiles().size();
    System.out.printf(
        "%,d events of %,d people (%,d customers), %d runs each (median)%n",
        n, people, customers, runs);

    try (TestKafka kafka = new TestKafka()) {
      kafka.createTopic(TOPIC, 2);
      List<Map.Entry<byte[], byte[]>> records = new ArrayList<>(n);
      for (Interaction e : feed) {
        records.add(
            Map.entry(e.eventId().getBytes(StandardCharsets.UTF_8), InteractionJson.write(e)));
      }
      kafka.produce(TOPIC, records);
      for (String backend : List.of("hashmap", "rocksdb")) {
        for (int p : new int[] {1, 2}) {
          long[] t = new long[runs];
          for (int r = 0; r < runs; r++) {
            long start = System.nanoTime();
            StreamExecutionEnvironment env = env(backend, p);
            job(env, kafka.bootstrap(), true);
            env.execute("bench");
            t[r] = System.nanoTime() - start;
          }
          report("Flink job from Kafka, " + backend + ", parallelism " + p, n, p, t);
        }
      }
      for (String backend : List.of("hashmap", "rocksdb")) {
        long[] t = new long[runs];
        for (int r = 0; r < runs; r++) {
          long start = System.nanoTime();
          StreamExecutionEnvironment env = env(backend, 1);
          RapportJob.routed(
                  RapportJob.fromKafka(
                      env, kafka.bootstrap(), TOPIC, "bench-" + System.nanoTime(), true),
                  RapportConfig::defaults,
                  Duration.ofHours(2))
              .sinkTo(new DiscardingSink<>());
          env.execute("bench-resolver");
          t[r] = System.nanoTime() - start;
        }
        report("up to the resolver only (its ceiling), " + backend, n, 1, t);
      }
      state(kafka.bootstrap(), n, customers);
    }

    long[] t = new long[runs];
    for (int r = 0; r < runs; r++) {
      long start = System.nanoTime();
      BatchEngine batch = new BatchEngine(RapportConfig.defaults(), 1);
      events.forEach(batch::add);
      batch.run(null);
      t[r] = System.nanoTime() - start;
    }
    report("batch engine, 1 thread", n, 1, t);
    for (int r = 0; r < runs; r++) {
      long start = System.nanoTime();
      LiveEngine live = new LiveEngine(RapportConfig.defaults(), null);
      for (int i = 0; i < events.size(); i += 5_000) {
        live.apply(events.subList(i, Math.min(events.size(), i + 5_000)));
      }
      live.forEachCustomer(c -> {});
      t[r] = System.nanoTime() - start;
    }
    report("live engine, batches of 5,000, then every customer read", n, 1, t);
  }

  private static StreamExecutionEnvironment env(String backend, int parallelism)
      throws IOException {
    Configuration conf = new Configuration();
    conf.set(StateBackendOptions.STATE_BACKEND, backend);
    conf.set(
        CheckpointingOptions.CHECKPOINTS_DIRECTORY,
        Files.createTempDirectory("rapport-bench-chk").toUri().toString());
    conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
    env.enableCheckpointing(10_000); // as a cluster would run: the cost is in the figures
    return env;
  }

  /** The production topology, with snapshots and transitions counted and dropped. */
  private static void job(StreamExecutionEnvironment env, String bootstrap, boolean bounded) {
    SingleOutputStreamOperator<FlinkEvent> checked =
        RapportJob.fromKafka(env, bootstrap, TOPIC, "bench-" + System.nanoTime(), bounded);
    DataStream<FlinkEvent> counted = checked.map(new Count(READ)).returns(FlinkEvent.class);
    SingleOutputStreamOperator<Snapshot> folded =
        RapportJob.stream(
            counted, RapportConfig::defaults, Duration.ofHours(2), Duration.ofMinutes(1));
    folded.map(new Count(OUT)).returns(Snapshot.class).sinkTo(new DiscardingSink<>());
    RapportJob.transitions(folded).sinkTo(new DiscardingSink<>());
  }

  /** Counts what passes, in this JVM (the MiniCluster's). */
  static final class Count<T> implements MapFunction<T, T> {
    private static final long serialVersionUID = 1L;
    private final boolean read;

    Count(AtomicLong which) {
      this.read = which == READ;
    }

    @Override
    public T map(T value) {
      (read ? READ : OUT).incrementAndGet();
      return value;
    }
  }

  /** State after every event was read and the output is quiet: a canonical savepoint's bytes. */
  private static void state(String bootstrap, int n, int customers) throws Exception {
    READ.set(0);
    OUT.set(0);
    StreamExecutionEnvironment env = env("rocksdb", 2);
    job(env, bootstrap, false);
    JobClient client = env.executeAsync("bench-state");
    while (READ.get() < n) {
      Thread.sleep(200);
    }
    long last;
    do {
      last = OUT.get();
      Thread.sleep(2_000);
    } while (OUT.get() != last);
    Path dir = Files.createTempDirectory("rapport-bench-savepoint");
    String at =
        client.triggerSavepoint(dir.toUri().toString(), SavepointFormatType.CANONICAL).get();
    client.cancel().get();
    Path savepoint = Path.of(java.net.URI.create(at));
    long total = size(savepoint);
    System.out.printf(
        "canonical savepoint, RocksDB, parallelism 2, all %,d events read: %,d bytes = %,.0f"
            + " bytes/customer, %,.0f bytes/event%n",
        n, total, (double) total / customers, (double) total / n);
    for (Map.Entry<String, Long> e : byOperator(savepoint).entrySet()) {
      System.out.printf(
          "  %-16s %,14d bytes = %,8.0f bytes/customer%n",
          e.getKey(), e.getValue(), (double) e.getValue() / customers);
    }
  }

  /** The savepoint's state bytes per operator, by the uids the job names its operators with. */
  private static Map<String, Long> byOperator(Path savepoint) throws IOException {
    Map<OperatorID, String> uids = new HashMap<>();
    for (String uid :
        List.of(
            "kafka-source",
            "check-events",
            "event-time",
            "resolver",
            "anchor-log",
            "customer-fold")) {
      uids.put(new OperatorID(StreamGraphHasherV2.generateUserSpecifiedHash(uid)), uid);
    }
    CheckpointMetadata m;
    try (InputStream in = Files.newInputStream(savepoint.resolve("_metadata"))) {
      m =
          Checkpoints.loadCheckpointMetadata(
              new DataInputStream(in), FlinkBench.class.getClassLoader(), savepoint.toString());
    }
    Map<String, Long> out = new LinkedHashMap<>();
    for (OperatorState s : m.getOperatorStates()) {
      if (s.getStateSize() > 0) {
        out.merge(
            uids.getOrDefault(s.getOperatorID(), s.getOperatorID().toString()),
            s.getStateSize(),
            Long::sum);
      }
    }
    return out;
  }

  private static long size(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }

  private static void report(String what, int events, int slots, long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    double s = sorted[sorted.length / 2] / 1e9;
    System.out.printf(
        "%-60s %6.2f s = %,10.0f events/s (%,.0f per slot)%n",
        what, s, events / s, events / s / slots);
  }
}
