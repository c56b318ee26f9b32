package dev.rapport.flink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.analytics.trigger.TriggerRules;
import dev.rapport.core.Interaction;
import dev.rapport.core.Kind;
import dev.rapport.core.config.RapportConfig;
import dev.rapport.core.lifecycle.Lifecycle;
import dev.rapport.core.lifecycle.StageTransition;
import dev.rapport.core.profile.CustomerProfile;
import dev.rapport.io.InteractionJson;
import dev.rapport.server.ApiKeys;
import dev.rapport.server.RapportServer;
import dev.rapport.server.Role;
import dev.rapport.server.ServerSettings;
import dev.rapport.store.Store;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end, with nothing mocked: events produced to a Kafka broker started inside the test flow
 * through the Flink job (local MiniCluster, parallelism 2, checkpoints) into PostgreSQL, and {@code
 * rapport serve} on that PostgreSQL answers the customer 360 for them. The job's profiles and
 * lifecycles in PostgreSQL are the batch engine's at their times; its transitions are on a Kafka
 * topic, committed exactly once, and so are the triggers of rapport.yaml; bad records are on a
 * rejects topic with their reasons, and every record read is accepted or rejected. PostgreSQL is
 * the server {@code .ci/postgres} starts, or {@code RAPPORT_TEST_POSTGRES}.
 */
class KafkaToPostgresIT {
  private static final String EVENTS = "rapport.interactions";
  private static final String TRANSITIONS = "rapport.transitions";
  private static final String REJECTS = "rapport.rejects";
  private static final String TRIGGERS = "rapport.triggers";
  private static final String RULES =
      "triggers:\n  bought:\n    on: event\n    kind: purchase\n"
          + "    webhook: https://crm.example.com/hooks\n";

  @TempDir Path dir;

  @Test
  void eventsInKafka_flowThroughTheJobIntoPostgres_andServeAnswersTheir360() throws Exception {
    run(false);
  }

  /**
   * The same, with a task failing once mid-stream: the job restarts from its last checkpoint (Kafka
   * offsets and every operator's state), replays what followed, and ends with the same rows in
   * PostgreSQL and the same committed records on the topics, none twice.
   */
  @Test
  void aTaskFailureMidStream_leavesTheSameRowsAndRecords_noneTwice() throws Exception {
    run(true);
  }

  private void run(boolean injectFailure) throws Exception {
    Random rnd = new Random(21);
    List<Interaction> events = RapportJobTest.people(rnd, 30, 1_200);
    // In time order, up to an hour out of it, as a live feed is.
    List<Interaction> sent = RapportJobTest.upToAnHourLate(events, e -> e.ts().toEpochMilli(), rnd);
    List<Map.Entry<byte[], byte[]>> records = new ArrayList<>();
    for (Interaction e : sent) {
      records.add(
          Map.entry(e.eventId().getBytes(StandardCharsets.UTF_8), InteractionJson.write(e)));
    }
    List<String> bad =
        List.of(
            "{\"event_id\": oops",
            "{\"event_id\":\"x1\",\"ts\":\"2025-02-01T00:00:00Z\",\"channel\":\"pigeon\","
                + "\"kind\":\"touch\",\"identifiers\":{\"email\":\"z@x.org\"}}",
            "{\"event_id\":\"x2\",\"ts\":\"2025-02-01T00:00:00Z\",\"channel\":\"email\","
                + "\"kind\":\"touch\",\"identifiers\":{}}");
    for (String b : bad) {
      records.add(records.size() / 2, Map.entry(new byte[0], b.getBytes(StandardCharsets.UTF_8)));
    }

    String schema = "it_kafka_" + Long.toHexString(System.nanoTime());
    try (TestKafka kafka = new TestKafka()) {
      kafka.createTopic(EVENTS, 2);
      kafka.createTopic(TRANSITIONS, 2);
      kafka.createTopic(REJECTS, 1);
      kafka.createTopic(TRIGGERS, 2);
      kafka.produce(EVENTS, records);

      Configuration conf = new Configuration();
      conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
      conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
      conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
      StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
      env.enableCheckpointing(200); // the transactional Kafka sinks commit on checkpoints
      SingleOutputStreamOperator<FlinkEvent> checked =
          RapportJob.fromKafka(env, kafka.bootstrap(), EVENTS, "rapport-it", true);
      RapportJob.rejectsToKafka(
          RapportJob.rejects(checked), kafka.bootstrap(), REJECTS, DeliveryGuarantee.EXACTLY_ONCE);
      DataStream<FlinkEvent> accepted = checked;
      if (injectFailure) {
        RapportJobTest.FailOnce.FAILED.set(false);
        RapportJobTest.FailOnce.SEEN.set(0);
        accepted =
            checked
                .map(new RapportJobTest.FailOnce(events.size() / 2))
                .returns(FlinkEvent.class)
                .name("fail once");
      }
      RapportJob.eventLog(accepted, TestPostgres.URL, schema);
      SingleOutputStreamOperator<Snapshot> folded =
          RapportJob.stream(
              accepted,
              RapportConfig::defaults,
              () -> TriggerRules.parse(RULES, "rapport.yaml"),
              Duration.ofHours(2),
              Duration.ofHours(1));
      RapportJob.triggersToKafka(
          RapportJob.triggers(folded), kafka.bootstrap(), TRIGGERS, DeliveryGuarantee.EXACTLY_ONCE);
      RapportJob.customersToPostgres(folded, TestPostgres.URL, schema);
      RapportJob.transitionsToKafka(
          RapportJob.transitions(folded),
          kafka.bootstrap(),
          TRANSITIONS,
          DeliveryGuarantee.EXACTLY_ONCE);
      env.execute("kafka-to-postgres");
      if (injectFailure) {
        assertThat(RapportJobTest.FailOnce.FAILED).as("the failure was injected").isTrue();
        assertThat(RapportJobTest.FailOnce.SEEN.get())
            .as("events replayed after the restart")
            .isGreaterThan(events.size());
      }

      // Every record read is accepted (in the event log) or rejected (on the topic, with why).
      List<ConsumerRecord<byte[], byte[]>> rejects = kafka.readCommitted(REJECTS);
      ObjectMapper json = new ObjectMapper();
      List<String> reasons = new ArrayList<>();
      for (ConsumerRecord<byte[], byte[]> r : rejects) {
        JsonNode n = json.readTree(r.value());
        assertThat(n.get("source").asText()).startsWith(EVENTS + "/");
        reasons.add(n.get("errors").asText());
      }
      assertThat(reasons).hasSize(3);
      assertThat(String.join("\n", reasons))
          .contains("malformed JSON")
          .contains("channel=pigeon")
          .contains("identifiers");

      try (Store store = Store.openPostgres(TestPostgres.URL, schema)) {
        assertThat(store.eventCount() + rejects.size()).isEqualTo(records.size());
        assertThat(store.eventCount()).isEqualTo(events.size());

        // The profiles and lifecycles in PostgreSQL: the batch engine's at their times, and
        // exactly its customers once every merge has happened.
        List<CustomerProfile> profiles = store.profiles();
        assertThat(profiles).hasSizeGreaterThan(10);
        Map<String, Lifecycle> lifecycles = store.lifecycles();
        BatchAt batch = new BatchAt(events);
        long latest = 0;
        for (CustomerProfile p : profiles) {
          batch.assertSame(p, lifecycles.get(p.customerId()));
          latest = Math.max(latest, p.asOf().getEpochSecond());
        }
        assertThat(profiles.stream().map(CustomerProfile::customerId))
            .containsExactlyInAnyOrderElementsOf(batch.customerIds(latest));
        assertThat(lifecycles.keySet())
            .containsExactlyInAnyOrderElementsOf(
                profiles.stream().map(CustomerProfile::customerId).toList());

        // Each transition of those lifecycles is on the topic, and none twice.
        Set<String> onTopic = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : kafka.readCommitted(TRANSITIONS)) {
          JsonNode n = json.readTree(r.value());
          String key =
              n.get("customer_id").asText()
                  + " "
                  + n.get("from").asText()
                  + " "
                  + n.get("to").asText()
                  + " "
                  + n.get("at").asText()
                  + " "
                  + n.get("cause").asText();
          assertThat(new String(r.key(), StandardCharsets.UTF_8))
              .isEqualTo(n.get("customer_id").asText());
          assertThat(onTopic.add(key)).as("once: " + key).isTrue();
        }
        assertThat(onTopic).hasSizeGreaterThan(profiles.size());
        for (Map.Entry<String, Lifecycle> l : lifecycles.entrySet()) {
          for (StageTransition t : l.getValue().transitions()) {
            assertThat(onTopic)
                .contains(
                    l.getKey()
                        + " "
                        + (t.from() == null ? "null" : t.from().id())
                        + " "
                        + t.to().id()
                        + " "
                        + t.at()
                        + " "
                        + t.cause());
          }
        }

        // Each purchase fired the event trigger once, committed once.
        List<String> fired = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : kafka.readCommitted(TRIGGERS)) {
          fired.add(json.readTree(r.value()).get("delivery_id").asText().replaceAll(".*\\|", ""));
        }
        assertThat(fired)
            .containsExactlyInAnyOrderElementsOf(
                events.stream()
                    .filter(e -> e.kind() == Kind.PURCHASE)
                    .map(Interaction::eventId)
                    .toList());

        // rapport serve on that PostgreSQL answers the 360 of the job's customers.
        String key = ApiKeys.open(dir).create(EnumSet.of(Role.READ), "test");
        try (RapportServer server =
            RapportServer.start(
                dir, RapportConfig.defaults(), store, ServerSettings.defaults().withPort(0))) {
          assertThat(server.engine().customerCount()).isEqualTo(profiles.size());
          HttpClient http = HttpClient.newHttpClient();
          for (CustomerProfile p : profiles.subList(0, 5)) {
            HttpResponse<String> r =
                http.send(
                    HttpRequest.newBuilder(
                            URI.create(
                                "http://127.0.0.1:"
                                    + server.port()
                                    + "/v1/customers/"
                                    + URLEncoder.encode(p.customerId(), StandardCharsets.UTF_8)))
                        .header("Authorization", "Bearer " + key)
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode body = json.readTree(r.body());
            assertThat(body.get("customer_id").asText()).isEqualTo(p.customerId());
          }
        }
      }
    } finally {
      TestPostgres.dropSchema(schema);
    }
  }
}
