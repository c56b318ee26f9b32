package dev.rapport.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.analytics.trigger.TriggerRule;
import dev.rapport.io.AtomicFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Webhook deliveries with an outbox: a trigger's POST is written to {@code webhooks/outbox.jsonl}
 * before it is sent, and every attempt's result after, so a delivery survives a restart and none is
 * sent twice by the server's own doing. A failed POST (no answer, or not 2xx) is tried again after
 * the rule's backoff, doubling each time up to ten minutes; after the rule's last attempt it is
 * dead-lettered to {@code webhooks/dead-letter.jsonl} with the body and the last error, to be
 * replayed by hand. Receivers should treat {@code X-Rapport-Delivery} as an idempotency key:
 * delivery is at least once (a receiver that took the POST and then failed to answer gets it
 * again).
 */
final class Webhooks implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Webhooks.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(10);
  static final String OUTBOX = "outbox.jsonl";
  static final String DEAD_LETTER = "dead-letter.jsonl";

  private final Path dir;
  private final Map<String, TriggerRule> rules;
  private final Metrics metrics;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final DelayQueue<Attempt> queue = new DelayQueue<>();
  private final Set<String> known = ConcurrentHashMap.newKeySet();
  private final Semaphore inFlight = new Semaphore(16);
  private final Thread sender;
  private volatile boolean running = true;

  /** One try of one delivery, due at a time. */
  private record Attempt(String id, TriggerRule rule, String body, int number, long dueNanos)
      implements Delayed {
    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed o) {
      return Long.compare(dueNanos, ((Attempt) o).dueNanos);
    }
  }

  Webhooks(Path dir, List<TriggerRule> rules, Metrics metrics) {
    this.dir = dir;
    this.rules = new HashMap<>();
    rules.forEach(r -> this.rules.put(r.name(), r));
    this.metrics = metrics;
    recover();
    this.sender = new Thread(this::send, "rapport-webhooks");
    sender.setDaemon(true);
    sender.start();
  }

  /** Whether a delivery with this id was ever queued. */
  boolean known(String id) {
    return known.contains(id);
  }

  /** Queues a delivery, unless one with its id was queued before; returns whether it was new. */
  synchronized boolean fire(String id, TriggerRule rule, Map<String, Object> payload) {
    if (!known.add(id)) {
      return false;
    }
    String body;
    try {
      body = JSON.writeValueAsString(payload);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, Object> line = record(id, rule, "queued", 0);
    line.put("body", body);
    append(OUTBOX, line);
    queue.add(new Attempt(id, rule, body, 1, System.nanoTime()));
    return true;
  }

  /** Re-queues the deliveries the outbox shows neither delivered nor dead-lettered. */
  private void recover() {
    Path file = dir.resolve(OUTBOX);
    if (!Files.exists(file)) {
      return;
    }
    Map<String, JsonNode> queued = new LinkedHashMap<>();
    Map<String, Integer> tries = new HashMap<>();
    try {
      for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (l.isBlank()) {
          continue;
        }
        JsonNode n;
        try {
          n = JSON.readTree(l);
        } catch (IOException torn) {
          continue; // a line cut by a crash: its delivery was never acknowledged as queued
        }
        String id = n.path("id").asText();
        known.add(id);
        switch (n.path("state").asText()) {
          case "queued" -> queued.put(id, n);
          case "failed" -> tries.merge(id, 1, Integer::sum);
          default -> queued.remove(id); // delivered or dead
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    queued.forEach(
        (id, n) -> {
          TriggerRule rule = rules.get(n.path("trigger").asText());
          if (rule == null) {
            LOG.warn(
                "delivery {} is for trigger {} which no longer exists; left queued",
                id,
                n.path("trigger").asText());
            return;
          }
          queue.add(
              new Attempt(
                  id,
                  rule,
                  n.path("body").asText(),
                  tries.getOrDefault(id, 0) + 1,
                  System.nanoTime()));
        });
  }

  private void send() {
    while (running) {
      Attempt a;
      try {
        a = queue.take();
        inFlight.acquire();
      } catch (InterruptedException e) {
        return;
      }
      HttpRequest.Builder req =
          HttpRequest.newBuilder(a.rule().webhook())
              .timeout(Duration.ofSeconds(10))
              .header("Content-Type", "application/json")
              .header("User-Agent", "rapport-webhooks")
              .header("X-Rapport-Trigger", a.rule().name())
              .header("X-Rapport-Delivery", a.id())
              .header("X-Rapport-Attempt", Integer.toString(a.number()))
              .POST(HttpRequest.BodyPublishers.ofString(a.body()));
      if (a.rule().secret() != null) {
        req.header("X-Rapport-Signature", "sha256=" + hmac(a.rule().secret(), a.body()));
      }
      http.sendAsync(req.build(), HttpResponse.BodyHandlers.discarding())
          .whenComplete(
              (r, e) -> {
                inFlight.release();
                if (e == null && r.statusCode() / 100 == 2) {
                  delivered(a, r.statusCode());
                } else {
                  failed(a, e == null ? "HTTP " + r.statusCode() : e.toString());
                }
              });
    }
  }

  private void failed(Attempt a, String error) {
    Map<String, Object> line = record(a.id(), a.rule(), "failed", a.number());
    line.put("error", error);
    append(OUTBOX, line);
    metrics.webhook("failed");
    if (a.number() >= a.rule().attempts()) {
      Map<String, Object> dead = record(a.id(), a.rule(), "dead", a.number());
      dead.put("error", error);
      append(OUTBOX, dead);
      dead.put("webhook", a.rule().webhook().toString());
      dead.put("body", a.body());
      append(DEAD_LETTER, dead);
      metrics.webhook("dead_lettered");
      LOG.warn(
          "webhook delivery {} dead-lettered after {} attempts: {}", a.id(), a.number(), error);
      return;
    }
    long wait =
        Math.min(
            MAX_BACKOFF.toNanos(), a.rule().backoff().toNanos() << Math.min(30, a.number() - 1));
    queue.add(new Attempt(a.id(), a.rule(), a.body(), a.number() + 1, System.nanoTime() + wait));
  }

  private void delivered(Attempt a, int status) {
    Map<String, Object> line = record(a.id(), a.rule(), "delivered", a.number());
    line.put("status", status);
    append(OUTBOX, line);
    metrics.webhook("delivered");
  }

  private static Map<String, Object> record(String id, TriggerRule rule, String state, int n) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("trigger", rule.name());
    m.put("state", state);
    m.put("attempt", n);
    m.put("at", Instant.now().toString());
    return m;
  }

  /** Deliveries queued or waiting for a retry. */
  int pending() {
    return queue.size() + (16 - inFlight.availablePermits());
  }

  private synchronized void append(String name, Map<String, Object> line) {
    try {
      Files.createDirectories(dir);
      try (BufferedWriter w =
          Files.newBufferedWriter(
              dir.resolve(name),
              StandardCharsets.UTF_8,
              StandardOpenOption.CREATE,
              StandardOpenOption.APPEND)) {
        w.write(JSON.writeValueAsString(line));
        w.write('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve(name), e);
    }
  }

  /**
   * Drops a customer's deliveries: the queued ones, and their lines in the outbox and the dead
   * letters (the ids and bodies name the customer). Returns the lines dropped.
   */
  synchronized long erase(String customerId) {
    String mark = "|" + customerId + "|";
    queue.removeIf(a -> a.id().contains(mark));
    long dropped = 0;
    for (String name : List.of(OUTBOX, DEAD_LETTER)) {
      Path f = dir.resolve(name);
      if (!Files.exists(f)) {
        continue;
      }
      try {
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        List<String> kept = lines.stream().filter(l -> !l.contains(mark)).toList();
        dropped += lines.size() - kept.size();
        AtomicFiles.write(f, kept);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot erase from " + f, e);
      }
    }
    return dropped;
  }

  /** A customer's deliveries, as the outbox records them (for an export). */
  synchronized List<JsonNode> deliveries(String customerId) {
    String mark = "|" + customerId + "|";
    Path f = dir.resolve(OUTBOX);
    if (!Files.exists(f)) {
      return List.of();
    }
    try {
      List<JsonNode> out = new java.util.ArrayList<>();
      for (String l : Files.readAllLines(f, StandardCharsets.UTF_8)) {
        if (l.contains(mark)) {
          out.add(JSON.readTree(l));
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + f, e);
    }
  }

  static String hmac(String secret, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no HmacSHA256", e);
    }
  }

  @Override
  public void close() {
    running = false;
    sender.interrupt();
  }
}
