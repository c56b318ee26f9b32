package dev.rapport.store;

import dev.rapport.core.Channel;
import dev.rapport.core.Identifier;
import dev.rapport.core.Interaction;
import dev.rapport.core.Kind;
import dev.rapport.core.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A one-off measurement, not a test: appends {@code args[0]} (default 1 M) synthetic events in
 * batches of {@code args[1]} (default 50k) to a fresh DuckDB file, then streams them back.
 */
public final class StoreBenchmark {
  private StoreBenchmark() {}

  public static void main(String[] args) throws Exception {
    int total = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int batchSize = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
    Path dir = Files.createTempDirectory("rapport-store-bench");
    Path file = dir.resolve("bench.duckdb");
    Random random = new Random(1);
    Instant t0 = Instant.parse("2024-01-01T00:00:00Z");
    Channel[] channels = Channel.values();
    Kind[] kinds = {Kind.TOUCH, Kind.TOUCH, Kind.RESPONSE, Kind.PURCHASE, Kind.SIGNUP};
    long appendNanos = 0;
    long added = 0;
    Store store = Store.openDuckDb(file);
    for (int start = 0; start < total; start += batchSize) {
      List<Interaction> batch = new ArrayList<>(batchSize);
      for (int i = start; i < Math.min(total, start + batchSize); i++) {
        Kind kind = kinds[random.nextInt(kinds.length)];
        batch.add(
            new Interaction(
                "ev-" + i,
                List.of(Identifier.of("customer_id", "c" + random.nextInt(100_000))),
                t0.plusSeconds(random.nextInt(31_536_000)).plusNanos(random.nextInt(1000) * 1000L),
                channels[random.nextInt(channels.length)],
                kind,
                kind == Kind.TOUCH && random.nextBoolean() ? Outcome.ENGAGED : null,
                kind == Kind.TOUCH ? "camp-" + random.nextInt(20) : null,
                null,
                null,
                kind == Kind.PURCHASE ? random.nextInt(20_000) / 100.0 : 0.0,
                0.0,
                Double.NaN,
                null,
                i % 10 == 0 ? Map.of("source", "web") : Map.of()));
      }
      long t = System.nanoTime();
      added += store.appendEvents(batch);
      appendNanos += System.nanoTime() - t;
    }
    long t = System.nanoTime();
    store.close();
    long closeNanos = System.nanoTime() - t;
    System.out.printf(
        "append: %,d events in %.2f s = %,.0f events/s; close %.2f s; with close %,.0f events/s%n",
        added,
        appendNanos / 1e9,
        added / (appendNanos / 1e9),
        closeNanos / 1e9,
        added / ((appendNanos + closeNanos) / 1e9));
    try (Store reopened = Store.openDuckDb(file)) {
      long[] count = new long[1];
      t = System.nanoTime();
      reopened.forEachEvent(null, e -> count[0]++);
      double s = (System.nanoTime() - t) / 1e9;
      System.out.printf(
          "forEachEvent: %,d events in %.2f s = %,.0f events/s%n", count[0], s, count[0] / s);
      t = System.nanoTime();
      List<Interaction> page =
          reopened.eventsWithAnyIdentifier(List.of(Identifier.of("customer_id", "c42")), 20, 0);
      System.out.printf(
          "timeline page of %d in %.1f ms%n", page.size(), (System.nanoTime() - t) / 1e6);
    }
    System.out.printf("file size: %,d bytes%n", Files.size(file));
  }
}
