package dev.rapport.flink;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The PostgreSQL the job's tests write into: the server {@code .ci/postgres} starts, or {@code
 * RAPPORT_TEST_POSTGRES}. Each test works in a schema of its own and drops it.
 */
final class TestPostgres {
  static final String URL =
      System.getenv()
          .getOrDefault(
              "RAPPORT_TEST_POSTGRES",
              "jdbc:postgresql://127.0.0.1:5432/rapport?user=rapport&password=rapport");

  private TestPostgres() {}

  static void dropSchema(String schema) throws SQLException {
    try (Connection c = DriverManager.getConnection(URL);
        Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }
}
