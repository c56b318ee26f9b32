package dev.rapport.cli;

import dev.rapport.cli.demo.DemoBusiness;
import dev.rapport.cli.demo.DemoSummary;
import dev.rapport.core.engine.BatchResult;
import dev.rapport.io.ImportResult;
import dev.rapport.io.Mapping;
import dev.rapport.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Generate a synthetic business (many channels, most touches ignored, purchases and returns,",
      "surveys, tickets, referrals, churn), then import and analyze it. Same seed, same data.",
      "The generator's hidden truth is written to DIR/truth/, apart from the data."
    })
final class DemoCommand implements Callable<Integer> {
  static final String[] MAPPINGS = {"interactions.yaml", "customers.yaml"};

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "workspace to create")
  Path out;

  @Option(names = "--customers", defaultValue = "2000", paramLabel = "N")
  int customers;

  @Option(names = "--seed", defaultValue = "42", paramLabel = "S")
  long seed;

  @Option(names = "--no-progress", description = "do not draw a progress bar")
  boolean noProgress;

  @Override
  public Integer call() {
    if (customers < 1) {
      throw new IllegalArgumentException("--customers must be at least 1, got " + customers);
    }
    prepare(out);
    Workspace ws = Workspace.init(out, true);
    long started = System.nanoTime();
    DemoSummary demo = DemoBusiness.generate(out, customers, seed);
    System.out.printf(
        "generated %,d customers and %,d interactions in %s%n",
        demo.customers(), demo.events(), out.resolve("data"));
    Path mappings = copyMappings(out);
    ImportResult events =
        ImportCommand.run(
            ws,
            Mapping.load(mappings.resolve("interactions.yaml")),
            List.of(out.resolve("data/interactions.csv")),
            !noProgress);
    System.out.println("interactions: " + events.summaryLine());
    ImportResult attrs =
        ImportCommand.run(
            ws,
            Mapping.load(mappings.resolve("customers.yaml")),
            List.of(out.resolve("data/customers.csv")),
            false);
    System.out.println("customer attributes: " + attrs.summaryLine());
    try (Store store = ws.openStore()) {
      BatchResult result = AnalyzeCommand.analyze(ws, store, null, Analysis.defaultThreads());
      System.out.println(AnalyzeCommand.summary(result, store.eventCount()));
    }
    System.out.printf("done in %.1f s%n", (System.nanoTime() - started) / 1e9);
    System.out.println("customers: " + out.resolve("out/customers.csv"));
    System.out.println("report:    " + out.resolve("out/report.html"));
    System.out.println(
        "truth:     " + out.resolve("truth/ground_truth.csv") + " (hidden from the analysis)");
    return 0;
  }

  /**
   * The demo starts from a clean workspace: it refuses a folder holding anything but an earlier
   * demo, whose database, rejects and outputs it then clears.
   */
  static void prepare(Path dir) {
    try {
      if (!Files.exists(dir)) {
        return;
      }
      boolean earlierDemo =
          Files.exists(dir.resolve("data/interactions.csv")) && Files.exists(dir.resolve("truth"));
      boolean empty;
      try (Stream<Path> s = Files.list(dir)) {
        empty = s.findAny().isEmpty();
      }
      if (!empty && !earlierDemo) {
        throw new IllegalArgumentException(
            dir + " exists and is not an earlier demo; choose an empty or new folder for --out");
      }
      for (String name :
          List.of(Workspace.DATABASE, Workspace.DATABASE + ".wal", "rejects", "out")) {
        deleteRecursively(dir.resolve(name));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + dir, e);
    }
  }

  private static void deleteRecursively(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path q : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.delete(q);
      }
    }
  }

  /** Writes the demo's mapping files into DIR/mappings so a user can read and reuse them. */
  private static Path copyMappings(Path dir) {
    Path target = dir.resolve("mappings");
    try {
      Files.createDirectories(target);
      for (String name : MAPPINGS) {
        try (InputStream in =
            Objects.requireNonNull(
                DemoCommand.class.getResourceAsStream("/dev/rapport/cli/demo/" + name), name)) {
          Files.copy(in, target.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write mappings to " + target, e);
    }
    return target;
  }
}
