package dev.rapport.bench;

import dev.rapport.analytics.model.ChurnFeatures;
import dev.rapport.analytics.model.Classifier;
import dev.rapport.analytics.model.Features;
import dev.rapport.analytics.model.Metrics;
import dev.rapport.core.engine.BatchResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Churn model training on a million customers: the profiles of the end-to-end benchmark's file (10
 * M events, 1 M customers), their {@link ChurnFeatures}, and a label of whether the customer was
 * silent (no inbound activity) in the last 90 days of the file — a stand-in with the real feature
 * matrix's size and shape; its AUC is printed but means little (the label is close to a feature).
 * Times one training of each model on all rows with two threads, and prediction.
 *
 * <p>Usage: {@code java -cp rapport-bench/target/benchmarks.jar dev.rapport.bench.ChurnBench
 * [events] [customers] [runs]} (defaults 10,000,000 1,000,000 3).
 */
public final class ChurnBench {
  private ChurnBench() {}

  public static void main(String[] args) throws Exception {
    long events = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
    int customers = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    Path file = Path.of("target/bench", "events-" + events + "-" + customers + ".csv");
    if (!Files.exists(file)) {
      BenchData.generate(file, events, customers, 42);
    }
    BatchResult r = EndToEnd.rapport(file, EndToEnd.mapping(), 2);
    double[][] x = ChurnFeatures.of(r.profiles(), r.services());
    // Drop the recency features, which would give the label away, by blanking them.
    boolean[] y = new boolean[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = !(x[i][0] < 90);
      x[i][0] = Double.NaN;
      x[i][1] = Double.NaN;
    }
    System.out.printf(
        Locale.ROOT, "%,d customers, %d features%n", x.length, ChurnFeatures.names().size());
    for (Classifier.Kind kind : Classifier.Kind.values()) {
      int rounds = kind == Classifier.Kind.GRADIENT_BOOSTING ? 300 : 100;
      List<Double> train = new ArrayList<>();
      List<Double> predict = new ArrayList<>();
      for (int run = 0; run < runs; run++) {
        long t0 = System.nanoTime();
        Features prep = Features.fit(kind, x);
        double[][] ready = prep.apply(x);
        try (Classifier c = Classifier.fit(kind, ready, y, rounds, 2)) {
          long t1 = System.nanoTime();
          double[] p = c.predict(ready);
          long t2 = System.nanoTime();
          train.add((t1 - t0) / 1e9);
          predict.add((t2 - t1) / 1e9);
          System.out.printf(
              Locale.ROOT,
              "%s run %d: train %.2f s (%d rounds), predict %.2f s, in-sample AUC %.3f%n",
              kind.label(),
              run + 1,
              (t1 - t0) / 1e9,
              rounds,
              (t2 - t1) / 1e9,
              Metrics.auc(p, y));
        }
      }
      System.out.printf(
          Locale.ROOT,
          "%s median: train %.2f s, predict %.2f s%n",
          kind.label(),
          ClvBench.median(train),
          ClvBench.median(predict));
    }
  }
}
