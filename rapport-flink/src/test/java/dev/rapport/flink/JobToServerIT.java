package dev.rapport.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.core.Interaction;
import dev.rapport.core.config.RapportConfig;
import dev.rapport.core.engine.BatchEngine;
import dev.rapport.core.engine.LiveCustomer;
import dev.rapport.server.ApiKeys;
import dev.rapport.server.RapportServer;
import dev.rapport.server.Role;
import dev.rapport.server.ServerSettings;
import dev.rapport.store.Store;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * From the Flink job into PostgreSQL and out of {@code rapport serve}: the job (local MiniCluster,
 * parallelism 2) appends the events it reads to a PostgreSQL store's log while it folds them; a
 * server started on that store then holds every customer the job folded, with the same profile, and
 * answers their 360 over HTTP. PostgreSQL is the server {@code .ci/postgres} starts, or {@code
 * RAPPORT_TEST_POSTGRES}.
 */
class JobToServerIT {

  @TempDir Path dir;

  @Test
  void theJobsEventsInPostgres_areServedWithTheProfilesTheJobFolded() throws Exception {
    Random rnd = new Random(3);
    List<Interaction> events = RapportJobTest.people(rnd, 25, 800);
    BatchEngine batch = new BatchEngine(RapportConfig.defaults(), 1);
    events.forEach(batch::add);
    Instant asOf = batch.endOfLastDay(); // the server's as-of time without a wall clock
    List<FlinkEvent> arrival = new ArrayList<>();
    for (Interaction e : events) {
      arrival.add(FlinkEvent.of(e));
    }
    Collections.shuffle(arrival, rnd);
    String schema = "it_flink_" + Long.toHexString(System.nanoTime());
    try {
      StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
      DataStream<FlinkEvent> source = env.fromData(arrival, TypeInformation.of(FlinkEvent.class));
      RapportJob.eventLog(source, TestPostgres.URL, schema);
      List<Snapshot> folded = new ArrayList<>();
      try (CloseableIterator<Snapshot> it =
          RapportJob.profiles(source, RapportConfig::defaults, asOf, Duration.ofDays(365))
              .executeAndCollect("rapport-to-postgres")) {
        it.forEachRemaining(folded::add);
      }
      assertThat(folded).hasSizeGreaterThan(10);

      String key = ApiKeys.open(dir).create(EnumSet.of(Role.READ), "test");
      try (Store store = Store.openPostgres(TestPostgres.URL, schema);
          RapportServer server =
              RapportServer.start(
                  dir, RapportConfig.defaults(), store, ServerSettings.defaults().withPort(0))) {
        assertThat(store.eventCount()).isEqualTo(events.size());
        assertThat(server.engine().customerCount()).isEqualTo(folded.size());
        for (Snapshot s : folded) {
          LiveCustomer c = server.engine().customerById(s.customerId).orElseThrow();
          assertThat(c.fold().profile().toString())
              .as(s.customerId)
              .isEqualTo(s.profile().toString());
          assertThat(c.fold().lifecycle().toString())
              .as(s.customerId)
              .isEqualTo(s.lifecycle().toString());
        }
        Snapshot one = folded.get(0);
        HttpResponse<String> r =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(
                            URI.create(
                                "http://127.0.0.1:"
                                    + server.port()
                                    + "/v1/customers/"
                                    + java.net.URLEncoder.encode(
                                        one.customerId, java.nio.charset.StandardCharsets.UTF_8)))
                        .header("Authorization", "Bearer " + key)
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("\"customer_id\":\"" + one.customerId + "\"");
      }
    } finally {
      TestPostgres.dropSchema(schema);
    }
  }
}
