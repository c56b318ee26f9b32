package dev.rapport.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.core.config.RapportConfig;
import dev.rapport.store.Store;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server on the PostgreSQL store (the server {@code .ci/postgres} starts, or {@code
 * RAPPORT_TEST_POSTGRES}): events ingested over HTTP are committed to PostgreSQL, and a server
 * started afresh on the same database answers the same customer 360.
 */
class PostgresServerIT {
  private static final String URL =
      System.getenv()
          .getOrDefault(
              "RAPPORT_TEST_POSTGRES",
              "jdbc:postgresql://127.0.0.1:5432/rapport?user=rapport&password=rapport");
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path dir;

  private JsonNode send(RapportServer s, String method, String path, String key, String body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path))
            .header("Authorization", "Bearer " + key)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  @Test
  void ingestAndRead_thenAFreshServerOnTheSameDatabase_answersTheSame360() throws Exception {
    String schema = "it_server_" + Long.toHexString(System.nanoTime());
    String key = ApiKeys.open(dir).create(EnumSet.of(Role.ADMIN), "test");
    String body =
        "{\"event_id\":\"p1\",\"ts\":\"2026-03-01T10:00:00Z\",\"channel\":\"email\","
            + "\"kind\":\"touch\",\"identifiers\":{\"email\":\"ann@example.com\"}}\n"
            + "{\"event_id\":\"p2\",\"ts\":\"2026-03-01T11:00:00Z\",\"channel\":\"web\","
            + "\"kind\":\"purchase\",\"value\":42,"
            + "\"identifiers\":{\"email\":\"ann@example.com\",\"customer_id\":\"A1\"}}\n";
    JsonNode first;
    try (Store store = Store.openPostgres(URL, schema);
        RapportServer server =
            RapportServer.start(
                dir, RapportConfig.defaults(), store, ServerSettings.defaults().withPort(0))) {
      JsonNode ack = send(server, "POST", "/v1/events", key, body);
      assertThat(ack.get("accepted").asInt()).isEqualTo(2);
      assertThat(store.eventCount()).isEqualTo(2); // committed to PostgreSQL before the answer
      first = send(server, "GET", "/v1/customers/ann@example.com", key, null);
      assertThat(first.get("customer_id").asText()).isEqualTo("A1");
      assertThat(first.at("/profile/revenue").asDouble()).isEqualTo(42.0);
      // An idempotent retry adds nothing to the database.
      assertThat(send(server, "POST", "/v1/events", key, body).get("duplicates").asInt())
          .isEqualTo(2);
    }
    try (Store store = Store.openPostgres(URL, schema);
        RapportServer server =
            RapportServer.start(
                dir, RapportConfig.defaults(), store, ServerSettings.defaults().withPort(0))) {
      JsonNode again = send(server, "GET", "/v1/customers/A1", key, null);
      assertThat(again.get("profile")).isEqualTo(first.get("profile"));
      assertThat(again.get("timeline")).isEqualTo(first.get("timeline"));
    } finally {
      try (Connection c = DriverManager.getConnection(URL);
          Statement st = c.createStatement()) {
        st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
  }
}
