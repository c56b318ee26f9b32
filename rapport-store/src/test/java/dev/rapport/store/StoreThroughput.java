package dev.rapport.store;

import dev.rapport.core.Channel;
import dev.rapport.core.EventIds;
import dev.rapport.core.Identifier;
import dev.rapport.core.Interaction;
import dev.rapport.core.Kind;
import dev.rapport.core.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * A rough, JMH-free measurement of the DuckDB store's bulk paths (not a test: no timing is asserted
 * anywhere). Run from {@code /work/main} after {@code ./mvnw -pl rapport-store test-compile}:
 *
 * <pre>
 * java -cp "$(cat rapport-store/target/test.cp):rapport-store/target/classes:rapport-store/target/test-classes" \
 *   dev.rapport.store.StoreThroughput [events] [batch]
 * </pre>
 *
 * <p>where {@code test.cp} comes from {@code ./mvnw -q -pl rapport-store dependency:build-classpath
 * -Dmdep.outputFile=target/test.cp}. Defaults: 1,000,000 synthetic events in batches of 50,000, for
 * 100,000 customers; event ids are 32-hex-digit hashes as the importer derives them.
 */
public final class StoreThroughput {
  private StoreThroughput() {}

  public static void main(String[] args) throws IOException {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int batchSize = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
    int customers = Math.max(1, n / 10);
    Path dir = Files.createTempDirectory("rapport-store-bench");
    Path file = dir.resolve("bench.duckdb");
    List<Interaction> events = generate(n, customers, new SplittableRandom(1));
    System.out.printf(
        "%,d synthetic events, %,d customers, batches of %,d%n", n, customers, batchSize);

    try (Store store = Store.openDuckDb(file)) {
      long t0 = System.nanoTime();
      long added = 0;
      for (int from = 0; from < n; from += batchSize) {
        added += store.appendEvents(events.subList(from, Math.min(n, from + batchSize)));
      }
      double appendS = seconds(t0);
      report("append (new events)", added, appendS);

      t0 = System.nanoTime();
      int again = store.appendEvents(events.subList(0, Math.min(n, batchSize)));
      report("re-append one batch (all duplicates, " + again + " added)", batchSize, seconds(t0));

      long[] count = {0};
      long[] check = {0};
      t0 = System.nanoTime();
      store.forEachEvent(
          null,
          e -> {
            count[0]++;
            check[0] += e.identifiers().size() + e.attributes().size();
          });
      report("forEachEvent (all, fold order)", count[0], seconds(t0));

      Instant until = events.get(0).ts().plusSeconds(86_400L * 180);
      count[0] = 0;
      t0 = System.nanoTime();
      store.forEachEvent(until, e -> count[0]++);
      report("forEachEvent (until, first half)", count[0], seconds(t0));

      List<Identifier> someone = events.get(n / 2).identifiers();
      t0 = System.nanoTime();
      int pages = 20;
      int found = 0;
      for (int i = 0; i < pages; i++) {
        found += store.eventsWithAnyIdentifier(someone, 50, 0).size();
      }
      System.out.printf(
          "%-45s %8.1f ms per call (%d events)%n",
          "eventsWithAnyIdentifier (timeline page)", seconds(t0) * 1000 / pages, found / pages);

      Map<Identifier, String> links = new HashMap<>();
      for (int c = 0; c < customers; c++) {
        links.put(Identifier.of("customer_id", "c" + c), "c" + c);
        links.put(Identifier.of("email", "c" + c + "@example.com"), "c" + c);
      }
      t0 = System.nanoTime();
      store.replaceIdentityLinks(links);
      report("replaceIdentityLinks", links.size(), seconds(t0));

      t0 = System.nanoTime();
      for (int i = 0; i < 1000; i++) {
        store.customerOf(Identifier.of("email", "c" + (i * 97 % customers) + "@example.com"));
      }
      System.out.printf("%-45s %8.3f ms per call%n", "customerOf", seconds(t0) * 1000 / 1000);
      System.out.printf("(checksum %d)%n", check[0]);
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  private static void report(String what, long events, double s) {
    System.out.printf("%-45s %,12d in %6.2f s = %,10.0f events/s%n", what, events, s, events / s);
  }

  /** A year of mixed interactions: mostly touches and responses, some purchases and surveys. */
  static List<Interaction> generate(int n, int customers, SplittableRandom r) {
    Instant start = Instant.parse("2024-01-01T00:00:00Z");
    Channel[] channels = {Channel.EMAIL, Channel.SMS, Channel.PUSH, Channel.WEB, Channel.APP};
    List<Interaction> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int c = r.nextInt(customers);
      List<Identifier> ids =
          r.nextInt(10) == 0
              ? List.of(
                  Identifier.of("customer_id", "c" + c),
                  Identifier.of("email", "c" + c + "@example.com"))
              : List.of(Identifier.of("customer_id", "c" + c));
      Instant ts = start.plusSeconds(r.nextLong(365L * 86_400));
      int roll = r.nextInt(100);
      Kind kind =
          roll < 55
              ? Kind.TOUCH
              : roll < 80
                  ? Kind.RESPONSE
                  : roll < 90 ? Kind.PURCHASE : roll < 95 ? Kind.SURVEY : Kind.TICKET;
      Outcome outcome = kind == Kind.TOUCH && r.nextInt(4) == 0 ? Outcome.UNENGAGED : null;
      Map<String, String> attributes =
          kind == Kind.TICKET ? Map.of("status", "opened", "queue", "billing") : Map.of();
      out.add(
          new Interaction(
              EventIds.derive("bench", Integer.toString(i)),
              ids,
              ts,
              channels[r.nextInt(channels.length)],
              kind,
              outcome,
              kind == Kind.TOUCH ? "campaign-" + r.nextInt(20) : null,
              kind == Kind.TOUCH ? (r.nextBoolean() ? "A" : "B") : null,
              kind == Kind.TOUCH ? r.nextInt(10) == 0 : null,
              kind == Kind.PURCHASE ? Math.round(r.nextDouble(5, 200) * 100) / 100.0 : 0.0,
              kind == Kind.TOUCH ? 0.002 : 0.0,
              kind == Kind.SURVEY ? r.nextInt(1, 6) : Double.NaN,
              null,
              attributes));
    }
    return out;
  }
}
