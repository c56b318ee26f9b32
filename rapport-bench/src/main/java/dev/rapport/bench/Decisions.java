package dev.rapport.bench;

import dev.rapport.analytics.cluster.BehaviourClusters;
import dev.rapport.analytics.fatigue.ContactFatigue;
import dev.rapport.analytics.fatigue.CustomerFatigue;
import dev.rapport.analytics.nba.NextBestAction;
import dev.rapport.analytics.nba.NextBestActions;
import dev.rapport.analytics.segment.Segmentation;
import dev.rapport.analytics.style.StyleScores;
import dev.rapport.core.config.RapportConfig;
import dev.rapport.core.engine.BatchResult;
import dev.rapport.core.lifecycle.LifecycleSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The decisions of issue 3 over a million customers: lifecycle (tracked inside the engine run, so
 * timed as the engine phase with and without it is not possible; its summary is timed here), RFM
 * and segment rules, style scores and the next best action, on the profiles of the end-to-end
 * benchmark's file.
 *
 * <p>Usage: {@code java -cp rapport-bench/target/benchmarks.jar dev.rapport.bench.Decisions
 * [events] [customers] [runs]} (defaults 10,000,000 1,000,000 5).
 */
public final class Decisions {
  private Decisions() {}

  public static void main(String[] args) throws Exception {
    long events = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
    int customers = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    Path file = Path.of("target/bench", "events-" + events + "-" + customers + ".csv");
    if (!Files.exists(file)) {
      BenchData.generate(file, events, customers, 42);
    }
    int threads = Runtime.getRuntime().availableProcessors();
    BatchResult r = EndToEnd.rapport(file, EndToEnd.mapping(), threads);
    RapportConfig config = RapportConfig.defaults();
    System.out.printf(
        Locale.ROOT, "%,d customers, %,d events folded%n", r.profiles().size(), r.folded());
    List<Double> summary = new ArrayList<>();
    List<Double> segments = new ArrayList<>();
    List<Double> styles = new ArrayList<>();
    List<Double> actions = new ArrayList<>();
    List<Double> clusters = new ArrayList<>();
    List<Double> fatigue = new ArrayList<>();
    for (int run = 0; run < runs; run++) {
      long t0 = System.nanoTime();
      LifecycleSummary.of(r.lifecycles(), r.asOf(), config.zone());
      long t1 = System.nanoTime();
      List<Segmentation.Result> seg =
          Segmentation.of(config.segments()).apply(r.profiles(), r.lifecycles());
      long t2 = System.nanoTime();
      List<StyleScores.Result> st = StyleScores.of(r.styles());
      long t3 = System.nanoTime();
      List<NextBestAction> nba =
          NextBestActions.forAll(
              r.profiles(),
              r.lifecycles(),
              st.stream().map(StyleScores.Result::dominant).toList(),
              Segmentation.rfmSegments(seg),
              r.contacts(),
              CustomerFatigue.forAll(r.contacts(), config),
              config);
      long t4 = System.nanoTime();
      BehaviourClusters.Result cl = BehaviourClusters.fit(r.profiles(), 20_261_123L);
      long t5 = System.nanoTime();
      ContactFatigue.of(r.contacts());
      long t6 = System.nanoTime();
      clusters.add((t5 - t4) / 1e9);
      fatigue.add((t6 - t5) / 1e9);
      summary.add((t1 - t0) / 1e9);
      segments.add((t2 - t1) / 1e9);
      styles.add((t3 - t2) / 1e9);
      actions.add((t4 - t3) / 1e9);
      long contact = nba.stream().filter(NextBestAction::contact).count();
      System.out.printf(
          Locale.ROOT,
          "run %d: lifecycle summary %.2f s | RFM + %d segment rules %.2f s | styles %.2f s |"
              + " next best action %.2f s (%,d contact, %,d rest) | clusters %.2f s (k=%d) |"
              + " contact fatigue %.2f s | %d results%n",
          run + 1,
          summary.get(run),
          config.segments().size(),
          segments.get(run),
          styles.get(run),
          actions.get(run),
          contact,
          nba.size() - contact,
          clusters.get(run),
          cl.k(),
          fatigue.get(run),
          seg.size());
    }
    System.out.printf(
        Locale.ROOT,
        "median: lifecycle summary %.2f s, RFM + segments %.2f s, styles %.2f s, next best action"
            + " %.2f s, clusters %.2f s, contact fatigue %.2f s%n",
        EndToEnd.median(summary),
        EndToEnd.median(segments),
        EndToEnd.median(styles),
        EndToEnd.median(actions),
        EndToEnd.median(clusters),
        EndToEnd.median(fatigue));
  }
}
