package dev.rapport.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.rapport.core.config.RapportConfig;
import dev.rapport.store.Store;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Triggers and webhooks against a real receiver over HTTP. */
class WebhookTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One POST the receiver got. */
  record Received(String path, String body, String delivery, String attempt, String signature) {}

  @TempDir Path dir;
  private HttpServer receiver;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private Store store;
  private RapportServer server;
  private String key;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/",
        ex -> {
          String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          received.add(
              new Received(
                  ex.getRequestURI().getPath(),
                  body,
                  ex.getRequestHeaders().getFirst("X-Rapport-Delivery"),
                  ex.getRequestHeaders().getFirst("X-Rapport-Attempt"),
                  ex.getRequestHeaders().getFirst("X-Rapport-Signature")));
          ex.sendResponseHeaders(ex.getRequestURI().getPath().equals("/ok") ? 204 : 503, -1);
          ex.close();
        });
    receiver.start();
    String hook = "http://127.0.0.1:" + receiver.getAddress().getPort();
    Files.writeString(
        dir.resolve("rapport.yaml"),
        String.join(
            "\n",
            "triggers:",
            "  stage_change:",
            "    on: stage",
            "    webhook: " + hook + "/ok",
            "    secret: shh",
            "  broken_crm:",
            "    on: stage",
            "    stage: acquisition",
            "    webhook: " + hook + "/fail",
            "    attempts: 3",
            "    backoff: 50ms",
            "  complaint:",
            "    on: event",
            "    kind: complaint",
            "    when: 'purchases >= 1'",
            "    webhook: " + hook + "/ok",
            "  quiet:",
            "    on: silence",
            "    days: 10",
            "    webhook: " + hook + "/ok",
            ""));
    store = Store.openDuckDb(dir.resolve("rapport.duckdb"));
    key = ApiKeys.open(dir).create(EnumSet.of(Role.INGEST), "test");
    server =
        RapportServer.start(
            dir,
            RapportConfig.defaults(),
            store,
            ServerSettings.defaults().withPort(0).withTriggerTick(Duration.ofMillis(50)));
  }

  @AfterEach
  void stop() {
    server.close();
    store.close();
    receiver.stop(0);
  }

  private void post(String... lines) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/events"))
                .header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString(String.join("\n", lines)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  private static String event(String id, String day, String kind, String customer) {
    return "{\"event_id\":\""
        + id
        + "\",\"ts\":\"2026-05-"
        + day
        + "T10:00:00Z\",\"channel\":\"web\",\"kind\":\""
        + kind
        + "\""
        + (kind.equals("purchase") ? ",\"value\":40" : "")
        + ",\"identifiers\":{\"customer_id\":\""
        + customer
        + "\"}}";
  }

  private static void await(BooleanSupplier done, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  private List<Received> to(String path) {
    return received.stream().filter(r -> r.path().equals(path)).toList();
  }

  @Test
  void stageTransition_reachesTheReceiver_signed_andAFailingReceiverIsRetriedThenDeadLettered()
      throws Exception {
    post(event("a1", "01", "signup", "A"));
    await(() -> to("/ok").size() == 1, "the webhook of A's first stage");
    post(
        event("a2", "02", "purchase", "A"),
        event("a3", "03", "response", "A"),
        event("a4", "04", "purchase", "A"));
    await(() -> to("/ok").size() == 2, "the webhook of A's stage change");

    JsonNode change = JSON.readTree(to("/ok").get(1).body());
    assertThat(change.get("trigger").asText()).isEqualTo("stage_change");
    assertThat(change.get("customer_id").asText()).isEqualTo("A");
    assertThat(change.get("previous_stage").asText()).isEqualTo("acquisition");
    assertThat(change.get("stage").asText()).isNotEqualTo("acquisition");
    assertThat(change.at("/customer/purchases").asInt()).isEqualTo(2);
    assertThat(change.at("/customer/next_best_action/action").asText()).isIn("contact", "none");
    Received first = to("/ok").get(1);
    assertThat(first.signature()).isEqualTo("sha256=" + Webhooks.hmac("shh", first.body()));
    assertThat(first.delivery()).isEqualTo(change.get("delivery_id").asText());

    // The failing receiver: three attempts, then the dead-letter log, with the body.
    await(() -> to("/fail").size() == 3, "three attempts at the failing receiver");
    Path dead = dir.resolve("webhooks").resolve(Webhooks.DEAD_LETTER);
    await(() -> Files.exists(dead), "the dead letter");
    Thread.sleep(300); // no fourth attempt comes
    assertThat(to("/fail")).extracting(Received::attempt).containsExactly("1", "2", "3");
    List<String> letters = Files.readAllLines(dead);
    assertThat(letters).hasSize(1);
    JsonNode letter = JSON.readTree(letters.get(0));
    assertThat(letter.get("trigger").asText()).isEqualTo("broken_crm");
    assertThat(letter.get("error").asText()).contains("503");
    assertThat(JSON.readTree(letter.get("body").asText()).get("customer_id").asText())
        .isEqualTo("A");
    List<String> outbox =
        Files.readAllLines(dir.resolve("webhooks").resolve(Webhooks.OUTBOX)).stream()
            .filter(l -> l.contains("broken_crm"))
            .map(l -> l.replaceAll(".*\"state\":\"(\\w+)\".*", "$1"))
            .toList();
    assertThat(outbox).containsExactly("queued", "failed", "failed", "failed", "dead");
  }

  @Test
  void eventTrigger_honoursItsCondition_andSilenceFiresWhenDue() throws Exception {
    post(event("b1", "01", "complaint", "B")); // no purchase yet: the condition fails
    post(event("c1", "01", "purchase", "C"), event("c2", "02", "complaint", "C"));
    await(
        () -> received.stream().anyMatch(r -> r.body().contains("\"trigger\":\"complaint\"")),
        "the complaint webhook");
    Thread.sleep(200);
    List<JsonNode> complaints =
        received.stream()
            .filter(r -> r.body().contains("\"trigger\":\"complaint\""))
            .map(r -> json(r.body()))
            .toList();
    assertThat(complaints).hasSize(1);
    assertThat(complaints.get(0).get("customer_id").asText()).isEqualTo("C");
    assertThat(complaints.get(0).at("/event/event_id").asText()).isEqualTo("c2");

    // Time moves with the events: D's event on the 20th makes B's and C's silences due.
    post(event("d1", "20", "signup", "D"));
    await(
        () ->
            received.stream().filter(r -> r.body().contains("\"trigger\":\"quiet\"")).count() == 2,
        "the silence webhooks");
    List<String> quiet =
        received.stream()
            .filter(r -> r.body().contains("\"trigger\":\"quiet\""))
            .map(r -> json(r.body()).get("customer_id").asText())
            .sorted()
            .toList();
    assertThat(quiet).containsExactly("B", "C");
  }

  private static JsonNode json(String s) {
    try {
      return JSON.readTree(s);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
