package dev.rapport.core.engine;

import dev.rapport.core.EventDetail;
import dev.rapport.core.Identifier;
import dev.rapport.core.Interaction;
import dev.rapport.core.Kind;
import dev.rapport.core.config.RapportConfig;
import dev.rapport.core.identity.Customers;
import dev.rapport.core.identity.IdentityGraph;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The engine behind {@code rapport serve}: customers kept current event by event, through the same
 * identity graph and the same {@link CustomerFold} as the batch engine.
 *
 * <p>Each customer's events are held in memory in fold order. When a batch arrives, its events are
 * linked into the identity graph (customers whose identifiers meet on one event merge, their events
 * merged in order), and every customer the batch touched is folded again from their first event. A
 * late event therefore lands where it belongs in time, exactly as in a batch run, and a merge gives
 * the profile the batch run would give; folding one customer costs microseconds.
 *
 * <p>The end of observation ({@link #asOf()}) is the end of the business day of the latest event,
 * as in a batch run, or of the wall clock when one is given and later. A customer read after the
 * as-of time moved is folded again at the new time before being returned, so a silence that turned
 * into churn shows without anything having to run at night.
 *
 * <p>Threads: one writer calls {@link #apply}; any number of readers call the lookups, without
 * locks. Readers see each customer whole, before or after a batch, never half-changed.
 *
 * <p>One difference from the batch engine: identifiers are linked in arrival order, not event-time
 * order. The two differ only when a link is refused for breaking a per-type identifier limit and
 * the refused event arrived out of order; {@code rapport analyze} relinks in event-time order.
 */
public final class LiveEngine {
  /** Fold order: time, touches first at one instant, then the 64-bit hash of the event id. */
  public static final Comparator<Interaction> FOLD_ORDER =
      Comparator.comparingLong(LiveEngine::micros)
          .thenComparing(e -> e.kind() != Kind.TOUCH)
          .thenComparingLong(e -> BatchEngine.hash64(e.eventId()));

  private final RapportConfig config;
  private final IdentityGraph graph;
  private final Comparator<Identifier> priority;
  private final Supplier<Instant> wallClock;
  private final ThreadLocal<Folder> folders;

  // Writer only.
  private final Map<Integer, Cluster> byRoot = new HashMap<>();
  private long unresolved;

  // Shared with readers.
  /** Times are compared to the microsecond, as the batch engine and the store keep them. */
  private static long micros(Interaction e) {
    return e.ts().getEpochSecond() * 1_000_000L + e.ts().getNano() / 1_000;
  }

  private final ConcurrentHashMap<Identifier, Entry> byIdentifier = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Entry> byId = new ConcurrentHashMap<>();
  private volatile long latestSecond = Long.MIN_VALUE;
  private volatile long eventCount;

  /** A customer's slot, shared with readers; its view is replaced whole. */
  private static final class Entry {
    final AtomicReference<LiveCustomer> view = new AtomicReference<>();
  }

  /** What the writer knows of one identity cluster. */
  private static final class Cluster {
    final Entry entry = new Entry();
    final List<Identifier> members = new ArrayList<>();
    Interaction[] events = new Interaction[0];
    final List<Interaction> pending = new ArrayList<>();
    final List<String> absorbed = new ArrayList<>();
    LiveCustomer before;
  }

  /**
   * What one batch changed, customer by customer.
   *
   * @param changes one per customer the batch touched
   * @param unresolved events that belong to nobody: all their identifiers are on the blocklist
   */
  public record Update(List<Change> changes, int unresolved) {}

  /**
   * One customer before and after a batch.
   *
   * @param before the customer as readers saw them before; null for a new customer
   * @param after the customer now
   * @param absorbed display ids of customers merged into this one by the batch
   */
  public record Change(LiveCustomer before, LiveCustomer after, List<String> absorbed) {}

  /**
   * @param wallClock the current time, for a server whose as-of time should follow the clock; null
   *     to follow the events only, as a batch run does
   */
  public LiveEngine(RapportConfig config, Supplier<Instant> wallClock) {
    this.config = config;
    this.graph = new IdentityGraph(config.identity());
    this.priority = Customers.priority(config.identity());
    this.wallClock = wallClock;
    this.folders = ThreadLocal.withInitial(() -> new Folder(config));
  }

  /** The end of observation now: see the class comment. Null before the first event. */
  public Instant asOf() {
    long latest = latestSecond;
    if (wallClock != null) {
      latest = Math.max(latest, wallClock.get().getEpochSecond());
    }
    if (latest == Long.MIN_VALUE) {
      return null;
    }
    return BatchEngine.endOfDay(Instant.ofEpochSecond(latest), config.zone());
  }

  /** Events held (those that belong to somebody). */
  public long eventCount() {
    return eventCount;
  }

  /** Customers held. */
  public int customerCount() {
    return byId.size();
  }

  /** Events that belonged to nobody since the engine started. */
  public long unresolved() {
    return unresolved;
  }

  /**
   * Links, stores and folds a batch of new events; the caller guarantees the events are new (the
   * store decides that). Writer thread only.
   */
  public Update apply(List<Interaction> batch) {
    long unresolvedBefore = unresolved;
    List<Cluster> touched = link(batch);
    List<Change> changes = new ArrayList<>(touched.size());
    Instant asOf = asOf();
    for (Cluster c : touched) {
      LiveCustomer after = refresh(c, asOf);
      changes.add(new Change(c.before, after, List.copyOf(c.absorbed)));
      c.absorbed.clear();
      c.before = null;
    }
    return new Update(changes, (int) (unresolved - unresolvedBefore));
  }

  /**
   * Loads history at start-up: links and stores every event, then folds each customer once, on
   * {@code threads} threads. Writer thread only, before any {@link #apply}.
   */
  public void load(Iterable<List<Interaction>> chunks, int threads) {
    List<Cluster> touched = new ArrayList<>();
    Set<Cluster> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (List<Interaction> chunk : chunks) {
      for (Cluster c : link(chunk)) {
        if (seen.add(c)) {
          touched.add(c);
        }
      }
    }
    Instant asOf = asOf();
    // Link merged clusters first, so that folding them in parallel reads settled state.
    for (Cluster c : touched) {
      mergePending(c);
    }
    touched.removeIf(c -> byRoot.get(rootOf(c)) != c);
    Cluster[] all = touched.toArray(new Cluster[0]);
    Thread[] workers = new Thread[Math.max(1, threads)];
    for (int t = 0; t < workers.length; t++) {
      int part = t;
      workers[t] =
          new Thread(
              () -> {
                for (int i = part; i < all.length; i += workers.length) {
                  all[i].entry.view.set(view(all[i], asOf));
                }
              },
              "rapport-load-" + t);
      workers[t].start();
    }
    for (Thread w : workers) {
      try {
        w.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while loading customers", e);
      }
    }
    for (Cluster c : all) {
      publish(c, c.entry.view.get());
      c.absorbed.clear();
      c.before = null;
    }
  }

  private int rootOf(Cluster c) {
    return graph.find(graph.lookup(c.members.get(0)));
  }

  /** Links each event's identifiers and queues it on its cluster; returns the clusters touched. */
  private List<Cluster> link(List<Interaction> batch) {
    List<Interaction> ordered = new ArrayList<>(batch);
    ordered.sort(FOLD_ORDER);
    Map<Cluster, Boolean> touched = new LinkedHashMap<>();
    int[] nodes = new int[8];
    int[] priorRoots = new int[8];
    for (Interaction e : ordered) {
      List<Identifier> ids = e.identifiers();
      if (nodes.length < ids.size()) {
        nodes = new int[ids.size()];
        priorRoots = new int[ids.size()];
      }
      int known = graph.nodeCount();
      int priors = 0;
      for (int i = 0; i < ids.size(); i++) {
        int n = graph.node(ids.get(i));
        nodes[i] = n;
        if (n >= 0 && n < known) {
          priorRoots[priors++] = graph.find(n);
        }
      }
      int anchor = graph.link(nodes, 0, ids.size());
      if (anchor < 0) {
        unresolved++;
        continue;
      }
      int target = graph.find(anchor);
      Cluster into = byRoot.remove(target);
      for (int p = 0; p < priors; p++) {
        int r = priorRoots[p];
        if (r != target && graph.find(r) == target) {
          Cluster other = byRoot.remove(r);
          if (other != null) {
            into = into == null ? other : absorb(into, other, touched);
          }
        }
      }
      if (into == null) {
        into = new Cluster();
      }
      for (int i = 0; i < ids.size(); i++) {
        int n = nodes[i];
        if (n >= 0 && graph.find(n) == target && !into.members.contains(ids.get(i))) {
          // A new identifier joined this customer (or one that had stood alone, refused).
          into.members.add(graph.identifier(n));
        }
      }
      byRoot.put(target, into);
      if (!touched.containsKey(into)) {
        into.before = into.entry.view.get();
        touched.put(into, Boolean.TRUE);
      }
      into.pending.add(e);
      latestSecond = Math.max(latestSecond, e.ts().getEpochSecond());
      eventCount++;
    }
    return new ArrayList<>(touched.keySet());
  }

  /** Moves {@code from}'s identifiers and events into {@code into}; returns {@code into}. */
  private Cluster absorb(Cluster into, Cluster from, Map<Cluster, Boolean> touched) {
    // Keep the bigger history as the survivor: merging copies the smaller one.
    if (from.events.length > into.events.length) {
      Cluster t = into;
      into = from;
      from = t;
    }
    if (!touched.containsKey(into)) {
      into.before = into.entry.view.get();
      touched.put(into, Boolean.TRUE);
    }
    touched.remove(from);
    LiveCustomer gone = from.entry.view.get();
    if (gone != null) {
      into.absorbed.add(gone.id());
      byId.remove(gone.id(), from.entry);
    }
    into.absorbed.addAll(from.absorbed);
    into.members.addAll(from.members);
    into.pending.addAll(Arrays.asList(from.events));
    into.pending.addAll(from.pending);
    return into;
  }

  /** Sorts a cluster's pending events into its history. */
  private void mergePending(Cluster c) {
    if (c.pending.isEmpty()) {
      return;
    }
    c.pending.sort(FOLD_ORDER);
    Interaction[] merged = new Interaction[c.events.length + c.pending.size()];
    int i = 0;
    int j = 0;
    int k = 0;
    while (i < c.events.length || j < c.pending.size()) {
      if (j == c.pending.size()
          || (i < c.events.length && FOLD_ORDER.compare(c.events[i], c.pending.get(j)) <= 0)) {
        merged[k++] = c.events[i++];
      } else {
        merged[k++] = c.pending.get(j++);
      }
    }
    c.events = merged;
    c.pending.clear();
    c.members.sort(priority);
  }

  private LiveCustomer refresh(Cluster c, Instant asOf) {
    mergePending(c);
    LiveCustomer v = view(c, asOf);
    publish(c, v);
    return v;
  }

  private LiveCustomer view(Cluster c, Instant asOf) {
    String id = Customers.displayId(c.members.get(0));
    List<Interaction> events = List.of(c.events);
    return new LiveCustomer(
        id, List.copyOf(c.members), events, folders.get().fold(id, events, asOf), asOf);
  }

  private void publish(Cluster c, LiveCustomer v) {
    LiveCustomer old = c.before;
    c.entry.view.set(v);
    if (old != null && !old.id().equals(v.id())) {
      byId.remove(old.id(), c.entry);
    }
    byId.put(v.id(), c.entry);
    for (Identifier i : v.identifiers()) {
      byIdentifier.put(i, c.entry);
    }
  }

  /** The customer an identifier belongs to, folded at the current as-of time. */
  public Optional<LiveCustomer> customer(Identifier id) {
    Entry e = byIdentifier.get(id);
    return e == null ? Optional.empty() : Optional.of(current(e));
  }

  /** A customer by display id, folded at the current as-of time. */
  public Optional<LiveCustomer> customerById(String id) {
    Entry e = byId.get(id);
    return e == null ? Optional.empty() : Optional.of(current(e));
  }

  /** Every customer, each folded at the current as-of time. */
  public void forEachCustomer(Consumer<LiveCustomer> action) {
    for (Entry e : byId.values()) {
      action.accept(current(e));
    }
  }

  /** Display ids of every customer. */
  public Collection<String> customerIds() {
    return List.copyOf(byId.keySet());
  }

  private LiveCustomer current(Entry e) {
    Instant asOf = asOf();
    while (true) {
      LiveCustomer v = e.view.get();
      if (v.asOf() == null ? asOf == null : v.asOf().equals(asOf)) {
        return v;
      }
      LiveCustomer refolded =
          new LiveCustomer(
              v.id(),
              v.identifiers(),
              v.events(),
              folders.get().fold(v.id(), v.events(), asOf),
              asOf);
      if (e.view.compareAndSet(v, refolded)) {
        return refolded;
      }
    }
  }

  /** Folds one customer's events through {@link CustomerFold}, reusing its arrays per thread. */
  private static final class Folder {
    private final CustomerFold fold;
    private long[] packed = new long[64];
    private double[] values = new double[64];
    private float[] scores = new float[64];
    private String[] ids = new String[64];

    Folder(RapportConfig config) {
      this.fold = new CustomerFold(config);
    }

    CustomerFold.Result fold(String customerId, List<Interaction> events, Instant asOf) {
      int n = events.size();
      if (packed.length < n) {
        int size = Math.max(n, packed.length * 2);
        packed = new long[size];
        values = new double[size];
        scores = new float[size];
        ids = new String[size];
      }
      for (int j = 0; j < n; j++) {
        Interaction e = events.get(j);
        packed[j] =
            CustomerFold.pack(
                EventDetail.of(e).ordinal(),
                e.ts().getEpochSecond(),
                e.channel().ordinal(),
                e.kind().ordinal(),
                e.outcome() == null ? -1 : e.outcome().ordinal());
        values[j] = e.value();
        scores[j] = (float) e.score();
        ids[j] = e.eventId();
      }
      CustomerFold.Result r = fold.fold(0, customerId, packed, values, scores, ids, 0, n, asOf);
      Arrays.fill(ids, 0, n, null);
      return r;
    }
  }
}
