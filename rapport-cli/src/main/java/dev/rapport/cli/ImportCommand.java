package dev.rapport.cli;

import dev.rapport.core.Identifier;
import dev.rapport.io.CsvRejectWriter;
import dev.rapport.io.CustomerAttributes;
import dev.rapport.io.ImportResult;
import dev.rapport.io.Importer;
import dev.rapport.io.Mapping;
import dev.rapport.io.RejectTally;
import dev.rapport.store.Store;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Import interactions (or customer attributes) from CSV, JSON Lines or Parquet files",
      "through a mapping file. Rejected rows go to rejects/ with their reason; a re-import of",
      "the same rows adds nothing. Ends with: read=N accepted=N rejected=N duplicate=N"
    })
final class ImportCommand implements Callable<Integer> {
  static final String IMPORT_LOG = "import_log";

  @Option(names = "--workspace", required = true, paramLabel = "DIR")
  Path workspace;

  @Option(names = "--mapping", required = true, paramLabel = "FILE.yaml")
  Path mapping;

  @Option(names = "--no-progress", description = "do not draw a progress bar")
  boolean noProgress;

  @Parameters(arity = "1..*", paramLabel = "INPUT")
  List<Path> inputs;

  @Override
  public Integer call() {
    Workspace ws = Workspace.open(workspace);
    Mapping m = Mapping.load(mapping);
    ImportResult result = run(ws, m, inputs, !noProgress);
    System.out.println(result.summaryLine());
    return 0;
  }

  static ImportResult run(Workspace ws, Mapping m, List<Path> inputs, boolean progress) {
    try (Store store = ws.openStore();
        CsvRejectWriter rejects = CsvRejectWriter.inDirectory(ws.rejects(), m.source());
        Progress bar = progress ? Progress.bar("import") : Progress.none()) {
      RejectTally tally = new RejectTally(rejects);
      Importer importer = new Importer().withBlocklist(ws.config().identity()::isBlocked);
      ImportResult result =
          m.isCustomers()
              ? importer.runCustomers(
                  m, inputs, batch -> saveAttributes(store, batch), tally, bar::update)
              : importer.run(m, inputs, store::appendEvents, tally, bar::update);
      rejects.flush();
      bar.close();
      if (result.rejected() > 0) {
        System.err.println("rejected rows by reason:");
        tally.lines(8).forEach(System.err::println);
      }
      rejects.file().ifPresent(f -> System.err.println("rejected rows and their reasons: " + f));
      String log = store.meta(IMPORT_LOG).map(s -> s + "\n").orElse("");
      store.putMeta(
          IMPORT_LOG,
          log
              + m.source()
              + " "
              + inputs.stream().map(p -> p.getFileName().toString()).toList()
              + ": "
              + result.summaryLine());
      return result;
    }
  }

  private static void saveAttributes(Store store, List<CustomerAttributes> batch) {
    List<Map.Entry<Identifier, Map<String, String>>> rows = new ArrayList<>(batch.size());
    for (CustomerAttributes a : batch) {
      for (Identifier id : a.identifiers()) {
        rows.add(Map.entry(id, a.attributes()));
      }
    }
    store.upsertAttributes(rows);
  }
}
