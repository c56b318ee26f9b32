package dev.rapport.store;

import dev.rapport.core.Channel;
import dev.rapport.core.EventIds;
import dev.rapport.core.Identifier;
import dev.rapport.core.Interaction;
import dev.rapport.core.Kind;
import dev.rapport.core.Outcome;
import dev.rapport.core.lifecycle.Lifecycle;
import dev.rapport.core.lifecycle.Stage;
import dev.rapport.core.lifecycle.StageTransition;
import dev.rapport.core.profile.CustomerProfile;
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
 * A rough, JMH-free measurement of a store's bulk paths (not a test: no timing is asserted
 * anywhere), for DuckDB (the default) or PostgreSQL (the server at {@code RAPPORT_TEST_POSTGRES},
 * else the local one {@code .ci/postgres} starts; a schema of its own, dropped afterwards). Run
 * from {@code /work/main} after {@code ./mvnw -pl rapport-store test-compile}:
 *
 * <pre>
 * java -cp "$(cat rapport-store/target/test.cp):rapport-store/target/classes:rapport-store/target/test-classes" \
 *   dev.rapport.store.StoreThroughput [events] [batch] [duckdb|postgres]
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
    boolean postgres = args.length > 2 && args[2].equals("postgres");
    Path dir = Files.createTempDirectory("rapport-store-bench");
    Path file = dir.resolve("bench.duckdb");
    String schema = "bench_" + Long.toHexString(System.nanoTime());
    System.out.printf(
        "%s: %,d synthetic events, %,d customers, batches of %,d%n",
        postgres ? "PostgreSQL" : "DuckDB", n, customers, batchSize);

    try (Store store =
        postgres ? Store.openPostgres(PostgresStoreIT.URL, schema) : Store.openDuckDb(file)) {
      // Batches are generated as they are appended (same seed, same events), so that 10 M events
      // do not have to fit in the heap; generation is timed apart and left out.
      SplittableRandom random = new SplittableRandom(1);
      long appendNanos = 0;
      long generateNanos = 0;
      long added = 0;
      List<Interaction> first = null;
      for (int from = 0; from < n; from += batchSize) {
        long t = System.nanoTime();
        List<Interaction> batch = generate(from, Math.min(n, from + batchSize), customers, random);
        generateNanos += System.nanoTime() - t;
        if (first == null) {
          first = batch;
        }
        t = System.nanoTime();
        added += store.appendEvents(batch);
        appendNanos += System.nanoTime() - t;
      }
      report("append (new events)", added, appendNanos / 1e9);
      System.out.printf(
          "%-45s %8.2f s (not included above)%n", "generating them", generateNanos / 1e9);

      long t0 = System.nanoTime();
      int again = store.appendEvents(first);
      report("re-append the first batch (" + again + " added)", first.size(), seconds(t0));

      for (int run = 1; run <= 2; run++) {
        long[] count = {0};
        long[] check = {0};
        t0 = System.nanoTime();
        store.forEachEvent(
            null,
            e -> {
              count[0]++;
              check[0] += e.identifiers().size() + e.attributes().size();
            });
        report("forEachEvent (all, fold order), run " + run, count[0], seconds(t0));
      }

      long[] half = {0};
      t0 = System.nanoTime();
      store.forEachEvent(START.plusSeconds(YEAR_SECONDS / 2), e -> half[0]++);
      report("forEachEvent (until mid-year)", half[0], seconds(t0));

      List<Identifier> someone = first.get(first.size() / 2).identifiers();
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
      for (int i = 0; i < 100; i++) {
        store.customerOf(Identifier.of("email", "c" + (i * 97 % customers) + "@example.com"));
      }
      System.out.printf("%-45s %8.3f ms per call%n", "customerOf", seconds(t0) * 1000 / 100);
      // The Flink job's sink: each customer's profile and lifecycle rewritten, 5,000 at a time.
      Lifecycle lifecycle =
          new Lifecycle(
              List.of(
                  new StageTransition(null, Stage.ACQUISITION, START, "first seen", "e1", false),
                  new StageTransition(
                      Stage.ACQUISITION,
                      Stage.ACTIVATION,
                      START.plusSeconds(60),
                      "first purchase",
                      "e2",
                      false)));
      for (String pass : List.of("new customers", "the same customers again")) {
        t0 = System.nanoTime();
        for (int from = 0; from < customers; from += 5_000) {
          List<CustomerProfile> profiles = new ArrayList<>();
          Map<String, Lifecycle> lifecycles = new HashMap<>();
          for (int c = from; c < Math.min(customers, from + 5_000); c++) {
            profiles.add(StoreContract.profile("c" + c, 0));
            lifecycles.put("c" + c, lifecycle);
          }
          store.updateCustomers(profiles, lifecycles, List.of());
        }
        report("updateCustomers, batches of 5,000: " + pass, customers, seconds(t0));
      }
      if (!postgres) {
        System.out.printf("file: %,d bytes%n", Files.size(file));
      }
    } finally {
      if (postgres) {
        dropSchema(schema);
      }
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void dropSchema(String schema) {
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(PostgresStoreIT.URL);
        java.sql.Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("cannot drop " + schema, e);
    }
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  private static void report(String what, long events, double s) {
    System.out.printf("%-45s %,12d in %6.2f s = %,10.0f events/s%n", what, events, s, events / s);
  }

  private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
  private static final long YEAR_SECONDS = 365L * 86_400;

  /**
   * Events {@code from} (inclusive) to {@code to} of a year of mixed interactions: mostly touches
   * and responses, some purchases, surveys and tickets; one in ten carries a second identifier.
   */
  static List<Interaction> generate(int from, int to, int customers, SplittableRandom r) {
    Channel[] channels = {Channel.EMAIL, Channel.SMS, Channel.PUSH, Channel.WEB, Channel.APP};
    List<Interaction> out = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      int c = r.nextInt(customers);
      List<Identifier> ids =
          r.nextInt(10) == 0
              ? List.of(
                  Identifier.of("customer_id", "c" + c),
                  Identifier.of("email", "c" + c + "@example.com"))
              : List.of(Identifier.of("customer_id", "c" + c));
      Instant ts = START.plusSeconds(r.nextLong(YEAR_SECONDS));
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
              kind == Kind.TOUCH ? Boolean.valueOf(r.nextInt(10) == 0) : null,
              kind == Kind.PURCHASE ? Math.round(r.nextDouble(5, 200) * 100) / 100.0 : 0.0,
              kind == Kind.TOUCH ? 0.002 : 0.0,
              kind == Kind.SURVEY ? r.nextInt(1, 6) : Double.NaN,
              null,
              attributes));
    }
    return out;
  }
}
