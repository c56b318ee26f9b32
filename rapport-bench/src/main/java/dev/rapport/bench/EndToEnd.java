package dev.rapport.bench;

import dev.rapport.core.config.RapportConfig;
import dev.rapport.core.engine.BatchEngine;
import dev.rapport.core.engine.BatchResult;
import dev.rapport.io.ImportResult;
import dev.rapport.io.Importer;
import dev.rapport.io.Mapping;
import dev.rapport.io.ProgressListener;
import dev.rapport.io.RejectSink;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * End-to-end benchmark: CSV to profiles. Rapport (read, validate and map every row, resolve
 * identities, order, fold in parallel, snapshot) is timed against DuckDB's own CSV reader and a
 * per-customer GROUP BY of comparable statistics ({@link DuckDbGroupBy}) on the same file, runs
 * alternating, in one JVM; medians and their ratio are printed. Then the heap bytes per customer of
 * the fold's state ({@link FoldMemory}).
 *
 * <p>Usage: {@code java -Xmx12g -cp rapport-bench/target/benchmarks.jar dev.rapport.bench.EndToEnd
 * [events] [customers] [runs] [threads]} (defaults 10,000,000 1,000,000 3 all cores). The file is
 * generated once under {@code target/bench/}.
 */
public final class EndToEnd {
  private EndToEnd() {}

  public static void main(String[] args) throws Exception {
    long events = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
    int customers = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    int threads =
        args.length > 3 ? Integer.parseInt(args[3]) : Runtime.getRuntime().availableProcessors();
    Path file = Path.of("target/bench", "events-" + events + "-" + customers + ".csv");
    if (!Files.exists(file)) {
      long t = System.nanoTime();
      BenchData.generate(file, events, customers, 42);
      System.out.printf(
          Locale.ROOT, "generated %s in %.1f s%n", file, (System.nanoTime() - t) / 1e9);
    }
    System.out.printf(
        Locale.ROOT,
        "file %s: %,d events, %,d customers, %.0f MB; %d threads; java %s; %d cores%n",
        file,
        events,
        customers,
        Files.size(file) / 1e6,
        threads,
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors());
    Mapping mapping = mapping();
    List<Double> duck = new ArrayList<>();
    List<Double> rapport = new ArrayList<>();
    for (int r = 0; r < runs; r++) {
      long t0 = System.nanoTime();
      long duckCustomers = DuckDbGroupBy.run(file.toAbsolutePath(), threads);
      double d = (System.nanoTime() - t0) / 1e9;
      duck.add(d);
      long t1 = System.nanoTime();
      BatchResult result = rapport(file, mapping, threads);
      double s = (System.nanoTime() - t1) / 1e9;
      rapport.add(s);
      System.out.printf(
          Locale.ROOT,
          "run %d: duckdb %.2f s (%,d customers) | rapport %.2f s (%,d customers, %,d events folded)%n",
          r + 1,
          d,
          duckCustomers,
          s,
          result.profiles().size(),
          result.folded());
      result = null;
      System.gc();
    }
    double dm = median(duck);
    double rm = median(rapport);
    System.out.printf(
        Locale.ROOT,
        "median: duckdb %.2f s (%.2f M events/s) | rapport %.2f s (%.2f M events/s) | ratio duckdb/rapport = %.2f%n",
        dm,
        events / dm / 1e6,
        rm,
        events / rm / 1e6,
        dm / rm);
    FoldMemory.report(customers, (int) Math.max(1, events / customers));
  }

  static Mapping mapping() throws IOException {
    try (InputStream in = EndToEnd.class.getResourceAsStream("/bench/mapping.yaml")) {
      return Mapping.parse(
          new String(in.readAllBytes(), StandardCharsets.UTF_8), "bench/mapping.yaml");
    }
  }

  /** The whole Rapport path from a CSV file to snapshotted profiles. */
  static BatchResult rapport(Path file, Mapping mapping, int threads) {
    RapportConfig config = RapportConfig.defaults();
    BatchEngine engine = new BatchEngine(config, threads);
    ImportResult imported =
        new Importer()
            .run(
                mapping,
                List.of(file),
                batch -> {
                  engine.addAll(batch);
                  return batch.size();
                },
                RejectSink.discard(),
                ProgressListener.none());
    if (imported.rejected() > 0) {
      throw new IllegalStateException("benchmark rows rejected: " + imported.summaryLine());
    }
    long t = System.nanoTime();
    BatchResult result = engine.run(null);
    System.out.printf(
        Locale.ROOT,
        "  (of which identity, fold and snapshot: %.2f s)%n",
        (System.nanoTime() - t) / 1e9);
    return result;
  }

  static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }
}
