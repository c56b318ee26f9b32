package dev.rapport.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The baseline: DuckDB's own CSV reader and a per-customer GROUP BY of statistics comparable to the
 * fold's order-free ones (counts by kind and outcome, first/last seen, revenue, returns, distinct
 * purchase days), materialised into a table so that the work cannot be skipped.
 */
public final class DuckDbGroupBy {
  private DuckDbGroupBy() {}

  static final String SQL =
      "CREATE OR REPLACE TABLE profiles AS SELECT customer_id,"
          + " count(*) AS events, min(ts) AS first_seen, max(ts) AS last_seen,"
          + " count(*) FILTER (WHERE kind = 'touch') AS touches,"
          + " count(*) FILTER (WHERE kind = 'touch' AND outcome = 'engaged') AS engaged,"
          + " count(*) FILTER (WHERE kind = 'touch' AND outcome = 'unengaged') AS unengaged,"
          + " count(*) FILTER (WHERE kind NOT IN ('touch', 'consent')) AS inbound,"
          + " count(*) FILTER (WHERE kind = 'purchase') AS purchases,"
          + " coalesce(sum(value) FILTER (WHERE kind = 'purchase'), 0) AS revenue,"
          + " count(*) FILTER (WHERE kind = 'return') AS returns,"
          + " coalesce(sum(value) FILTER (WHERE kind = 'return'), 0) AS return_value,"
          + " count(DISTINCT CAST(ts AS DATE)) FILTER (WHERE kind = 'purchase') AS purchase_days"
          + " FROM read_csv(%s, header = true, columns = {'event_id': 'VARCHAR', 'ts': 'TIMESTAMPTZ',"
          + " 'customer_id': 'VARCHAR', 'channel': 'VARCHAR', 'kind': 'VARCHAR',"
          + " 'outcome': 'VARCHAR', 'value': 'DOUBLE'})"
          + " GROUP BY customer_id";

  /** Runs the GROUP BY on a file and returns the number of customers. */
  public static long run(Path csv, int threads) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      s.execute("SET threads = " + threads);
      s.execute("SET TimeZone = 'UTC'");
      // Table functions take no bind parameters; the path is our own file, quoted as a literal.
      s.execute(String.format(SQL, "'" + csv.toString().replace("'", "''") + "'"));
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM profiles")) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
