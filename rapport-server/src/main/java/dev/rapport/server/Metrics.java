package dev.rapport.server;

import dev.rapport.core.engine.LiveEngine;
import dev.rapport.core.lifecycle.Stage;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The server's Prometheus metrics, served at {@code /metrics} in the text format. Durations are in
 * seconds and counters end in {@code _total}, as Prometheus names them.
 */
final class Metrics {
  static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

  private static final double[] LATENCY =
      new double[] {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

  private final Counter requests =
      Counter.builder()
          .name("rapport_http_requests_total")
          .help("HTTP requests served, by route and status")
          .labelNames("method", "route", "status")
          .register(registry);
  private final Histogram requestSeconds =
      Histogram.builder()
          .name("rapport_http_request_duration_seconds")
          .help("Time to serve an HTTP request, by route")
          .labelNames("method", "route")
          .classicOnly()
          .classicUpperBounds(LATENCY)
          .register(registry);
  private final Counter received =
      Counter.builder()
          .name("rapport_events_received_total")
          .help("Events received by POST /v1/events, by result: accepted, duplicate, rejected")
          .labelNames("result")
          .register(registry);
  private final Histogram commitSeconds =
      Histogram.builder()
          .name("rapport_ingest_commit_duration_seconds")
          .help("Time to commit one group of ingested events to the store (one WAL sync)")
          .classicOnly()
          .classicUpperBounds(LATENCY)
          .register(registry);
  private final Histogram commitEvents =
      Histogram.builder()
          .name("rapport_ingest_commit_events")
          .help("Events per group commit")
          .classicOnly()
          .classicUpperBounds(1, 10, 100, 1_000, 10_000, 100_000)
          .register(registry);
  private final Histogram foldSeconds =
      Histogram.builder()
          .name("rapport_ingest_link_duration_seconds")
          .help(
              "Time to link one committed group into the live customers (identities and histories)")
          .classicOnly()
          .classicUpperBounds(LATENCY)
          .register(registry);
  private final Counter unresolved =
      Counter.builder()
          .name("rapport_events_unresolved_total")
          .help("Stored events that belong to nobody: every identifier on the blocklist")
          .register(registry);
  private final Counter webhooks =
      Counter.builder()
          .name("rapport_webhook_deliveries_total")
          .help("Webhook delivery attempts, by result: delivered, failed, dead_lettered")
          .labelNames("result")
          .register(registry);

  private final Counter transitions =
      Counter.builder()
          .name("rapport_stage_transitions_total")
          .help(
              "Lifecycle stage transitions seen by the change feed, by stage left and entered"
                  + " (the feed runs when triggers are configured)")
          .labelNames("from", "to")
          .register(registry);

  Metrics(LiveEngine engine) {
    GaugeWithCallback.builder()
        .name("rapport_change_feed_lag")
        .help("Customers touched by ingest and not yet folded for the change feed")
        .callback(cb -> cb.call(engine.pendingChanges()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("rapport_customers")
        .help("Customers held by the live engine")
        .callback(cb -> cb.call(engine.customerCount()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("rapport_events")
        .help("Events held by the live engine")
        .callback(cb -> cb.call(engine.eventCount()))
        .register(registry);
  }

  void request(String method, String route, int status, long nanos) {
    requests.labelValues(method, route, Integer.toString(status)).inc();
    requestSeconds.labelValues(method, route).observe(nanos / 1e9);
  }

  void received(int accepted, int duplicates, int rejected) {
    received.labelValues("accepted").inc(accepted);
    received.labelValues("duplicate").inc(duplicates);
    received.labelValues("rejected").inc(rejected);
  }

  void committed(int events, long nanos) {
    commitSeconds.observe(nanos / 1e9);
    commitEvents.observe(events);
  }

  void linked(LiveEngine.Update update, long nanos) {
    foldSeconds.observe(nanos / 1e9);
    unresolved.inc(update.unresolved());
  }

  /** Counts the stage changes in a batch of the change feed. */
  void changes(List<LiveEngine.Change> changes) {
    for (LiveEngine.Change c : changes) {
      Stage before = c.before() == null ? null : c.before().stage();
      Stage after = c.after().stage();
      if (after != null && after != before) {
        transitions.labelValues(before == null ? "none" : before.id(), after.id()).inc();
      }
    }
  }

  void webhook(String result) {
    webhooks.labelValues(result).inc();
  }

  /** The text exposition of every metric. */
  byte[] scrape() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    try {
      writer.write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
