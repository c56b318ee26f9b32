package dev.rapport.bench;

import dev.rapport.core.Channel;
import dev.rapport.core.Identifier;
import dev.rapport.core.Interaction;
import dev.rapport.core.Kind;
import dev.rapport.core.config.RapportConfig;
import dev.rapport.io.config.WorkspaceConfig;
import dev.rapport.server.ApiKeys;
import dev.rapport.server.Role;
import dev.rapport.store.Store;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Load benchmark of {@code rapport serve} on loopback: the real server jar in its own JVM, driven
 * from this one.
 *
 * <ol>
 *   <li>A workspace is preloaded with {@code preload} events over {@code customers} customers.
 *   <li><b>Ingest</b>: {@code clients} connections POST batches of {@code batch} new events (JSON
 *       Lines) back to back for {@code seconds}; a batch counts once its 200 arrives, which is
 *       after the commit. Reported: events acknowledged per second, and batch latency.
 *   <li><b>Reads</b>: customer-360 GETs of random customers at a fixed {@code rate} per second
 *       (open loop: request {@code i} is due at {@code t0 + i / rate} whether or not earlier ones
 *       came back), latency measured from when each was due, so a stall counts for every request it
 *       delayed (no coordinated omission). Reported: p50, p99, p99.9, max.
 *   <li><b>Reads during ingest</b>: the same reads while one client ingests back to back.
 * </ol>
 *
 * Usage: {@code ServerLoad [rapport.jar] [customers] [preload] [batch] [clients] [seconds] [rate]
 * [server JVM options…]}.
 */
public final class ServerLoad {
  private static final Pattern LISTENING = Pattern.compile("on http://127\\.0\\.0\\.1:(\\d+)/");
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private static final Channel[] CHANNELS = {
    Channel.EMAIL, Channel.SMS, Channel.PUSH, Channel.WEB, Channel.APP
  };

  private ServerLoad() {}

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(arg(args, 0, "rapport-cli/target/rapport.jar"));
    int customers = Integer.parseInt(arg(args, 1, "100000"));
    int preload = Integer.parseInt(arg(args, 2, "1000000"));
    int batch = Integer.parseInt(arg(args, 3, "5000"));
    int clients = Integer.parseInt(arg(args, 4, "2"));
    int seconds = Integer.parseInt(arg(args, 5, "20"));
    int rate = Integer.parseInt(arg(args, 6, "2000"));
    List<String> jvm = new ArrayList<>();
    for (int i = 7; i < args.length; i++) {
      jvm.add(args[i]);
    }
    if (jvm.isEmpty()) {
      jvm.addAll(List.of("-Xmx6g", "-XX:+UseG1GC"));
    }

    Path ws = Files.createTempDirectory("rapport-load");
    Files.writeString(
        ws.resolve(WorkspaceConfig.FILE_NAME), WorkspaceConfig.render(RapportConfig.defaults()));
    String key = ApiKeys.open(ws).create(EnumSet.of(Role.ADMIN), "load benchmark");
    long t = System.nanoTime();
    try (Store store = Store.openDuckDb(ws.resolve("rapport.duckdb"))) {
      SplittableRandom rnd = new SplittableRandom(1);
      List<Interaction> chunk = new ArrayList<>(50_000);
      for (int i = 0; i < preload; i++) {
        chunk.add(event("p" + i, rnd.nextInt(customers), i, preload, rnd));
        if (chunk.size() == 50_000) {
          store.appendEvents(chunk);
          chunk.clear();
        }
      }
      store.appendEvents(chunk);
    }
    System.out.printf(
        Locale.ROOT,
        "preloaded %,d events over %,d customers in %.1f s; server JVM %s%n",
        preload,
        customers,
        (System.nanoTime() - t) / 1e9,
        jvm);

    t = System.nanoTime();
    Process server = serve(jar, ws, jvm);
    int port = port(server);
    System.out.printf(Locale.ROOT, "server up in %.1f s%n", (System.nanoTime() - t) / 1e9);
    String auth = "Bearer " + key;
    try {
      SplittableRandom rnd = new SplittableRandom(2);
      AtomicLong nextId = new AtomicLong();
      String phases = System.getProperty("phases", "ingest,reads,mixed");
      Histogram batches = new Histogram(3);
      if (phases.contains("ingest")) {
        ingest(port, auth, customers, batch, clients, 3, rnd, nextId, null); // warm-up
        long[] acked = ingest(port, auth, customers, batch, clients, seconds, rnd, nextId, batches);
        System.out.printf(
            Locale.ROOT,
            "ingest: %,d events acknowledged in %.1f s = %,.0f events/s durable; batch of %d"
                + " p50 %.1f ms, p99 %.1f ms, max %.1f ms; %d clients%n",
            acked[0],
            acked[1] / 1e9,
            acked[0] / (acked[1] / 1e9),
            batch,
            batches.getValueAtPercentile(50) / 1e6,
            batches.getValueAtPercentile(99) / 1e6,
            batches.getMaxValue() / 1e6,
            clients);

        printStageTimes(port, auth);
      }
      String base = System.getProperty("readPath", "/v1/customers/c");
      awaitValueFit(port, auth);
      reads(port, base, auth, customers, rate, 5, "warm-up");
      if (phases.contains("reads")) {
        reads(port, base, auth, customers, rate, seconds, "reads");
      }
      if (!phases.contains("mixed")) {
        return;
      }
      Thread ingestor =
          new Thread(
              () -> {
                try {
                  ingest(port, auth, customers, batch, 1, seconds + 2, rnd, nextId, null);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      ingestor.start();
      Thread.sleep(1000);
      reads(port, base, auth, customers, rate, seconds, "reads during ingest");
      ingestor.join();
    } finally {
      server.destroy();
      server.waitFor(60, TimeUnit.SECONDS);
    }
  }

  /**
   * Waits for the server's background lifetime-value fit (seconds per 100,000 customers, right
   * after start-up), so that the reads measure the steady state; prints how long it took.
   */
  private static void awaitValueFit(int port, String auth) throws Exception {
    long start = System.nanoTime();
    try (RawHttp http = new RawHttp(port)) {
      while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(300)) {
        http.send("GET", "/v1/customers/c0", auth, null);
        if (http.body().contains("\"fitted_at\"")) {
          System.out.printf(
              Locale.ROOT,
              "value models fitted after %.1f s more%n",
              (System.nanoTime() - start) / 1e9);
          return;
        }
        Thread.sleep(200);
      }
    }
    throw new IllegalStateException("the value models were not fitted in 300 s");
  }

  /** The server's own account of where ingest time went: commit and fold, from /metrics. */
  private static void printStageTimes(int port, String auth) throws IOException {
    String text;
    try (RawHttp http = new RawHttp(port)) {
      http.send("GET", "/metrics", auth, null);
      text = http.body();
    }
    for (String stage : List.of("commit", "link")) {
      double sum = sample(text, "rapport_ingest_" + stage + "_duration_seconds_sum");
      double count = sample(text, "rapport_ingest_" + stage + "_duration_seconds_count");
      System.out.printf(
          Locale.ROOT,
          "  server %s: %.0f groups, %.1f s in all, %.1f ms a group%n",
          stage,
          count,
          sum,
          sum / count * 1e3);
    }
    double events = sample(text, "rapport_ingest_commit_events_sum");
    double groups = sample(text, "rapport_ingest_commit_events_count");
    System.out.printf(Locale.ROOT, "  server: %.0f events a group commit%n", events / groups);
  }

  private static double sample(String text, String name) {
    for (String line : text.split("\n")) {
      if (line.startsWith(name + " ")) {
        return Double.parseDouble(line.substring(name.length() + 1).trim());
      }
    }
    return Double.NaN;
  }

  private static String arg(String[] args, int i, String dflt) {
    return args.length > i && !args[i].isEmpty() ? args[i] : dflt;
  }

  private static Interaction event(String id, int customer, long i, long n, SplittableRandom rnd) {
    long span = 180L * 86_400;
    Instant ts = T0.plusSeconds(span * i / Math.max(1, n));
    int r = rnd.nextInt(100);
    Kind kind = r < 55 ? Kind.TOUCH : r < 80 ? Kind.RESPONSE : r < 92 ? Kind.PURCHASE : Kind.SIGNUP;
    return new Interaction(
        id,
        List.of(Identifier.of("customer_id", "c" + customer)),
        ts,
        CHANNELS[rnd.nextInt(CHANNELS.length)],
        kind,
        null,
        null,
        null,
        null,
        kind == Kind.PURCHASE ? 5 + rnd.nextInt(200) : 0,
        0,
        Double.NaN,
        null,
        Map.of());
  }

  /**
   * A JSON Lines body of {@code batch} new events, later than the preload and in time order, ten to
   * a second (live events arrive roughly in order; a late one costs a merge).
   */
  private static String body(int customers, int batch, SplittableRandom rnd, AtomicLong nextId) {
    StringBuilder b = new StringBuilder(batch * 140);
    long first = nextId.getAndAdd(batch);
    String[] kinds = {"touch", "touch", "response", "purchase"};
    for (int i = 0; i < batch; i++) {
      long n = first + i;
      String kind = kinds[rnd.nextInt(kinds.length)];
      b.append("{\"event_id\":\"l")
          .append(n)
          .append("\",\"ts\":\"")
          .append(T0.plusSeconds(181L * 86_400 + n / 10))
          .append("\",\"channel\":\"")
          .append(CHANNELS[rnd.nextInt(CHANNELS.length)].id())
          .append("\",\"kind\":\"")
          .append(kind)
          .append('"');
      if (kind.equals("purchase")) {
        b.append(",\"value\":").append(5 + rnd.nextInt(200));
      }
      b.append(",\"identifiers\":{\"customer_id\":\"c")
          .append(rnd.nextInt(customers))
          .append("\"}}\n");
    }
    return b.toString();
  }

  /** Back-to-back batches from {@code clients} threads; returns {events acked, nanos}. */
  private static long[] ingest(
      int port,
      String auth,
      int customers,
      int batch,
      int clients,
      int seconds,
      SplittableRandom rnd,
      AtomicLong nextId,
      Histogram latency)
      throws InterruptedException {
    // Every body is built before the clock starts, as wrk does, so that building them takes none
    // of the CPU the server is measured on: enough for 150,000 events a second.
    int count = (int) Math.max(clients * 2L, 150_000L * seconds / batch);
    java.util.concurrent.ConcurrentLinkedQueue<byte[]> bodies =
        new java.util.concurrent.ConcurrentLinkedQueue<>();
    for (int i = 0; i < count; i++) {
      bodies.add(body(customers, batch, rnd, nextId).getBytes(StandardCharsets.UTF_8));
    }
    AtomicLong acked = new AtomicLong();
    long start = System.nanoTime();
    long end = start + TimeUnit.SECONDS.toNanos(seconds);
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      Thread th =
          new Thread(
              () -> {
                try (RawHttp http = new RawHttp(port)) {
                  byte[] body;
                  while (System.nanoTime() < end && (body = bodies.poll()) != null) {
                    long s = System.nanoTime();
                    int status = http.send("POST", "/v1/events", auth, body);
                    if (status != 200) {
                      throw new IllegalStateException(status + " " + http.body());
                    }
                    acked.addAndGet(batch);
                    if (latency != null) {
                      synchronized (latency) {
                        latency.recordValue(System.nanoTime() - s);
                      }
                    }
                  }
                } catch (IOException e) {
                  throw new IllegalStateException(e);
                }
              });
      th.start();
      threads.add(th);
    }
    for (Thread th : threads) {
      th.join();
    }
    return new long[] {acked.get(), System.nanoTime() - start};
  }

  /**
   * Open-loop GETs at a fixed rate; latency from when each request was due. A pacer thread queues
   * each request at its due time and a pool of {@link #READERS} connections sends them, so a slow
   * answer delays the requests behind it and their wait counts (no coordinated omission), while the
   * number of connections stays bounded as with a real client pool.
   */
  private static void reads(
      int port, String base, String auth, int customers, int rate, int seconds, String label)
      throws InterruptedException {
    ConcurrentHistogram latency = new ConcurrentHistogram(3);
    AtomicLong errors = new AtomicLong();
    AtomicLong done = new AtomicLong();
    java.util.concurrent.atomic.AtomicReference<String> firstError =
        new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.BlockingQueue<long[]> due =
        new java.util.concurrent.LinkedBlockingQueue<>();
    long total = (long) rate * seconds;
    List<Thread> pool = new ArrayList<>();
    for (int w = 0; w < READERS; w++) {
      Thread t =
          new Thread(
              () -> {
                RawHttp http = null;
                while (true) {
                  long[] job;
                  try {
                    job = due.take();
                  } catch (InterruptedException e) {
                    return;
                  }
                  if (job[0] < 0) {
                    break;
                  }
                  try {
                    if (http == null) {
                      http = new RawHttp(port);
                    }
                    int status = http.send("GET", base + job[1] + "?limit=20", auth, null);
                    if (status != 200) {
                      errors.incrementAndGet();
                      firstError.compareAndSet(null, status + " " + http.body());
                    }
                  } catch (IOException e) {
                    errors.incrementAndGet();
                    firstError.compareAndSet(null, e.toString());
                    http = null;
                  }
                  latency.recordValue(System.nanoTime() - job[0]);
                  done.incrementAndGet();
                }
                try {
                  if (http != null) {
                    http.close();
                  }
                } catch (IOException ignored) {
                  // closing
                }
              });
      t.setDaemon(true);
      t.start();
      pool.add(t);
    }
    SplittableRandom rnd = new SplittableRandom(3);
    long period = 1_000_000_000L / rate;
    long t0 = System.nanoTime();
    for (long i = 0; i < total; i++) {
      long at = t0 + i * period;
      long wait = at - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      due.add(new long[] {at, rnd.nextInt(customers)});
    }
    for (int w = 0; w < READERS; w++) {
      due.add(new long[] {-1, 0});
    }
    for (Thread t : pool) {
      t.join(TimeUnit.SECONDS.toMillis(60));
    }
    double elapsed = (System.nanoTime() - t0) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "%s: %,d GET /v1/customers/{id} at %d/s for %d s (%.0f/s achieved), p50 %.2f ms, p99"
            + " %.2f ms, p99.9 %.2f ms, max %.1f ms, errors %d%s%n",
        label,
        done.get(),
        rate,
        seconds,
        done.get() / elapsed,
        latency.getValueAtPercentile(50) / 1e6,
        latency.getValueAtPercentile(99) / 1e6,
        latency.getValueAtPercentile(99.9) / 1e6,
        latency.getMaxValue() / 1e6,
        errors.get(),
        firstError.get() == null ? "" : " (first: " + firstError.get() + ")");
  }

  private static final int READERS = 32;

  private static Process serve(Path jar, Path ws, List<String> jvm) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvm);
    cmd.addAll(
        List.of("-jar", jar.toString(), "serve", "--workspace", ws.toString(), "--port", "0"));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.redirectErrorStream(true);
    return pb.start();
  }

  private static int port(Process p) throws IOException {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      Matcher m = LISTENING.matcher(line);
      if (m.find()) {
        Thread drain =
            new Thread(
                () -> {
                  try {
                    String l;
                    while ((l = out.readLine()) != null) {
                      System.out.println("  server: " + l);
                    }
                  } catch (IOException ignored) {
                    // stopped
                  }
                });
        drain.setDaemon(true);
        drain.start();
        return Integer.parseInt(m.group(1));
      }
      System.out.println("  server: " + line);
    }
    throw new IllegalStateException("the server stopped before listening");
  }
}
