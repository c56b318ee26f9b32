package dev.rapport.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.core.Channel;
import dev.rapport.core.Identifier;
import dev.rapport.core.Interaction;
import dev.rapport.core.Kind;
import dev.rapport.core.Outcome;
import dev.rapport.core.config.RapportConfig;
import dev.rapport.core.engine.BatchEngine;
import dev.rapport.core.engine.BatchResult;
import dev.rapport.core.profile.CustomerProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToLongFunction;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;

/** The job on a local Flink MiniCluster at parallelism 2, against the batch engine. */
class RapportJobTest {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  /**
   * People who show up under a device first, an e-mail later and a customer id last, so that their
   * customers merge as the events arrive; touches answered, ignored and pending (decided unengaged
   * when their window closes before the as-of time); purchases and surveys; now and then another
   * person's e-mail, whose link the per-type limit refuses.
   */
  static List<Interaction> people(Random rnd, int people, int events) {
    List<Interaction> out = new ArrayList<>();
    Kind[] kinds = {Kind.TOUCH, Kind.TOUCH, Kind.RESPONSE, Kind.PURCHASE, Kind.SIGNUP, Kind.SURVEY};
    Channel[] channels = {Channel.EMAIL, Channel.SMS, Channel.WEB, Channel.APP};
    for (int i = 0; i < events; i++) {
      int p = rnd.nextInt(people);
      int day = rnd.nextInt(120);
      List<Identifier> ids = new ArrayList<>();
      ids.add(Identifier.of("device_id", "d" + p));
      if (day > 30 || rnd.nextBoolean()) {
        ids.add(Identifier.of("email", "p" + p + "@x.org"));
      }
      if (day > 60) {
        ids.add(Identifier.of("customer_id", "C" + p));
      }
      Collections.shuffle(ids, rnd);
      ids = new ArrayList<>(ids.subList(0, 1 + rnd.nextInt(ids.size())));
      if (rnd.nextInt(30) == 0) {
        // Someone else's e-mail on this person's event (a shared family address): a link the
        // one-customer-id limit refuses or not depending on what was linked before, so the
        // customers come out as the batch engine's only if linking follows event time.
        ids.add(Identifier.of("email", "p" + rnd.nextInt(people) + "@x.org"));
        ids.add(Identifier.of("customer_id", "C" + p));
      }
      Kind kind = kinds[rnd.nextInt(kinds.length)];
      Outcome outcome =
          kind == Kind.TOUCH && rnd.nextInt(3) == 0
              ? Outcome.values()[rnd.nextInt(Outcome.values().length)]
              : null;
      out.add(
          new Interaction(
              "e" + i,
              ids,
              T0.plusSeconds(day * 86_400L + rnd.nextInt(86_400)),
              channels[rnd.nextInt(channels.length)],
              kind,
              outcome,
              null,
              null,
              null,
              kind == Kind.PURCHASE ? 10 + rnd.nextInt(90) : 0,
              0,
              kind == Kind.SURVEY ? rnd.nextInt(11) : Double.NaN,
              null,
              Map.of()));
    }
    return out;
  }

  /**
   * The events in time order, each up to an hour late, as a live feed delivers them (one draw of
   * {@code rnd} per event, in list order).
   */
  static <T> List<T> upToAnHourLate(List<T> events, ToLongFunction<T> millis, Random rnd) {
    Map<T, Long> arrives = new IdentityHashMap<>();
    for (T e : events) {
      arrives.put(e, millis.applyAsLong(e) + rnd.nextInt(3_600_000));
    }
    List<T> out = new ArrayList<>(events);
    out.sort(Comparator.comparing(arrives::get));
    return out;
  }

  static String withoutKey(CustomerProfile p) {
    // The batch engine's dense customer key is its own numbering; the job has none.
    return p.toString().replaceFirst("customerKey=\\d+", "customerKey=0");
  }

  /** The batch engine's customers: id → profile (without its dense key) and lifecycle. */
  private static Map<String, String> batch(List<Interaction> events, BatchResult[] result) {
    BatchEngine batch = new BatchEngine(RapportConfig.defaults(), 1, true);
    events.forEach(batch::add);
    BatchResult expected = batch.run(null);
    result[0] = expected;
    Map<String, String> want = new HashMap<>();
    for (int i = 0; i < expected.profiles().size(); i++) {
      CustomerProfile p = expected.profiles().get(i);
      want.put(p.customerId(), withoutKey(p) + " " + expected.lifecycles().get(i));
    }
    return want;
  }

  /** The job's customers, from events arriving in the order given. */
  private static Map<String, String> job(
      List<FlinkEvent> arrival, Instant asOf, Duration outOfOrder) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
    return job(env, env.fromData(arrival, TypeInformation.of(FlinkEvent.class)), asOf, outOfOrder);
  }

  private static Map<String, String> job(
      StreamExecutionEnvironment env,
      DataStream<FlinkEvent> source,
      Instant asOf,
      Duration outOfOrder)
      throws Exception {
    Map<String, String> got = new HashMap<>();
    try (CloseableIterator<Snapshot> it =
        RapportJob.profiles(source, RapportConfig::defaults, asOf, outOfOrder)
            .executeAndCollect("rapport-equivalence")) {
      while (it.hasNext()) {
        Snapshot s = it.next();
        assertThat(got.put(s.customerId, s.profile() + " " + s.lifecycle()))
            .as("one snapshot per customer: " + s.customerId)
            .isNull();
      }
    }
    return got;
  }

  private static List<FlinkEvent> flinkEvents(List<Interaction> events) {
    List<FlinkEvent> out = new ArrayList<>(events.size());
    for (Interaction e : events) {
      out.add(FlinkEvent.of(e));
    }
    return out;
  }

  private static void assertSame(Map<String, String> got, Map<String, String> want) {
    assertThat(got.keySet()).containsExactlyInAnyOrderElementsOf(want.keySet());
    for (Map.Entry<String, String> e : want.entrySet()) {
      assertThat(got.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
    }
  }

  @Test
  void profiles_equalTheBatchEnginesFieldByField_withMergesAndUnengagedTouches_atParallelism2()
      throws Exception {
    Random rnd = new Random(42);
    List<Interaction> events = people(rnd, 40, 1_500);
    BatchResult[] expected = new BatchResult[1];
    Map<String, String> want = batch(events, expected);
    long merged =
        expected[0].profiles().stream().filter(p -> p.customerId().startsWith("C")).count();
    assertThat(merged).as("customers who merged into their customer id").isGreaterThan(10);
    long unengaged =
        expected[0].profiles().stream()
            .flatMap(p -> p.channels().stream())
            .mapToLong(c -> c.unengaged())
            .sum();
    assertThat(unengaged).as("touches decided unengaged by their window").isPositive();

    List<FlinkEvent> arrival = flinkEvents(events);
    Collections.shuffle(arrival, rnd); // out of order: the resolver links them in event time
    assertSame(job(arrival, expected[0].asOf(), Duration.ofDays(365)), want);
  }

  /**
   * As a stream: events in time order but up to an hour out of it, and a watermark only two hours
   * behind the latest event. The collection source emits watermarks periodically, so how many
   * events each of the resolver's timers links depends on timing; the customers must not.
   */
  @Test
  void profiles_equalTheBatchEngines_forAStreamWithinItsOutOfOrderBound() throws Exception {
    Random rnd = new Random(7);
    List<Interaction> events = people(rnd, 30, 1_000);
    BatchResult[] expected = new BatchResult[1];
    Map<String, String> want = batch(events, expected);
    List<FlinkEvent> arrival = upToAnHourLate(flinkEvents(events), FlinkEvent::millis, rnd);
    assertSame(job(arrival, expected[0].asOf(), Duration.ofHours(2)), want);
  }

  /** Fails the task once, when the given number of events has passed; slow enough to checkpoint. */
  static final class FailOnce implements MapFunction<FlinkEvent, FlinkEvent> {
    private static final long serialVersionUID = 1L;
    static final AtomicBoolean FAILED = new AtomicBoolean();
    static final AtomicInteger SEEN = new AtomicInteger();
    private final int failAt;

    FailOnce(int failAt) {
      this.failAt = failAt;
    }

    @Override
    public FlinkEvent map(FlinkEvent e) throws Exception {
      Thread.sleep(2); // about 2 s for the stream: checkpoints every 100 ms land in it
      if (SEEN.incrementAndGet() >= failAt && FAILED.compareAndSet(false, true)) {
        throw new IllegalStateException("injected task failure after " + failAt + " events");
      }
      return e;
    }
  }

  /**
   * A task failure injected mid-stream: the job restarts from its last checkpoint (the source's
   * position, the resolver's waiting events and link log, the anchors' and customers' state) and
   * ends with the profiles of a run without the failure, which are the batch engine's.
   */
  @Test
  void aTaskFailureMidStream_endsWithTheProfilesOfARunWithoutIt() throws Exception {
    Random rnd = new Random(5);
    List<Interaction> events = people(rnd, 30, 1_000);
    BatchResult[] expected = new BatchResult[1];
    Map<String, String> want = batch(events, expected);
    List<FlinkEvent> arrival = flinkEvents(events);
    arrival.sort(Comparator.comparingLong(FlinkEvent::millis)); // linked as it streams

    Configuration conf = new Configuration();
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
    env.enableCheckpointing(100);
    FailOnce.FAILED.set(false);
    FailOnce.SEEN.set(0);
    DataStream<FlinkEvent> source =
        env.fromData(arrival, TypeInformation.of(FlinkEvent.class))
            .map(new FailOnce(600))
            .returns(FlinkEvent.class)
            .setParallelism(1) // chained to the source: it cannot run ahead of the slow map, so
            // checkpoint barriers are not queued behind the whole input
            .name("fail once");
    Map<String, String> got = job(env, source, expected[0].asOf(), Duration.ofHours(1));
    assertThat(FailOnce.FAILED).as("the failure was injected").isTrue();
    assertThat(FailOnce.SEEN.get()).as("events replayed after the restart").isGreaterThan(1_000);
    assertSame(got, want);
  }
}
