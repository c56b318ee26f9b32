package dev.rapport.core.engine;

import dev.rapport.core.EventDetail;
import dev.rapport.core.EventIds;
import dev.rapport.core.Identifier;
import dev.rapport.core.Interaction;
import dev.rapport.core.Kind;
import dev.rapport.core.config.RapportConfig;
import dev.rapport.core.contact.ContactEvidence;
import dev.rapport.core.identity.Customers;
import dev.rapport.core.identity.IdentityGraph;
import dev.rapport.core.journey.JourneyLog;
import dev.rapport.core.kpi.KpiCube;
import dev.rapport.core.kpi.KpiEvidence;
import dev.rapport.core.lifecycle.Lifecycle;
import dev.rapport.core.profile.CustomerProfile;
import dev.rapport.core.profile.FoldSettings;
import dev.rapport.core.service.ServiceEvidence;
import dev.rapport.core.style.StyleEvidence;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;

/**
 * The embedded batch engine: collects interactions in compact columns, puts them in event-time
 * order, resolves identities in that order, then folds every customer in parallel, partitioned by
 * customer key so that each customer belongs to exactly one thread. Each customer is folded from
 * first event to snapshot in one go (events grouped by a counting sort), which keeps its state in
 * cache and lets it be collected as soon as it is snapshotted.
 *
 * <p>Rows are held as primitives (about 40 bytes an event) rather than as {@link Interaction}
 * objects (several hundred bytes each), because ten million events must fit a modest heap.
 *
 * <p>Order: event time, then touches before other kinds at the same instant (a response logged at
 * the same second as its touch answers it), then a 64-bit hash of the event id. Input already in
 * that order (the store returns it so) is not sorted again.
 */
public final class BatchEngine {
  private static final int TOUCH = Kind.TOUCH.ordinal();

  private final RapportConfig config;
  private final FoldSettings settings;
  private final int threads;
  private final IdentityGraph graph;

  private long[] micros = new long[1 << 12];
  private long[] idHash = new long[1 << 12];
  private double[] value = new double[1 << 12];
  private float[] score = new float[1 << 12];
  private byte[] detail = new byte[1 << 12];
  private String[] eventIds; // only when asked for: ten million ids cost half a gigabyte
  private byte[] channel = new byte[1 << 12];
  private byte[] kind = new byte[1 << 12];
  private byte[] outcome = new byte[1 << 12];
  private int[] nodeEnd = new int[1 << 12];
  private int[] nodes = new int[1 << 13];
  private int size;
  private Identifier[] batchIds = new Identifier[0];
  private int[] batchNodes = new int[0];
  private int nodeCount;
  private boolean sorted = true;
  private long rejected;

  public BatchEngine(RapportConfig config, int threads) {
    this(config, threads, false);
  }

  /**
   * @param keepEventIds whether lifecycle transitions name the event that caused them (the ids are
   *     kept in memory until the run)
   */
  public BatchEngine(RapportConfig config, int threads, boolean keepEventIds) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    this.config = config;
    this.settings = new FoldSettings(config);
    this.threads = threads;
    this.graph = new IdentityGraph(config.identity());
    this.eventIds = keepEventIds ? new String[1 << 12] : null;
  }

  /**
   * Adds one interaction. Returns false, and keeps nothing, when every identifier of the event is
   * on the blocklist: such an event belongs to nobody.
   */
  public boolean add(Interaction e) {
    return addAll(List.of(e)) == 1;
  }

  /**
   * Adds interactions, as {@link #add} does one by one, and returns how many were kept. Faster than
   * single adds: the identity lookups of the whole batch overlap in memory.
   */
  public int addAll(List<Interaction> events) {
    int total = 0;
    for (Interaction e : events) {
      total += e.identifiers().size();
    }
    if (batchIds.length < total) {
      batchIds = new Identifier[total];
      batchNodes = new int[total];
    }
    int n = 0;
    for (Interaction e : events) {
      for (Identifier id : e.identifiers()) {
        batchIds[n++] = id;
      }
    }
    graph.nodes(batchIds, n, batchNodes);
    Arrays.fill(batchIds, 0, n, null);
    int kept = 0;
    int at = 0;
    for (Interaction e : events) {
      int count = e.identifiers().size();
      if (append(e, batchNodes, at, at + count)) {
        kept++;
      }
      at += count;
    }
    return kept;
  }

  private boolean append(Interaction e, int[] eventNodes, int from, int to) {
    int start = nodeCount;
    ensureNodeCapacity(to - from);
    for (int k = from; k < to; k++) {
      if (eventNodes[k] >= 0) {
        nodes[nodeCount++] = eventNodes[k];
      }
    }
    if (nodeCount == start) {
      rejected++;
      return false;
    }
    ensureCapacity();
    long us = e.ts().getEpochSecond() * 1_000_000L + e.ts().getNano() / 1_000;
    int i = size++;
    micros[i] = us;
    idHash[i] = hash64(e.eventId());
    value[i] = e.value();
    score[i] = (float) e.score();
    detail[i] = (byte) EventDetail.of(e).ordinal();
    if (eventIds != null) {
      eventIds[i] = e.eventId();
    }
    channel[i] = (byte) e.channel().ordinal();
    kind[i] = (byte) e.kind().ordinal();
    outcome[i] = (byte) (e.outcome() == null ? -1 : e.outcome().ordinal());
    nodeEnd[i] = nodeCount;
    if (i > 0 && sorted && compare(i - 1, i) > 0) {
      sorted = false;
    }
    return true;
  }

  /** Events added (not counting the ones refused for having only blocked identifiers). */
  public int size() {
    return size;
  }

  /** Events refused because all their identifiers were blocked. */
  public long rejected() {
    return rejected;
  }

  /** The end of the business day of the latest event: the default time of a snapshot. */
  public Instant endOfLastDay() {
    if (size == 0) {
      return null;
    }
    long max = Long.MIN_VALUE;
    for (int i = 0; i < size; i++) {
      max = Math.max(max, micros[i]);
    }
    return endOfDay(Instant.ofEpochSecond(Math.floorDiv(max, 1_000_000L)), config.zone());
  }

  /** The first instant after the business day that contains {@code t}. */
  public static Instant endOfDay(Instant t, ZoneId zone) {
    LocalDate day = LocalDate.ofInstant(t, zone);
    return day.plusDays(1).atStartOfDay(zone).toInstant();
  }

  /**
   * Resolves identities and folds every customer's events before {@code asOf} (exclusive), then
   * snapshots each customer at {@code asOf}.
   *
   * @param asOf end of observation; null means {@link #endOfLastDay()}
   */
  public BatchResult run(Instant asOf) {
    Instant end = asOf != null ? asOf : endOfLastDay();
    int[] order = order();
    int[] anchor = new int[size];
    for (int k = 0; k < size; k++) {
      int i = order[k];
      int start = i == 0 ? 0 : nodeEnd[i - 1];
      anchor[i] = graph.link(nodes, start, nodeEnd[i]);
    }
    Customers customers = graph.customers();
    int[] key = new int[size];
    for (int i = 0; i < size; i++) {
      key[i] = customers.keyOf(anchor[i]);
    }
    int customerCount = customers.count();
    long endMicros = end == null ? Long.MAX_VALUE : end.getEpochSecond() * 1_000_000L;
    // Group the events by customer with a counting sort that keeps time order within each
    // customer, then fold each customer from start to finish and snapshot it at once: the
    // customer's state stays in cache, instead of every event landing on a random customer.
    int[] start = new int[customerCount + 1];
    for (int i = 0; i < size; i++) {
      if (micros[i] < endMicros) {
        start[key[i] + 1]++;
      }
    }
    for (int c = 0; c < customerCount; c++) {
      start[c + 1] += start[c];
    }
    // The grouping pass also gathers each event's fields into two arrays in customer order, so
    // that the fold reads them sequentially: reading five columns at scattered indices cost five
    // cache misses an event and was most of the fold's time.
    long[] packed = new long[start[customerCount]];
    double[] values = new double[packed.length];
    float[] scores = new float[packed.length];
    String[] ids = eventIds == null ? null : new String[packed.length];
    int[] fill = Arrays.copyOf(start, customerCount);
    for (int k = 0; k < size; k++) {
      int i = order[k];
      if (micros[i] < endMicros) {
        int j = fill[key[i]]++;
        packed[j] = pack(i);
        values[j] = value[i];
        scores[j] = score[i];
        if (ids != null) {
          ids[j] = eventIds[i];
        }
      }
    }
    CustomerFold.Result[] folds = new CustomerFold.Result[customerCount];
    KpiCube[] cubes = new KpiCube[threads];
    JourneyLog[] journeyLogs = new JourneyLog[threads];
    parallel(
        p -> {
          int from = (int) ((long) customerCount * p / threads);
          int to = (int) ((long) customerCount * (p + 1) / threads);
          cubes[p] = new KpiCube();
          journeyLogs[p] = new JourneyLog();
          CustomerFold fold = new CustomerFold(config, settings, cubes[p], journeyLogs[p]);
          for (int c = from; c < to; c++) {
            if (start[c] < start[c + 1]) { // else every event is after the as-of time
              folds[c] =
                  fold.fold(
                      c, customers.id(c), packed, values, scores, ids, start[c], start[c + 1], end);
            }
          }
        });
    long folded = packed.length;
    List<CustomerProfile> out = new ArrayList<>(customerCount);
    List<Lifecycle> outLifecycles = new ArrayList<>(customerCount);
    List<StyleEvidence> outStyles = new ArrayList<>(customerCount);
    List<ContactEvidence> outContacts = new ArrayList<>(customerCount);
    List<ServiceEvidence> outServices = new ArrayList<>(customerCount);
    List<KpiEvidence> outKpis = new ArrayList<>(customerCount);
    for (CustomerFold.Result f : folds) {
      if (f != null) {
        out.add(f.profile());
        outLifecycles.add(f.lifecycle());
        outStyles.add(f.style());
        outContacts.add(f.contact());
        outServices.add(f.service());
        outKpis.add(f.kpis());
      }
    }
    return new BatchResult(
        end,
        out,
        outLifecycles,
        outStyles,
        outContacts,
        outServices,
        outKpis,
        sum(cubes, new KpiCube(), KpiCube::add),
        sum(journeyLogs, new JourneyLog(), JourneyLog::add),
        customers,
        folded,
        size - folded,
        rejected,
        graph.conflicts(),
        graph.blocked());
  }

  /** The sum of the fold threads' parts (a thread that had no customers left its part null). */
  private static <T> T sum(T[] parts, T all, BiConsumer<T, T> add) {
    for (T p : parts) {
      if (p != null) {
        add.accept(all, p);
      }
    }
    return all;
  }

  /** Event {@code i} packed for {@link CustomerFold}. */
  private long pack(int i) {
    return CustomerFold.pack(
        detail[i], Math.floorDiv(micros[i], 1_000_000L), channel[i], kind[i], outcome[i]);
  }

  private interface Partition {
    void run(int partition);
  }

  private void parallel(Partition task) {
    if (threads == 1) {
      task.run(0);
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>(threads);
      for (int p = 0; p < threads; p++) {
        int partition = p;
        futures.add(pool.submit(() -> task.run(partition)));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while folding profiles", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      throw new IllegalStateException("folding profiles failed", cause);
    } finally {
      pool.shutdownNow();
    }
  }

  private int compare(int a, int b) {
    int c = Long.compare(micros[a], micros[b]);
    if (c != 0) {
      return c;
    }
    boolean ta = kind[a] == TOUCH;
    boolean tb = kind[b] == TOUCH;
    if (ta != tb) {
      return ta ? -1 : 1;
    }
    return Long.compare(idHash[a], idHash[b]);
  }

  /** The event indices in processing order; identity when the input was already ordered. */
  private int[] order() {
    int[] idx = new int[size];
    for (int i = 0; i < size; i++) {
      idx[i] = i;
    }
    if (!sorted) {
      int[] tmp = new int[size];
      mergeSort(idx, tmp, 0, size);
    }
    return idx;
  }

  private void mergeSort(int[] a, int[] tmp, int lo, int hi) {
    if (hi - lo < 32) {
      for (int i = lo + 1; i < hi; i++) {
        int v = a[i];
        int j = i - 1;
        while (j >= lo && compare(a[j], v) > 0) {
          a[j + 1] = a[j];
          j--;
        }
        a[j + 1] = v;
      }
      return;
    }
    int mid = (lo + hi) >>> 1;
    mergeSort(a, tmp, lo, mid);
    mergeSort(a, tmp, mid, hi);
    if (compare(a[mid - 1], a[mid]) <= 0) {
      return;
    }
    System.arraycopy(a, lo, tmp, lo, hi - lo);
    int i = lo;
    int j = mid;
    for (int k = lo; k < hi; k++) {
      if (j >= hi || (i < mid && compare(tmp[i], tmp[j]) <= 0)) {
        a[k] = tmp[i++];
      } else {
        a[k] = tmp[j++];
      }
    }
  }

  private void ensureCapacity() {
    if (size < micros.length) {
      return;
    }
    int n = micros.length * 2;
    micros = Arrays.copyOf(micros, n);
    idHash = Arrays.copyOf(idHash, n);
    value = Arrays.copyOf(value, n);
    score = Arrays.copyOf(score, n);
    detail = Arrays.copyOf(detail, n);
    if (eventIds != null) {
      eventIds = Arrays.copyOf(eventIds, n);
    }
    channel = Arrays.copyOf(channel, n);
    kind = Arrays.copyOf(kind, n);
    outcome = Arrays.copyOf(outcome, n);
    nodeEnd = Arrays.copyOf(nodeEnd, n);
  }

  private void ensureNodeCapacity(int more) {
    if (nodeCount + more > nodes.length) {
      nodes = Arrays.copyOf(nodes, Math.max(nodes.length * 2, nodeCount + more));
    }
  }

  /** See {@link EventIds#hash64}. */
  static long hash64(String s) {
    return EventIds.hash64(s);
  }
}
