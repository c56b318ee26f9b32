package dev.rapport.cli;

import dev.rapport.server.ApiKeys;
import dev.rapport.server.RapportServer;
import dev.rapport.server.Role;
import dev.rapport.server.ServerSettings;
import dev.rapport.store.Store;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the workspace over HTTP: ingest events as they happen, answer the customer 360.",
      "Every endpoint except /health needs an API key (see rapport keys). On the first start",
      "without keys an admin key is made and printed once. Stop with Ctrl-C or SIGTERM:",
      "queued events are committed first. While serving, the server holds the workspace's",
      "database; other rapport commands on the same workspace wait until it stops."
    })
final class ServeCommand implements Callable<Integer> {
  @Option(names = "--workspace", required = true, paramLabel = "DIR")
  Path workspace;

  @Option(names = "--port", defaultValue = "8080", description = "port (0: any free one)")
  int port;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "address to bind (default: loopback only; 0.0.0.0 for every interface)")
  String host;

  @Option(
      names = "--wall-clock",
      description =
          "end observation at the current time (live data), not at the latest event (replayed history)")
  boolean wallClock;

  @Option(
      names = "--max-body-mb",
      defaultValue = "16",
      description = "largest request body in MiB (default: ${DEFAULT-VALUE})")
  int maxBodyMb;

  @Option(
      names = "--max-batch",
      defaultValue = "10000",
      description = "most events per POST /v1/events (default: ${DEFAULT-VALUE})")
  int maxBatch;

  @Option(
      names = "--store",
      paramLabel = "JDBC-URL",
      description =
          "keep the events in this PostgreSQL database (jdbc:postgresql://host:port/db?user=…)"
              + " instead of the workspace's DuckDB file; default: $RAPPORT_STORE, else DuckDB")
  String storeUrl;

  @Override
  public Integer call() throws InterruptedException {
    Workspace ws = Workspace.open(workspace);
    ApiKeys keys = ApiKeys.open(ws.dir());
    if (keys.list().isEmpty()) {
      String key = keys.create(EnumSet.of(Role.ADMIN), "made by the first rapport serve");
      System.out.println("no API keys yet: made an admin key (shown once, keep it safe):");
      System.out.println("  " + key);
    }
    ServerSettings settings =
        ServerSettings.defaults()
            .withHost(host)
            .withPort(port)
            .withLimits((long) maxBodyMb << 20, maxBatch)
            .withWallClock(wallClock);
    Store store = storeUrl == null ? ws.openStore() : ws.openStore(storeUrl);
    RapportServer server;
    try {
      server = RapportServer.start(ws.dir(), ws.config(), store, settings);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  store.close();
                  stopped.countDown();
                },
                "rapport-shutdown"));
    System.out.printf(
        "serving %s: %d events, %d customers, on http://%s:%d/%n",
        ws.dir(),
        server.engine().eventCount(),
        server.engine().customerCount(),
        host,
        server.port());
    System.out.flush();
    stopped.await();
    return 0;
  }
}
