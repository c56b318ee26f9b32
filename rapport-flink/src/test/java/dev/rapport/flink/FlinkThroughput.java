package dev.rapport.flink;

import dev.rapport.core.Interaction;
import dev.rapport.core.config.RapportConfig;
import dev.rapport.core.engine.BatchEngine;
import dev.rapport.core.engine.LiveEngine;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * A rough, JMH-free measurement of the job on a local MiniCluster (not a test: nothing is asserted
 * on time), beside the embedded engines on the same events: events per second through the whole job
 * (resolver, anchor logs, customer folds, snapshots collected) at parallelism 1 and 2, the batch
 * engine, and the live engine. Run from {@code /work/main} after {@code ./mvnw -pl rapport-flink
 * -am install -DskipTests}:
 *
 * <pre>
 * ./mvnw -q -pl rapport-flink dependency:build-classpath -Dmdep.outputFile=target/test.cp
 * java -cp "$(cat rapport-flink/target/test.cp):rapport-flink/target/classes:rapport-flink/target/test-classes" \
 *   dev.rapport.flink.FlinkThroughput [events] [people] [runs]
 * </pre>
 */
public final class FlinkThroughput {
  private FlinkThroughput() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int people = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    List<Interaction> events = RapportJobTest.people(new Random(1), people, n);
    List<FlinkEvent> arrival = new ArrayList<>();
    for (Interaction e : events) {
      arrival.add(FlinkEvent.of(e));
    }
    Collections.shuffle(arrival, new Random(2));
    BatchEngine probe = new BatchEngine(RapportConfig.defaults(), 1);
    events.forEach(probe::add);
    Instant asOf = probe.endOfLastDay();
    System.out.printf("%,d events of %,d people, %d runs each (median)%n", n, people, runs);
    for (int p : new int[] {1, 2}) {
      long[] t = new long[runs];
      long customers = 0;
      for (int r = 0; r < runs; r++) {
        long start = System.nanoTime();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(p);
        customers = 0;
        try (CloseableIterator<Snapshot> it =
            RapportJob.profiles(
                    env.fromData(arrival, TypeInformation.of(FlinkEvent.class)),
                    RapportConfig::defaults,
                    asOf,
                    Duration.ofDays(365))
                .executeAndCollect("throughput")) {
          while (it.hasNext()) {
            it.next();
            customers++;
          }
        }
        t[r] = System.nanoTime() - start;
      }
      report("Flink job, parallelism " + p + " (" + customers + " customers)", n, t);
    }
    long[] t = new long[runs];
    for (int r = 0; r < runs; r++) {
      long start = System.nanoTime();
      BatchEngine batch = new BatchEngine(RapportConfig.defaults(), 1);
      events.forEach(batch::add);
      batch.run(asOf);
      t[r] = System.nanoTime() - start;
    }
    report("batch engine, 1 thread", n, t);
    for (int r = 0; r < runs; r++) {
      long start = System.nanoTime();
      LiveEngine live = new LiveEngine(RapportConfig.defaults(), null);
      for (int i = 0; i < events.size(); i += 5_000) {
        live.apply(events.subList(i, Math.min(events.size(), i + 5_000)));
      }
      live.forEachCustomer(c -> {});
      t[r] = System.nanoTime() - start;
    }
    report("live engine, batches of 5,000, then every customer read", n, t);
  }

  private static void report(String what, int events, long[] nanos) {
    long[] sorted = nanos.clone();
    java.util.Arrays.sort(sorted);
    double s = sorted[sorted.length / 2] / 1e9;
    System.out.printf("%-60s %6.2f s = %,10.0f events/s%n", what, s, events / s);
  }
}
