package dev.rapport.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rapport.core.Interaction;
import dev.rapport.core.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

class DuckDbStoreTest extends StoreContract {

  @Override
  protected Store open(Path dir) {
    return Store.openDuckDb(dir.resolve("rapport.duckdb"));
  }

  private Path file() {
    return dir.resolve("rapport.duckdb");
  }

  @Test
  void open_createsMissingFolders() {
    Path nested = dir.resolve("a/b/c/rapport.duckdb");
    try (Store s = Store.openDuckDb(nested)) {
      assertThat(s.eventCount()).isZero();
    }
    assertThat(nested).exists();
  }

  @Test
  void open_fileThatIsNotADatabase_namesTheFile() throws IOException {
    Path junk = dir.resolve("junk.duckdb");
    Files.writeString(junk, "this is not a database, just some text long enough to matter\n");

    assertThatThrownBy(() -> Store.openDuckDb(junk))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("open the database")
        .hasMessageContaining(junk.toString())
        .hasCauseInstanceOf(SQLException.class);
  }

  @Test
  void open_newerSchema_isRefusedWithTheVersions() throws SQLException {
    store.close();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file());
        Statement st = c.createStatement()) {
      st.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'");
    }

    assertThatThrownBy(() -> Store.openDuckDb(file()))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("999")
        .hasMessageContaining(file().toString());
    assertThatThrownBy(() -> Store.openDuckDb(file())).isInstanceOf(StoreException.class);
  }

  @Test
  void open_secondTime_keepsTheSchemaVersion() {
    String version = store.meta("schema_version").orElseThrow();
    store.close();
    store = open(dir);
    assertThat(store.meta("schema_version")).contains(version);
  }

  @Test
  void forEachEvent_leavesNoReaderThreadBehind() {
    store.appendEvents(List.of(event("e1", ANN, T0, Kind.TOUCH)));
    store.forEachEvent(null, e -> {});
    assertThatThrownBy(
            () ->
                store.forEachEvent(
                    null,
                    e -> {
                      throw new IllegalStateException("stop");
                    }))
        .hasMessage("stop");

    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().equals("rapport-store-reader"));
  }

  @Test
  void open_olderSchema_appliesTheLaterMigrationsInOrder() throws SQLException {
    store.close();
    Path old = dir.resolve("v1.duckdb");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + old);
        Statement st = c.createStatement()) {
      st.execute(DuckDbSchema.META);
      for (String sql : DuckDbSchema.MIGRATIONS.get(0)) {
        st.execute(sql);
      }
      st.execute("INSERT INTO meta VALUES ('schema_version', '1')");
      st.execute(
          "INSERT INTO events (event_id, ts, channel, kind, identifiers, value, cost)"
              + " VALUES ('old', 1709287200000000, 'email', 'signup', 'email:ann@example.com', 0, 0)");
      st.execute("INSERT INTO event_ids VALUES ('old', 'email:ann@example.com')");
    }

    store = Store.openDuckDb(old);

    assertThat(store.meta("schema_version"))
        .contains(Integer.toString(DuckDbSchema.currentVersion()));
    assertThat(all())
        .containsExactly(
            Interaction.of("old", ANN, T0, dev.rapport.core.Channel.EMAIL, Kind.SIGNUP, null));
    assertThat(store.eventsWithAnyIdentifier(List.of(ANN), 10, 0)).hasSize(1);
    store.close();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + old);
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'event_ids'")) {
      rs.next();
      assertThat(rs.getLong(1)).isZero();
    }
    store = open(dir);
  }

  @Test
  void appendEvents_afterAnotherStoreAppendedToTheSameFile_stillSkipsStoredIds() {
    store.appendEvents(List.of(event("e1", ANN, T0, Kind.TOUCH)));
    try (Store other = open(dir)) {
      other.appendEvents(List.of(event("e2", ANN, T0, Kind.TOUCH)));
    }

    assertThat(store.appendEvents(List.of(event("e2", ANN, T0, Kind.TOUCH)))).isZero();
    assertThat(store.appendEvents(List.of(event("e1", ANN, T0, Kind.TOUCH)))).isZero();
    assertThat(store.eventCount()).isEqualTo(2);
  }

  @Test
  void putMeta_schemaVersion_isRefused() {
    assertThatThrownBy(() -> store.putMeta("schema_version", "2"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sqlFailure_isWrappedNamingOperationAndFile() throws SQLException {
    store.close();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file());
        Statement st = c.createStatement()) {
      st.execute("DROP TABLE profiles");
    }
    store = open(dir);

    assertThatThrownBy(() -> store.profileCount())
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("count profiles")
        .hasMessageContaining(file().toString())
        .hasCauseInstanceOf(SQLException.class)
        .satisfies(
            e -> {
              StoreException se = (StoreException) e;
              assertThat(se.operation()).isEqualTo("count profiles");
              assertThat(se.database()).isEqualTo(file().toString());
            });
  }

  @Test
  void storedForm_isReadableInSql() throws SQLException {
    store.appendEvents(
        List.of(
            StoreContract.full(
                "e1",
                List.of(ANN, BOB),
                T0,
                Kind.PURCHASE,
                null,
                true,
                9.5,
                Double.NaN,
                java.util.Map.of("tier", "gold"))));
    store.close();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file());
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT identifiers, ts, channel, kind, score IS NULL, attributes FROM events")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("email:ann@example.com\u001femail:bob@example.com");
      assertThat(rs.getLong(2)).isEqualTo(1_709_287_200_000_000L); // epoch microseconds
      assertThat(rs.getString(3)).isEqualTo("sms");
      assertThat(rs.getString(4)).isEqualTo("purchase");
      assertThat(rs.getBoolean(5)).isTrue();
      assertThat(rs.getString(6)).isEqualTo("{\"tier\":\"gold\"}");
    }
    store = open(dir);
  }
}
