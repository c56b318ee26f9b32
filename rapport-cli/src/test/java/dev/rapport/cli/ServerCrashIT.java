package dev.rapport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.server.ApiKeys;
import dev.rapport.server.Role;
import dev.rapport.store.Store;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety of {@code rapport serve}: a server process is killed with SIGKILL in the middle of a
 * sustained ingest, restarted on the same workspace, and every event it had acknowledged is there,
 * exactly once; the batches in flight at the kill can be sent again without double counting.
 */
class ServerCrashIT {
  private static final Pattern LISTENING = Pattern.compile("on http://127\\.0\\.0\\.1:(\\d+)/");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int BATCH = 500;

  @TempDir Path dir;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** A running child server and its port. */
  private record Child(Process process, int port) {}

  private Child serve() throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx1g",
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "serve",
            "--workspace",
            dir.toString(),
            "--port",
            "0");
    pb.redirectErrorStream(true);
    Process p = pb.start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    String line;
    while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
      seen.append(line).append('\n');
      Matcher m = LISTENING.matcher(line);
      if (m.find()) {
        Thread drain =
            new Thread(
                () -> {
                  try {
                    out.transferTo(java.io.Writer.nullWriter());
                  } catch (IOException ignored) {
                    // the process died: expected
                  }
                });
        drain.setDaemon(true);
        drain.start();
        return new Child(p, Integer.parseInt(m.group(1)));
      }
    }
    p.destroyForcibly();
    throw new AssertionError("the server did not start:\n" + seen);
  }

  private static String batch(int b) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < BATCH; i++) {
      int n = b * BATCH + i;
      s.append("{\"event_id\":\"k")
          .append(n)
          .append("\",\"ts\":\"2026-01-01T00:00:00Z\",\"channel\":\"web\",\"kind\":\"")
          .append(n % 7 == 0 ? "purchase\",\"value\":12.5" : "signup\"")
          .append(",\"identifiers\":{\"customer_id\":\"c")
          .append(n % 997)
          .append("\"}}\n");
    }
    return s.toString();
  }

  private HttpResponse<String> post(int port, String key, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/events"))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + key)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void sigkillDuringSustainedIngest_losesNoAcknowledgedEvent_andCountsNoneTwice() throws Exception {
    assertThat(Main.execute("init", dir.toString())).isZero();
    String key = ApiKeys.open(dir).create(EnumSet.of(Role.INGEST), "crash test");
    Child first = serve();

    // Four writers send batches without pause; each batch's ids are acknowledged when a 200
    // arrives. The kill comes while they are sending.
    Set<Integer> acked = java.util.concurrent.ConcurrentHashMap.newKeySet();
    Set<Integer> sent = java.util.concurrent.ConcurrentHashMap.newKeySet();
    AtomicBoolean stop = new AtomicBoolean();
    java.util.concurrent.atomic.AtomicInteger next =
        new java.util.concurrent.atomic.AtomicInteger();
    List<CompletableFuture<Void>> writers = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      writers.add(
          CompletableFuture.runAsync(
              () -> {
                while (!stop.get()) {
                  int b = next.getAndIncrement();
                  sent.add(b);
                  try {
                    HttpResponse<String> r = post(first.port(), key, batch(b));
                    if (r.statusCode() == 200) {
                      acked.add(b);
                    }
                  } catch (Exception e) {
                    return; // the server is gone
                  }
                }
              }));
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (acked.size() < 40 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    first.process().destroyForcibly(); // SIGKILL: no shutdown hook runs
    assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
    stop.set(true);
    CompletableFuture.allOf(writers.toArray(new CompletableFuture[0])).get(60, TimeUnit.SECONDS);
    assertThat(acked).hasSizeGreaterThanOrEqualTo(40);
    System.out.printf(
        "ServerCrashIT: killed with %d events acknowledged, %d sent but unanswered%n",
        acked.size() * BATCH, (sent.size() - acked.size()) * BATCH);

    // Restart; send every batch again that was not acknowledged (the client's retry).
    Child second = serve();
    int accepted = 0;
    int duplicates = 0;
    for (int b : sent) {
      if (!acked.contains(b)) {
        JsonNode r = JSON.readTree(post(second.port(), key, batch(b)).body());
        accepted += r.get("accepted").asInt();
        duplicates += r.get("duplicates").asInt();
      }
    }
    // And one acknowledged batch again: all duplicates.
    int someAcked = acked.iterator().next();
    JsonNode again = JSON.readTree(post(second.port(), key, batch(someAcked)).body());
    assertThat(again.get("duplicates").asInt()).isEqualTo(BATCH);
    JsonNode health =
        JSON.readTree(
            http.send(
                    HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + second.port() + "/health"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body());
    second.process().destroy(); // SIGTERM: a clean stop
    assertThat(second.process().waitFor(60, TimeUnit.SECONDS)).isTrue();

    Map<String, Integer> stored = new HashMap<>();
    try (Store store = Store.openDuckDb(dir.resolve(Workspace.DATABASE))) {
      store.forEachEvent(null, e -> stored.merge(e.eventId(), 1, Integer::sum));
    }
    for (int b : acked) {
      for (int i = 0; i < BATCH; i++) {
        assertThat(stored.get("k" + (b * BATCH + i)))
            .as("acknowledged event k%d", b * BATCH + i)
            .isEqualTo(1);
      }
    }
    assertThat(stored.values()).allMatch(n -> n == 1);
    assertThat(stored).hasSize(sent.size() * BATCH); // every batch sent is now in, once
    assertThat(accepted + duplicates).isEqualTo((sent.size() - acked.size()) * BATCH);
    assertThat(health.get("events").asLong()).isEqualTo((long) sent.size() * BATCH);
    Set<String> unexpected = new HashSet<>(stored.keySet());
    sent.forEach(
        b -> {
          for (int i = 0; i < BATCH; i++) {
            unexpected.remove("k" + (b * BATCH + i));
          }
        });
    assertThat(unexpected).isEmpty();
  }
}
