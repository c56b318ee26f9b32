package dev.rapport.bench;

import dev.rapport.analytics.clv.BgNbd;
import dev.rapport.analytics.clv.CustomerValue;
import dev.rapport.analytics.clv.ProfileTableFit;
import dev.rapport.core.config.ClvSettings;
import dev.rapport.store.Store;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Locale;
import org.hipparchus.random.RandomDataGenerator;
import org.postgresql.PGConnection;

/**
 * How far one machine fits the population value models from a PostgreSQL profile table. For each
 * size, a table of that many customers is written into PostgreSQL (COPY), simulated from the BG/NBD
 * and Gamma-Gamma processes with the CDNOW estimates of Fader, Hardie and Lee (2005): 60% of them
 * buyers, ages of 4 to 78 weeks in whole days, purchases on whole days, a tenth of the rows
 * snapshotted up to 30 days before the others as a stream's are. The table is then read row by row
 * and fitted as {@code rapport clv --from-profiles} does. It prints the read rate, the fit time,
 * the heap held, and the fitted parameters, which must come back near the simulated ones.
 *
 * <pre>
 * java -Xmx16g -cp rapport-bench/target/benchmarks.jar dev.rapport.bench.ProfileTableScale \
 *   'jdbc:postgresql://127.0.0.1:5432/rapport?user=rapport&amp;password=rapport' 1000000 4000000
 * </pre>
 */
public final class ProfileTableScale {
  private static final BgNbd.Params SIMULATED = new BgNbd.Params(0.243, 4.414, 0.793, 2.426);
  private static final double P = 6.25;
  private static final double Q = 3.74;
  private static final double GAMMA = 15.44;
  private static final long AS_OF = 1_767_225_600L; // 2026-01-01T00:00:00Z
  private static final int DAY = 86_400;

  private ProfileTableScale() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    for (int i = 1; i < args.length; i++) {
      run(url, Integer.parseInt(args[i]));
    }
  }

  private static void run(String url, int n) throws Exception {
    String schema = "scale_" + n;
    drop(url, schema);
    try (Store store = Store.openPostgres(url, schema)) {
      long t0 = System.nanoTime();
      write(url, schema, n);
      double load = (System.nanoTime() - t0) / 1e9;

      Runtime rt = Runtime.getRuntime();
      System.gc();
      long before = rt.totalMemory() - rt.freeMemory();
      long start = System.nanoTime();
      ProfileTableFit fit = new ProfileTableFit(ClvSettings.defaults());
      store.forEachProfile(fit::add);
      long read = System.nanoTime();
      CustomerValue v = fit.fit();
      long fitted = System.nanoTime();
      System.gc();
      long held = rt.totalMemory() - rt.freeMemory() - before; // the fit and its scores
      double readS = (read - start) / 1e9;
      BgNbd.Params p = v.purchases().params();
      System.out.printf(
          Locale.ROOT,
          "%,d customers (%,d buyers): written in %.1f s; read in %.1f s = %,.0f rows/s; fitted and"
              + " scored in %.1f s; heap after the fit %,d MB = %.0f bytes a buyer; BG/NBD r=%.3f"
              + " alpha=%.3f a=%.3f b=%.3f (simulated 0.243 4.414 0.793 2.426), converged %s%n",
          fit.customers(),
          fit.buyers(),
          load,
          readS,
          fit.customers() / readS,
          (fitted - read) / 1e9,
          held >> 20,
          (double) held / fit.buyers(),
          p.r(),
          p.alpha(),
          p.a(),
          p.b(),
          v.purchases().converged());
      if (v.pAlive().length != fit.buyers()) {
        throw new IllegalStateException("scored " + v.pAlive().length + " of " + fit.buyers());
      }
    } finally {
      drop(url, schema);
    }
  }

  /** Simulates the customers and COPYs them into the profile table, a million rows at a time. */
  private static void write(String url, String schema, int n) throws Exception {
    RandomDataGenerator rnd = new RandomDataGenerator(n);
    try (Connection c = DriverManager.getConnection(url)) {
      try (Statement st = c.createStatement()) {
        st.execute("SET search_path TO " + schema);
      }
      String copy =
          "COPY profiles (customer_id, customer_key, as_of, events, channels, inbound, purchases,"
              + " revenue, returns, frequency, recency, t, monetary_value, bounced, unsubscribed,"
              + " complained, contact_pressure, unengaged_streak, score_components)"
              + " FROM STDIN WITH (FORMAT csv)";
      StringBuilder rows = new StringBuilder(1 << 20);
      for (int i = 0; i < n; i++) {
        row(rows, i, rnd);
        if ((i + 1) % 1_000_000 == 0 || i == n - 1) {
          c.unwrap(PGConnection.class).getCopyAPI().copyIn(copy, new StringReader(rows.toString()));
          rows.setLength(0);
        }
      }
      try (Statement st = c.createStatement()) {
        st.execute("ANALYZE profiles");
      }
    }
  }

  private static void row(StringBuilder b, int i, RandomDataGenerator rnd) {
    int ageDays = 28 + rnd.nextInt(0, 518);
    long back = i % 10 == 0 ? rnd.nextInt(0, 30 * DAY) : 0;
    b.append("c").append(i).append(',').append(i).append(',');
    if (rnd.nextDouble() >= 0.6) { // never bought
      b.append((AS_OF - back) * 1_000_000L).append(",1,\"\",0,0,,0,,,,0,0,0,0,0,0,\"[]\"\n");
      return;
    }
    // BG/NBD: repeat purchases at rate lambda a week while alive; after each, dead with
    // probability p (never after the first purchase, at age 0).
    double lambda = rnd.nextGamma(SIMULATED.r(), 1 / SIMULATED.alpha());
    double dropout = rnd.nextBeta(SIMULATED.a(), SIMULATED.b());
    double time = 0;
    int x = 0;
    int lastDay = 0;
    while (true) {
      time += rnd.nextExponential(1 / lambda);
      int day = (int) Math.floor(time * 7);
      if (day >= ageDays) {
        break;
      }
      if (day > lastDay) { // purchases are counted per day
        x++;
        lastDay = day;
      }
      if (rnd.nextDouble() < dropout) {
        break;
      }
    }
    // Gamma-Gamma: a customer's mean spend nu, each purchase Gamma(p, nu).
    double nu = rnd.nextGamma(Q, 1 / GAMMA);
    double sum = 0;
    for (int k = 0; k < Math.max(1, x); k++) {
      sum += rnd.nextGamma(P, 1 / nu);
    }
    double m = x == 0 ? 0 : sum / x;
    back = Math.min(back, (long) (ageDays - lastDay) * DAY - 1); // snapshotted after the last
    back = Math.max(back, 0);
    double t = (ageDays * (double) DAY - back) / (7.0 * DAY);
    b.append((AS_OF - back) * 1_000_000L)
        .append(',')
        .append(x + 1)
        .append(",\"\",0,")
        .append(x + 1)
        .append(',')
        .append(m * (x + 1))
        .append(",0,")
        .append(x)
        .append(',')
        .append(lastDay / 7.0)
        .append(',')
        .append(t)
        .append(',')
        .append(m)
        .append(",0,0,0,0,0,\"[]\"\n");
  }

  private static void drop(String url, String schema) throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }
}
