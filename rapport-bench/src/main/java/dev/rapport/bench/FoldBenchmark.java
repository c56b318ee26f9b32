package dev.rapport.bench;

import dev.rapport.core.Channel;
import dev.rapport.core.Kind;
import dev.rapport.core.Outcome;
import dev.rapport.core.config.RapportConfig;
import dev.rapport.core.profile.FoldSettings;
import dev.rapport.core.profile.ProfileAccumulator;
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
 * The fold's hot path: applying events to per-customer accumulators, against a baseline that only
 * counts events per customer in an int array (the floor any per-customer aggregation pays for the
 * same memory traffic). Run: {@code java -jar rapport-bench/target/benchmarks.jar FoldBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FoldBenchmark {
  @Param({"100000"})
  int customers;

  private static final int EVENTS = 1_000_000;
  private int[] customer;
  private long[] ts;
  private Channel[] channel;
  private Kind[] kind;
  private Outcome[] outcome;
  private double[] value;
  private FoldSettings settings;

  @Setup
  public void setUp() {
    SplittableRandom rnd = new SplittableRandom(7);
    settings = new FoldSettings(RapportConfig.defaults());
    customer = new int[EVENTS];
    ts = new long[EVENTS];
    channel = new Channel[EVENTS];
    kind = new Kind[EVENTS];
    outcome = new Outcome[EVENTS];
    value = new double[EVENTS];
    Kind[] kinds = {Kind.TOUCH, Kind.TOUCH, Kind.RESPONSE, Kind.PURCHASE, Kind.SURVEY};
    Channel[] channels = {Channel.EMAIL, Channel.SMS, Channel.WEB, Channel.APP};
    long t0 = 1_700_000_000L;
    for (int i = 0; i < EVENTS; i++) {
      customer[i] = rnd.nextInt(customers);
      ts[i] = t0 + i * 30L;
      kind[i] = kinds[rnd.nextInt(kinds.length)];
      channel[i] = channels[rnd.nextInt(channels.length)];
      value[i] = kind[i] == Kind.PURCHASE ? 10 + rnd.nextInt(100) : 0;
    }
  }

  @Benchmark
  public int baselineCountPerCustomer() {
    int[] counts = new int[customers];
    for (int i = 0; i < EVENTS; i++) {
      counts[customer[i]]++;
    }
    return counts[0];
  }

  @Benchmark
  public ProfileAccumulator[] fold() {
    ProfileAccumulator[] accs = new ProfileAccumulator[customers];
    for (int i = 0; i < EVENTS; i++) {
      ProfileAccumulator a = accs[customer[i]];
      if (a == null) {
        a = new ProfileAccumulator(settings);
        accs[customer[i]] = a;
      }
      a.apply(null, ts[i], channel[i], kind[i], outcome[i], value[i]);
    }
    return accs;
  }
}
