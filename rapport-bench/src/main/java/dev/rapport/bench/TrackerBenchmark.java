package dev.rapport.bench;

import dev.rapport.core.Channel;
import dev.rapport.core.EventDetail;
import dev.rapport.core.Kind;
import dev.rapport.core.Outcome;
import dev.rapport.core.config.KpiSettings;
import dev.rapport.core.config.RapportConfig;
import dev.rapport.core.journey.JourneyLog;
import dev.rapport.core.journey.JourneyTracker;
import dev.rapport.core.kpi.KpiCube;
import dev.rapport.core.kpi.KpiTracker;
import dev.rapport.core.profile.FoldSettings;
import dev.rapport.core.profile.ProfileAccumulator;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The shares of the fold of the trackers that ride beside the profile: one million events of
 * 100,000 customers, grouped by customer and in time order as the batch engine folds them, through
 * the journey tracker alone and the KPI tracker alone, against the profile accumulator on the same
 * events (the baseline: the fold the trackers ride beside). Run: {@code java -jar
 * rapport-bench/target/benchmarks.jar TrackerBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TrackerBenchmark {
  @Param({"100000"})
  int customers;

  private static final int EVENTS = 1_000_000;
  private int[] start;
  private long[] ts;
  private Channel[] channel;
  private Kind[] kind;
  private double[] value;
  private FoldSettings settings;

  @Setup
  public void setUp() {
    SplittableRandom rnd = new SplittableRandom(7);
    settings = new FoldSettings(RapportConfig.defaults());
    int[] owner = new int[EVENTS];
    start = new int[customers + 1];
    for (int i = 0; i < EVENTS; i++) {
      owner[i] = rnd.nextInt(customers);
      start[owner[i] + 1]++;
    }
    for (int c = 0; c < customers; c++) {
      start[c + 1] += start[c];
    }
    int[] fill = java.util.Arrays.copyOf(start, customers);
    ts = new long[EVENTS];
    channel = new Channel[EVENTS];
    kind = new Kind[EVENTS];
    value = new double[EVENTS];
    Kind[] kinds = {Kind.TOUCH, Kind.TOUCH, Kind.TOUCH, Kind.RESPONSE, Kind.PURCHASE};
    Channel[] channels = {Channel.EMAIL, Channel.SMS, Channel.WEB, Channel.APP, Channel.PUSH};
    long t0 = 1_700_000_000L;
    // Event i happens at t0 + 30 i seconds, so each customer's events are in time order.
    for (int i = 0; i < EVENTS; i++) {
      int j = fill[owner[i]]++;
      ts[j] = t0 + i * 30L;
      kind[j] = kinds[rnd.nextInt(kinds.length)];
      channel[j] = channels[rnd.nextInt(channels.length)];
      value[j] = kind[j] == Kind.PURCHASE ? 10 + rnd.nextInt(100) : 0;
    }
  }

  @Benchmark
  public long profileFold() {
    long events = 0;
    java.time.Instant end = java.time.Instant.ofEpochSecond(ts[ts.length - 1] + 1);
    for (int c = 0; c < customers; c++) {
      if (start[c] == start[c + 1]) {
        continue; // no events: the engine makes no profile
      }
      ProfileAccumulator a = new ProfileAccumulator(settings);
      for (int j = start[c]; j < start[c + 1]; j++) {
        a.apply(null, ts[j], channel[j], kind[j], (Outcome) null, value[j]);
      }
      a.advanceTo(end);
      events += a.snapshot(c, "c").events();
    }
    return events;
  }

  @Benchmark
  public KpiCube kpis() {
    KpiCube cube = new KpiCube();
    KpiTracker tracker = new KpiTracker(KpiSettings.defaults(), ZoneOffset.UTC, cube);
    long sum = 0;
    for (int c = 0; c < customers; c++) {
      if (start[c] == start[c + 1]) {
        continue;
      }
      tracker.reset();
      for (int j = start[c]; j < start[c + 1]; j++) {
        tracker.observe(ts[j], channel[j], kind[j], null, value[j], Double.NaN, EventDetail.NONE);
      }
      sum += tracker.finish().firstPurchaseMonth();
    }
    return sum == 42 ? null : cube;
  }

  @Benchmark
  public JourneyLog journeys() {
    JourneyLog log = new JourneyLog();
    JourneyTracker tracker = new JourneyTracker(Duration.ofDays(30), log);
    long end = ts[ts.length - 1] + 1;
    for (int c = 0; c < customers; c++) {
      tracker.reset();
      for (int j = start[c]; j < start[c + 1]; j++) {
        tracker.observe(ts[j], channel[j], kind[j], EventDetail.NONE, value[j]);
      }
      tracker.finish(end);
    }
    return log;
  }
}
