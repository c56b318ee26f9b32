package dev.rapport.server;

import dev.rapport.analytics.trigger.TriggerRule;
import dev.rapport.analytics.trigger.TriggerRules;
import dev.rapport.core.Identifier;
import dev.rapport.core.Interaction;
import dev.rapport.core.config.RapportConfig;
import dev.rapport.core.engine.LiveCustomer;
import dev.rapport.core.engine.LiveEngine;
import dev.rapport.core.identity.IdentityRules;
import dev.rapport.store.Store;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.security.RouteRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code rapport serve}: the HTTP API over a workspace. At start it loads every stored event into
 * the {@link LiveEngine}; from then on events arrive through {@code POST /v1/events}, are stored
 * (durably, before the answer) and added to their customers' histories, and reads are served from
 * memory, each customer folded through the batch engine's code when read (docs/SERVER.md).
 *
 * <p>Every endpoint except {@code /health} needs an API key ({@link ApiKeys}) with a role the
 * endpoint accepts. Errors are JSON, {@code {"error": {"code", "message", "request_id"}}}, with a
 * stable code and never a stack trace; the log has the detail under the same request id.
 */
public final class RapportServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RapportServer.class);
  private static final int LOAD_CHUNK = 4096;
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private final Path workspace;
  private final RapportConfig config;
  private final ServerSettings settings;
  private final Store store;
  private final ApiKeys keys;
  private final LiveEngine engine;
  private final Metrics metrics;
  private final Rejects rejects;
  private final Ingestor ingestor;
  private final Assets assets = new Assets();
  private final Views views;
  private final ChangeFeed changes;
  private final Webhooks webhooks;
  private final Triggers triggers;
  private final ScheduledExecutorService background;
  private volatile Population population;
  private final Identities identities;
  private final LiveKpis liveKpis;
  private Javalin app;

  private RapportServer(
      Path workspace, RapportConfig config, Store store, ServerSettings settings) {
    this.workspace = workspace;
    // The rules decided by hand are the server's to change: it reads them from the workspace.
    this.config = config.withIdentity(config.identity().withRules(Identities.load(workspace)));
    this.settings = settings;
    this.store = store;
    this.keys = ApiKeys.open(workspace);
    this.engine = new LiveEngine(this.config, settings.wallClock() ? Instant::now : null);
    this.metrics = new Metrics(engine);
    this.rejects = new Rejects(workspace.resolve("rejects").resolve(Rejects.FILE_NAME));
    load();
    this.population = Population.of(engine, null);
    this.ingestor = new Ingestor(store, engine, metrics, settings.maxCommit());
    this.views = new Views(engine, this.config, () -> population);
    this.identities = new Identities(workspace, engine, this::find);
    this.liveKpis =
        new LiveKpis(() -> await(ingestor.run(engine::freeze)), () -> population, this.config);
    this.changes = new ChangeFeed(engine);
    changes.listen(metrics::changes);
    Path yaml = workspace.resolve("rapport.yaml");
    List<TriggerRule> rules = Files.exists(yaml) ? TriggerRules.load(yaml) : List.of();
    Path hooksDir = workspace.resolve("webhooks");
    this.webhooks = new Webhooks(hooksDir, rules, metrics);
    this.triggers =
        new Triggers(
            rules,
            webhooks,
            engine,
            c -> CustomerJson.brief(c, population, this.config),
            hooksDir,
            settings.triggerTick());
    changes.listen(triggers);
    // Without triggers nothing needs every touched customer folded at once: they fold when read.
    engine.feedChanges(!rules.isEmpty());
    if (!rules.isEmpty()) {
      changes.start();
    }
    this.background =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "rapport-population");
              t.setDaemon(true);
              return t;
            });
    long every = settings.populationRefresh().toMillis();
    background.scheduleWithFixedDelay(this::refitPopulation, every, every, TimeUnit.MILLISECONDS);
    // The value models first at once (in the background: start-up does not wait), then hourly,
    // or as often as the other references when those are refitted more often (tests).
    long valueEvery = Math.min(every, java.time.Duration.ofHours(1).toMillis());
    background.scheduleWithFixedDelay(this::refitValue, 0, valueEvery, TimeUnit.MILLISECONDS);
  }

  /**
   * Loads the workspace's events and starts serving.
   *
   * @param workspace the workspace folder (keys and rejects live there)
   * @param store the workspace's store, open; the server uses it until closed, and does not close
   *     it
   */
  public static RapportServer start(
      Path workspace, RapportConfig config, Store store, ServerSettings settings) {
    RapportServer s = new RapportServer(workspace, config, store, settings);
    s.app = s.routes().start(settings.host(), settings.port());
    return s;
  }

  /** The port the server listens on (the free one picked when the settings said 0). */
  public int port() {
    return app.port();
  }

  public ApiKeys keys() {
    return keys;
  }

  public LiveEngine engine() {
    return engine;
  }

  private void load() {
    long start = System.nanoTime();
    List<Interaction> all = new ArrayList<>();
    store.forEachEvent(null, all::add);
    // Linked chunk by chunk: each chunk is sorted on its own, already in order from the store.
    List<List<Interaction>> chunks = new ArrayList<>();
    for (int i = 0; i < all.size(); i += LOAD_CHUNK) {
      chunks.add(all.subList(i, Math.min(all.size(), i + LOAD_CHUNK)));
    }
    engine.load(chunks, Math.max(1, Runtime.getRuntime().availableProcessors()));
    LOG.info(
        "loaded {} events of {} customers in {} ms",
        engine.eventCount(),
        engine.customerCount(),
        (System.nanoTime() - start) / 1_000_000);
  }

  private void refitPopulation() {
    try {
      Population next = Population.of(engine, population.value);
      synchronized (this) {
        population = next.with(population.value);
      }
    } catch (RuntimeException e) {
      LOG.error("could not refit the population references; keeping the last ones", e);
    }
  }

  private void refitValue() {
    try {
      Population.ValueFit fit = Population.ValueFit.of(engine, config);
      synchronized (this) {
        population = population.with(fit);
      }
    } catch (RuntimeException e) {
      LOG.error("could not refit the lifetime-value models; keeping the last ones", e);
    }
  }

  private Javalin routes() {
    return Javalin.create(
        cfg -> {
          cfg.startup.showJavalinBanner = false;
          cfg.http.maxRequestSize = settings.maxBodyBytes();
          cfg.requestLogger.http(
              (ctx, ms) ->
                  metrics.request(
                      ctx.method().name(), route(ctx), ctx.statusCode(), (long) (ms * 1_000_000)));
          cfg.routes.before(
              ctx -> {
                String id = UUID.randomUUID().toString();
                ctx.attribute("request_id", id);
                ctx.header("X-Request-Id", id);
              });
          cfg.routes.beforeMatched(this::authorize);
          cfg.routes.get("/health", this::health, Role.PUBLIC);
          // The dashboard and the API page are static shells with no data in them: public. Their
          // scripts ask for a key and send it with every data request.
          cfg.routes.get("/", ctx -> page(ctx, "/rapport-ui/index.html", "text/html"), Role.PUBLIC);
          cfg.routes.get(
              "/app.js", ctx -> page(ctx, "/rapport-ui/app.js", "text/javascript"), Role.PUBLIC);
          cfg.routes.get(
              "/app.css", ctx -> page(ctx, "/rapport-ui/app.css", "text/css"), Role.PUBLIC);
          cfg.routes.get(
              "/docs", ctx -> page(ctx, "/rapport-ui/docs.html", "text/html"), Role.PUBLIC);
          cfg.routes.get("/assets/echarts.min.js", assets::echarts, Role.PUBLIC);
          cfg.routes.get("/assets/swagger-ui-bundle.js", assets::swaggerJs, Role.PUBLIC);
          cfg.routes.get("/assets/swagger-ui.css", assets::swaggerCss, Role.PUBLIC);
          cfg.routes.get(
              "/openapi.json",
              ctx ->
                  ctx.contentType("application/json")
                      .result(Assets.resource("/rapport-ui/openapi.json")),
              Role.READ,
              Role.INGEST);
          cfg.routes.get("/v1/overview", ctx -> ctx.json(views.overview()), Role.READ);
          cfg.routes.get("/v1/customers", this::search, Role.READ);
          cfg.routes.get(
              "/v1/segments", ctx -> ctx.json(Map.of("segments", views.segments())), Role.READ);
          cfg.routes.get(
              "/v1/segments/{name}",
              ctx ->
                  ctx.json(
                      views.members(
                          ctx.pathParam("name"),
                          intParam(ctx, "limit", 100, 1, 10_000),
                          intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE))),
              Role.READ);
          cfg.routes.get("/v1/kpis", this::kpis, Role.READ);
          cfg.routes.post("/v1/identities/merge", this::merge, Role.ADMIN);
          cfg.routes.post("/v1/identities/unmerge", this::unmerge, Role.ADMIN);
          cfg.routes.get("/v1/identities/rules", this::identityRules, Role.READ);
          cfg.routes.get("/metrics", this::scrape, Role.READ);
          cfg.routes.post("/v1/events", this::ingest, Role.INGEST);
          cfg.routes.get("/v1/customers/{id}", this::customer, Role.READ);
          cfg.routes.put("/v1/customers/{id}/consent", this::consent, Role.INGEST);
          cfg.routes.get("/v1/customers/{id}/export", this::export, Role.ADMIN);
          cfg.routes.delete("/v1/customers/{id}", this::erase, Role.ADMIN);
          cfg.routes.exception(
              ApiException.class, (e, ctx) -> error(ctx, e.status(), e.code(), e.getMessage()));
          cfg.routes.exception(
              HttpResponseException.class,
              (e, ctx) -> error(ctx, e.getStatus(), codeOf(e.getStatus()), e.getMessage()));
          cfg.routes.exception(
              Exception.class,
              (e, ctx) -> {
                LOG.error("request {} {} failed ({})", ctx.method(), ctx.path(), requestId(ctx), e);
                error(ctx, 500, "internal_error", "internal error; the server log has the detail");
              });
          cfg.routes.error(
              404,
              ctx -> {
                if (ctx.result() == null || ctx.result().isEmpty()) {
                  error(ctx, 404, "not_found", "no endpoint " + ctx.method() + " " + ctx.path());
                }
              });
        });
  }

  private static String route(Context ctx) {
    try {
      return ctx.endpoint().path;
    } catch (RuntimeException e) {
      return "unmatched";
    }
  }

  private void authorize(Context ctx) {
    Set<RouteRole> needed = ctx.routeRoles();
    if (needed.isEmpty() || needed.contains(Role.PUBLIC)) {
      return;
    }
    String presented = ctx.header("Authorization");
    if (presented == null) {
      presented = ctx.header("X-API-Key");
    }
    Optional<ApiKeys.Key> key = keys.authenticate(presented);
    if (key.isEmpty()) {
      ctx.header("WWW-Authenticate", "Bearer");
      throw new ApiException(
          401,
          "unauthorized",
          presented == null
              ? "an API key is required: send Authorization: Bearer <key>"
              : "the API key is not valid");
    }
    if (!key.get().allows(needed)) {
      throw new ApiException(
          403,
          "forbidden",
          "the API key '"
              + key.get().id()
              + "' lacks a role this endpoint needs: one of "
              + needed.stream().map(r -> ((Role) r).id()).sorted().toList()
              + " (or admin)");
    }
    ctx.attribute("key_id", key.get().id());
  }

  private static String codeOf(int status) {
    return switch (status) {
      case 400 -> "bad_request";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 413 -> "body_too_large";
      default -> "http_" + status;
    };
  }

  private static String requestId(Context ctx) {
    String id = ctx.attribute("request_id");
    return id == null ? "" : id;
  }

  static void error(Context ctx, int status, String code, String message) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("code", code);
    e.put("message", message);
    e.put("request_id", requestId(ctx));
    ctx.status(status).json(Map.of("error", e));
  }

  private static void page(Context ctx, String resource, String type) {
    ctx.contentType(type + "; charset=utf-8").result(Assets.resource(resource));
  }

  private void search(Context ctx) {
    String q = ctx.queryParam("q");
    if (q == null || q.isBlank()) {
      throw new ApiException(
          400, "bad_parameter", "query parameter q is required: text to search for");
    }
    LiveCustomer exact;
    try {
      exact = find(q.strip());
    } catch (ApiException notFound) {
      exact = null;
    }
    ctx.json(Map.of("matches", views.search(q, intParam(ctx, "limit", 20, 1, 200), exact)));
  }

  /**
   * The KPI tables of the live population (see {@link LiveKpis}), no older than {@code max_age}
   * seconds (default 60; 0 asks for a fresh pass).
   */
  private void kpis(Context ctx) {
    LiveKpis.Computed k =
        liveKpis.current(java.time.Duration.ofSeconds(intParam(ctx, "max_age", 60, 0, 86_400)));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("source", "live");
    m.put("as_of", CustomerJson.text(k.asOf()));
    m.put("computed_at", k.computedAt().toString());
    m.put("customers", k.customers());
    m.put("compute_ms", k.millis());
    m.put("kpis", k.kpis());
    ctx.json(m);
  }

  private void health(Context ctx) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", "ok");
    m.put("events", engine.eventCount());
    m.put("customers", engine.customerCount());
    m.put("as_of", CustomerJson.text(engine.asOf()));
    ctx.json(m);
  }

  private void scrape(Context ctx) {
    ctx.contentType(Metrics.CONTENT_TYPE).result(metrics.scrape());
  }

  private void ingest(Context ctx) {
    String length = ctx.header("Content-Length");
    if (length != null && Long.parseLong(length.strip()) > settings.maxBodyBytes()) {
      throw new ApiException(
          413,
          "body_too_large",
          "the body is " + length + " bytes; at most " + settings.maxBodyBytes() + " are accepted");
    }
    EventJson.Parsed parsed = EventJson.parse(ctx.bodyAsBytes(), settings.maxBatch());
    if (!parsed.rejected().isEmpty()) {
      rejects.write(requestId(ctx), ctx.attribute("key_id"), parsed.rejected());
    }
    Ingestor.Outcome outcome =
        parsed.events().isEmpty()
            ? new Ingestor.Outcome(0, 0)
            : await(ingestor.submit(parsed.events()));
    metrics.received(outcome.accepted(), outcome.duplicates(), parsed.rejected().size());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("received", parsed.read());
    m.put("accepted", outcome.accepted());
    m.put("duplicates", outcome.duplicates());
    m.put("rejected", parsed.rejected().size());
    m.put("errors", parsed.errors());
    boolean nothingValid = parsed.read() > 0 && parsed.events().isEmpty();
    ctx.status(nothingValid ? 422 : 200).json(m);
  }

  private void customer(Context ctx) throws java.io.IOException {
    LiveCustomer c = find(ctx.pathParam("id"));
    int limit = intParam(ctx, "limit", 50, 1, 1000);
    int offset = intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
    ctx.contentType("application/json");
    CustomerJson.write(ctx.outputStream(), c, population, config, limit, offset);
  }

  /**
   * Records a consent grant or withdrawal for one channel as a {@code consent} event, through the
   * same durable ingest as any event, so the next best action honours it at once and the history
   * keeps when and where it was given.
   */
  private void consent(Context ctx) {
    LiveCustomer c = find(ctx.pathParam("id"));
    com.fasterxml.jackson.databind.JsonNode body =
        Requests.object(ctx, "{\"channel\": \"email\", \"granted\": true|false}");
    String channelText = body.path("channel").asText("");
    dev.rapport.core.Channel channel;
    try {
      channel = dev.rapport.core.Channel.parse(channelText);
    } catch (IllegalArgumentException e) {
      throw Requests.invalid("field channel value '" + channelText + "': " + e.getMessage());
    }
    if (!body.path("granted").isBoolean()) {
      throw Requests.invalid(
          "field granted value '" + body.path("granted").asText("") + "': must be true or false");
    }
    boolean granted = body.get("granted").asBoolean();
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("consent", granted ? "granted" : "withdrawn");
    if (body.hasNonNull("source")) {
      attributes.put("source", body.get("source").asText());
    }
    Interaction e =
        new Interaction(
            "consent-" + UUID.randomUUID(),
            List.of(c.identifiers().get(0)),
            Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS),
            channel,
            dev.rapport.core.Kind.CONSENT,
            null,
            null,
            null,
            null,
            0,
            0,
            Double.NaN,
            null,
            attributes);
    await(ingestor.submit(List.of(e)));
    LiveCustomer now = find(c.id());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("customer_id", now.id());
    m.put("channel", channel.id());
    m.put(
        "consent", now.fold().contact().consent(channel).name().toLowerCase(java.util.Locale.ROOT));
    m.put("event_id", e.eventId());
    ctx.json(m);
  }

  /** Everything Rapport holds about a customer, for a subject-access request. */
  private void export(Context ctx) {
    LiveCustomer c = find(ctx.pathParam("id"));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("exported_at", Instant.now().toString());
    m.put("customer", CustomerJson.tree(c, population, config, Integer.MAX_VALUE, 0));
    m.put("attributes", store.attributesOf(c.identifiers()));
    m.put("rejected_items", rejects.mentioning(c.identifiers()));
    m.put("webhook_deliveries", webhooks.deliveries(c.id()));
    ctx.header(
        "Content-Disposition",
        "attachment; filename=\"customer-" + c.id().replaceAll("[^A-Za-z0-9._-]", "_") + ".json\"");
    ctx.json(m);
  }

  /**
   * Erases a customer everywhere: the store (events, identity links, profile, lifecycle, decisions,
   * attributes), the live engine, the rejects and the webhook logs, with the count of what went
   * from each. Runs on the ingest writer thread, so no batch is half in or out.
   */
  private void erase(Context ctx) {
    LiveCustomer c = find(ctx.pathParam("id"));
    Map<String, Object> counts =
        await(
            ingestor.run(
                () -> {
                  Map<String, Object> m =
                      new LinkedHashMap<>(store.eraseCustomer(c.id(), c.identifiers()));
                  IdentityRules rulesBefore = engine.rules();
                  engine.erase(c.id());
                  m.put("identity_rules", identities.afterErase(rulesBefore));
                  m.put("rejected_items", rejects.erase(c.identifiers()));
                  m.put("webhook_records", webhooks.erase(c.id()));
                  return m;
                }));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("customer_id", c.id());
    m.put("identifiers", c.identifiers().stream().map(Identifier::toString).toList());
    m.put("erased", counts);
    ctx.json(m);
  }

  /** Merges two customers by hand: see {@link Identities#merge}. */
  private void merge(Context ctx) {
    com.fasterxml.jackson.databind.JsonNode body =
        Requests.object(ctx, "{\"customers\": [\"id-1\", \"id-2\"], \"reason\": \"...\"}");
    String by = ctx.attribute("key_id");
    ctx.json(await(ingestor.run(() -> identities.merge(body, by))));
  }

  /** Splits identifiers off a customer by hand: see {@link Identities#unmerge}. */
  private void unmerge(Context ctx) {
    com.fasterxml.jackson.databind.JsonNode body =
        Requests.object(
            ctx, "{\"customer\": \"id\", \"identifiers\": [\"type:value\"], \"reason\": \"...\"}");
    String by = ctx.attribute("key_id");
    ctx.json(await(ingestor.run(() -> identities.unmerge(body, by))));
  }

  private void identityRules(Context ctx) {
    ctx.json(Map.of("rules", await(ingestor.run(identities::rules))));
  }

  /**
   * The result of work handed to the ingest writer; its {@link ApiException} (the store could not
   * commit, the server is stopping) reaches the client as itself, not as an internal error.
   */
  private static <T> T await(java.util.concurrent.CompletableFuture<T> work) {
    try {
      return work.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof ApiException api) {
        throw api;
      }
      throw e;
    }
  }

  private static int intParam(Context ctx, String name, int dflt, int min, int max) {
    String v = ctx.queryParam(name);
    if (v == null) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v.strip());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ApiException(
        400,
        "bad_parameter",
        "query parameter "
            + name
            + " value '"
            + v
            + "' must be a whole number from "
            + min
            + (max == Integer.MAX_VALUE ? " up" : " to " + max));
  }

  /**
   * A customer by any identifier: their display id, {@code type:value}, or a bare value tried as
   * each identifier type in priority order.
   */
  LiveCustomer find(String text) {
    Optional<LiveCustomer> hit = engine.customerById(text);
    if (hit.isPresent()) {
      return hit.get();
    }
    int colon = text.indexOf(':');
    if (colon > 0 && isType(text, colon)) {
      try {
        hit = engine.customer(Identifier.parse(text));
      } catch (IllegalArgumentException e) {
        hit = Optional.empty();
      }
      if (hit.isPresent()) {
        return hit.get();
      }
    }
    for (String type : config.identity().priority()) {
      if (!Identifier.normalise(type, text).isEmpty()) {
        hit = engine.customer(Identifier.of(type, text));
        if (hit.isPresent()) {
          return hit.get();
        }
      }
    }
    throw new ApiException(
        404, "customer_not_found", "no customer has the identifier '" + text + "'");
  }

  /** Whether {@code text[0, end)} reads as an identifier type: {@code [a-z][a-z0-9_]*}. */
  private static boolean isType(String text, int end) {
    for (int i = 0; i < end; i++) {
      char c = text.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (i > 0 && ((c >= '0' && c <= '9') || c == '_'));
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** Stops taking requests, commits what was queued, and stops. The store stays open. */
  @Override
  public void close() {
    if (app != null) {
      app.stop();
    }
    ingestor.close();
    changes.close();
    triggers.close();
    webhooks.close();
    background.shutdownNow();
  }
}
