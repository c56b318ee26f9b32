package dev.rapport.flink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.core.Interaction;
import dev.rapport.core.config.RapportConfig;
import dev.rapport.core.engine.BatchEngine;
import dev.rapport.core.lifecycle.Lifecycle;
import dev.rapport.core.profile.CustomerProfile;
import dev.rapport.io.InteractionJson;
import dev.rapport.store.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backfill through the job's own entry point: JSON Lines files, bad lines among them, folded once
 * at an as-of time into PostgreSQL. Every customer is the batch engine's at that time, field by
 * field; every line is an event in the store or a reject naming its file and line.
 */
class FileBackfillIT {

  @TempDir Path dir;

  @Test
  void files_backfillPostgres_asTheBatchEngineWould_andBadLinesAreKeptWithFileAndLine()
      throws Exception {
    Random rnd = new Random(8);
    List<Interaction> events = RapportJobTest.people(rnd, 30, 1_000);
    List<Interaction> shuffled = new ArrayList<>(events);
    Collections.shuffle(shuffled, rnd);
    List<String> a = new ArrayList<>();
    List<String> b = new ArrayList<>();
    for (int i = 0; i < shuffled.size(); i++) {
      (i % 2 == 0 ? a : b)
          .add(new String(InteractionJson.write(shuffled.get(i)), StandardCharsets.UTF_8));
    }
    a.add(
        10,
        "{\"event_id\":\"bad-1\",\"ts\":\"2025-13-01T00:00:00Z\",\"channel\":\"web\","
            + "\"kind\":\"signup\",\"identifiers\":{\"email\":\"q@x.org\"}}"); // line 11
    a.add(20, ""); // a blank line: skipped, but counted
    b.add(0, "not json"); // line 1 of b
    Path fa = Files.write(dir.resolve("a.jsonl"), a);
    Path fb = Files.write(dir.resolve("b.jsonl"), b);
    Path rejects = dir.resolve("rejects");

    BatchEngine batch = new BatchEngine(RapportConfig.defaults(), 1, true);
    events.forEach(batch::add);
    Instant asOf = batch.endOfLastDay();
    String schema = "it_backfill_" + Long.toHexString(System.nanoTime());
    try {
      JobOptions o =
          JobOptions.parse(
              "--files",
              fa + "," + fb,
              "--as-of",
              asOf.toString(),
              "--postgres",
              TestPostgres.URL,
              "--schema",
              schema,
              "--rejects-dir",
              rejects.toString(),
              "--parallelism",
              "2",
              "--checkpoint-interval",
              "PT0.5S",
              "--out-of-order",
              "P400D");
      StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
      RapportFlinkMain.build(env, o);
      env.execute("backfill");

      List<String> reasons = new ArrayList<>();
      ObjectMapper json = new ObjectMapper();
      try (Stream<Path> parts = Files.walk(rejects)) {
        for (Path p :
            parts
                .filter(Files::isRegularFile)
                .filter(p -> !p.getFileName().toString().startsWith("."))
                .toList()) {
          for (String line : Files.readAllLines(p)) {
            JsonNode n = json.readTree(line);
            reasons.add(n.get("source").asText() + " " + n.get("errors").asText());
          }
        }
      }
      assertThat(reasons)
          .hasSize(2)
          .anySatisfy(r -> assertThat(r).startsWith(fa + ":11 ts=2025-13-01T00:00:00Z"))
          .anySatisfy(r -> assertThat(r).startsWith(fb + ":1 ").contains("malformed JSON"));

      try (Store store = Store.openPostgres(TestPostgres.URL, schema)) {
        assertThat(store.eventCount()).isEqualTo(events.size()); // + 2 rejected = lines read
        List<CustomerProfile> profiles = store.profiles();
        Map<String, Lifecycle> lifecycles = store.lifecycles();
        BatchAt want = new BatchAt(events);
        assertThat(profiles.stream().map(CustomerProfile::customerId))
            .containsExactlyInAnyOrderElementsOf(want.customerIds(asOf.getEpochSecond()));
        for (CustomerProfile p : profiles) {
          assertThat(p.asOf()).isEqualTo(asOf);
          want.assertSame(p, lifecycles.get(p.customerId()));
        }
      }
    } finally {
      TestPostgres.dropSchema(schema);
    }
  }
}
