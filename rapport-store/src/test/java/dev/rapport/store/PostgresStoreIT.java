package dev.rapport.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The store contract against a real PostgreSQL server: the one at {@code RAPPORT_TEST_POSTGRES} (a
 * JDBC URL), by default the local server {@code .ci/postgres} installs and starts. Each test gets a
 * schema of its own, named after its folder, dropped afterwards.
 */
class PostgresStoreIT extends StoreContract {
  static final String URL =
      System.getenv()
          .getOrDefault(
              "RAPPORT_TEST_POSTGRES",
              "jdbc:postgresql://127.0.0.1:5432/rapport?user=rapport&password=rapport");

  static String schemaOf(Path dir) {
    return "t_" + Integer.toHexString(dir.toAbsolutePath().toString().hashCode());
  }

  @Override
  protected Store open(Path dir) {
    return Store.openPostgres(URL, schemaOf(dir));
  }

  @AfterEach
  void dropSchema() throws SQLException {
    store.close();
    try (Connection c = DriverManager.getConnection(URL);
        Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS " + schemaOf(dir) + " CASCADE");
    }
  }

  @Test
  void open_newerSchema_isRefusedWithTheVersions() throws SQLException {
    store.close();
    try (Connection c = DriverManager.getConnection(URL);
        Statement st = c.createStatement()) {
      st.execute(
          "UPDATE " + schemaOf(dir) + ".meta SET value = '999' WHERE key = 'schema_version'");
    }
    assertThatThrownBy(() -> open(dir))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("999")
        .hasMessageContaining("schema " + schemaOf(dir));
  }

  @Test
  void open_unreachableServer_namesTheDatabaseWithoutThePassword() {
    assertThatThrownBy(
            () ->
                Store.openPostgres(
                    "jdbc:postgresql://127.0.0.1:1/rapport?user=rapport&password=secret", "x"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("127.0.0.1:1/rapport")
        .hasMessageNotContaining("secret")
        .hasCauseInstanceOf(SQLException.class);
  }

  @Test
  void open_badSchemaName_isRefused() {
    assertThatThrownBy(() -> Store.openPostgres(URL, "Robert'); DROP TABLE x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("schema name");
  }

  @Test
  void open_twice_migratesOnce() {
    try (Store again = open(dir)) {
      assertThat(again.meta("schema_version")).contains("1");
    }
  }
}
