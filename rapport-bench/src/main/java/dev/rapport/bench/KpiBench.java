package dev.rapport.bench;

import dev.rapport.analytics.journey.Attribution;
import dev.rapport.analytics.journey.Paths;
import dev.rapport.analytics.kpi.Kpi;
import dev.rapport.analytics.kpi.KpiGroup;
import dev.rapport.analytics.kpi.Kpis;
import dev.rapport.core.config.RapportConfig;
import dev.rapport.core.engine.BatchResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every KPI over the {@link BenchData} file: the fold (which counts the KPI inputs per customer and
 * per month and channel) once, then every table of {@code kpis.json} from its result, {@code runs}
 * times: overall and engaged-only, by month, by channel, by stage (a grouping of customers), the
 * funnel, the cohort matrix and the monthly flows, each KPI value evaluated; the attribution of the
 * journeys (five models by channel and touchpoint) and their commonest paths.
 *
 * <p>{@code java -cp rapport-bench/target/benchmarks.jar dev.rapport.bench.KpiBench 10000000
 * 1000000 5}
 */
public final class KpiBench {
  private KpiBench() {}

  private static long lap(StringBuilder parts, String name, long since) {
    long now = System.nanoTime();
    parts.append(String.format(Locale.ROOT, "%s %.3f s; ", name, (now - since) / 1e9));
    return now;
  }

  public static void main(String[] args) throws Exception {
    long events = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
    int customers = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    int threads = Runtime.getRuntime().availableProcessors();
    Path file = Path.of("target/bench", "events-" + events + "-" + customers + ".csv");
    if (!Files.exists(file)) {
      BenchData.generate(file, events, customers, 42);
    }
    long t0 = System.nanoTime();
    BatchResult r = EndToEnd.rapport(file, EndToEnd.mapping(), threads);
    System.out.printf(
        Locale.ROOT,
        "import and fold: %.2f s, %,d customers, %,d events folded%n",
        (System.nanoTime() - t0) / 1e9,
        r.profiles().size(),
        r.folded());
    // The tables walk a million customers' objects, and how fast depends on where the fold left
    // them: measured, the same build ran them in 0.5 s after a full collection had compacted the
    // heap and in 1.3 s before one. Every run starts from a compacted heap, so builds compare.
    System.gc();
    RapportConfig config = RapportConfig.defaults();
    Kpis k = Kpis.of(r, null, config.kpi(), config.zone());
    List<Double> times = new ArrayList<>();
    double checksum = 0;
    for (int run = 0; run < runs; run++) {
      long t = System.nanoTime();
      List<KpiGroup> groups = new ArrayList<>();
      StringBuilder parts = new StringBuilder();
      long p = System.nanoTime();
      groups.add(k.overall());
      groups.add(k.engagedOnly());
      p = lap(parts, "overall", p);
      groups.addAll(k.byMonth());
      groups.addAll(k.byChannel());
      p = lap(parts, "month+channel", p);
      groups.addAll(k.byCustomers(i -> r.lifecycles().get(i).stage().id()));
      p = lap(parts, "by stage", p);
      for (KpiGroup g : groups) {
        for (Kpi kpi : Kpi.values()) {
          double v = kpi.of(g);
          checksum += Double.isNaN(v) ? 0 : v;
        }
      }
      p = lap(parts, "values", p);
      checksum += k.funnels(null).get(0).reached()[0];
      p = lap(parts, "funnel", p);
      checksum += k.cohorts().retained().length;
      p = lap(parts, "cohorts", p);
      checksum += k.monthFlows().size();
      p = lap(parts, "month flows", p);
      Attribution a = Attribution.of(r.journeys());
      checksum += a.byChannel().get(0).markov() + a.byTouchpoint().size();
      p = lap(parts, "attribution", p);
      checksum += Paths.toConversion(r.journeys(), 15).size();
      checksum += Paths.toChurn(r.journeys(), 15).size();
      lap(parts, "paths", p);
      System.out.println("  " + parts);
      double s = (System.nanoTime() - t) / 1e9;
      times.add(s);
      System.out.printf(
          Locale.ROOT, "run %d: every KPI table %.3f s (%d groups)%n", run + 1, s, groups.size());
    }
    KpiGroup all = k.overall();
    System.out.printf(
        Locale.ROOT,
        "median %.3f s; overall: response rate %.4f, revenue %.2f, first-response median %.2f h;"
            + " checksum %.1f%n",
        EndToEnd.median(times),
        Kpi.RESPONSE_RATE.of(all),
        Kpi.REVENUE.of(all),
        Kpi.FIRST_RESPONSE_MEDIAN_HOURS.of(all),
        checksum);
  }
}
