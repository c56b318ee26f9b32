package dev.rapport.bench;

import dev.rapport.analytics.clv.CustomerValue;
import dev.rapport.analytics.clv.ProfileTableFit;
import dev.rapport.core.config.ClvSettings;
import dev.rapport.store.Store;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Locale;

/**
 * How far one machine fits the population value models from a PostgreSQL profile table: for each
 * size, a table of that many synthetic customers is written in PostgreSQL (60% buyers, with
 * BG/NBD-like repeat purchases, a tenth of the rows snapshotted up to 30 days before the others, as
 * a stream's are), then read row by row and fitted as {@code rapport clv --from-profiles} does. It
 * prints the read rate, the fit time and the heap the fit held.
 *
 * <pre>
 * java -Xmx20g -cp rapport-bench/target/benchmarks.jar dev.rapport.bench.ProfileTableScale \
 *   'jdbc:postgresql://127.0.0.1:5432/rapport?user=rapport&amp;password=rapport' 1000000 4000000
 * </pre>
 */
public final class ProfileTableScale {
  private ProfileTableScale() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    for (int i = 1; i < args.length; i++) {
      run(url, Integer.parseInt(args[i]));
    }
  }

  private static void run(String url, int n) throws Exception {
    String schema = "scale_" + n;
    long asOf = 1_767_225_600L * 1_000_000L; // 2026-01-01, in the store's microseconds
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
    try (Store store = Store.openPostgres(url, schema)) {
      long t0 = System.nanoTime();
      try (Connection c = DriverManager.getConnection(url);
          Statement st = c.createStatement()) {
        st.execute("SET search_path TO " + schema);
        // As a real table holds them: purchase days whole, T and recency in weeks (the default
        // unit) from whole days; frequency geometric; spend 20-100; a tenth of the rows
        // snapshotted up to 30 days (in seconds) before the others, their T that much shorter.
        st.execute(
            "INSERT INTO profiles SELECT 'c' || lpad(i::text, 10, '0'), i,"
                + " "
                + asOf
                + " - back * 1000000, NULL, NULL, 0, 1, '', 0, NULL,"
                + " CASE WHEN buyer THEN x + 1 ELSE 0 END, CASE WHEN buyer THEN m * (x + 1) END,"
                + " 0, 0, NULL, NULL,"
                + " CASE WHEN buyer THEN x END,"
                + " CASE WHEN buyer THEN CASE WHEN x = 0 THEN 0 ELSE floor(random() * (t - back"
                + " / 86400.0)) / 7 END END,"
                + " CASE WHEN buyer THEN (t * 86400 - back) / (7 * 86400.0) END,"
                + " CASE WHEN buyer AND x > 0 THEN m ELSE 0 END, 0, 0, 0, 0, 0, 0, '[]'"
                + " FROM (SELECT i, random() < 0.6 AS buyer,"
                + " floor(-ln(1 - random()) * 1.5) AS x, 31 + floor(random() * 515) AS t,"
                + " CASE WHEN i % 10 = 0 THEN floor(random() * 30 * 86400) ELSE 0 END AS back,"
                + " 20 + floor(random() * 8000) / 100 AS m"
                + " FROM generate_series(1, "
                + n
                + ") AS i) AS g");
        st.execute("ANALYZE profiles");
      }
      double load = (System.nanoTime() - t0) / 1e9;

      Runtime rt = Runtime.getRuntime();
      System.gc();
      long before = rt.totalMemory() - rt.freeMemory();
      long start = System.nanoTime();
      ProfileTableFit fit = new ProfileTableFit(ClvSettings.defaults());
      store.forEachProfile(fit::add);
      long read = System.nanoTime();
      long held = rt.totalMemory() - rt.freeMemory() - before;
      CustomerValue v = fit.fit();
      long fitted = System.nanoTime();
      System.gc();
      long withScores = rt.totalMemory() - rt.freeMemory() - before;
      double readS = (read - start) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "%,d customers (%,d buyers): written in %.1f s; read in %.1f s = %,.0f rows/s;"
              + " fitted and scored in %.1f s (BG/NBD r=%.3f over %,d buyers); heap: %,d MB while"
              + " reading, %,d MB with the scores = %.0f bytes a buyer%n",
          fit.customers(),
          fit.buyers(),
          load,
          readS,
          fit.customers() / readS,
          (fitted - read) / 1e9,
          v.purchases().params().r(),
          (long) v.purchases().customers(),
          held >> 20,
          withScores >> 20,
          (double) withScores / fit.buyers());
      if (v.pAlive().length != fit.buyers()) {
        throw new IllegalStateException("scored " + v.pAlive().length + " of " + fit.buyers());
      }
    } finally {
      try (Connection c = DriverManager.getConnection(url);
          Statement st = c.createStatement()) {
        st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
  }
}
