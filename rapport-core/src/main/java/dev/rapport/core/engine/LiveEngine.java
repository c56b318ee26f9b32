package dev.rapport.core.engine;

import dev.rapport.core.Identifier;
import dev.rapport.core.Interaction;
import dev.rapport.core.Kind;
import dev.rapport.core.config.RapportConfig;
import dev.rapport.core.identity.Customers;
import dev.rapport.core.identity.IdentityGraph;
import dev.rapport.core.identity.IdentityRules;
import dev.rapport.core.journey.JourneyLog;
import dev.rapport.core.kpi.KpiCube;
import dev.rapport.core.profile.FoldSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The engine behind {@code rapport serve}: customers kept current event by event, through the same
 * identity graph and the same {@link CustomerFold} as the batch engine.
 *
 * <p>Each customer's events are held in memory in fold order. When a batch arrives, its events are
 * linked into the identity graph (customers whose identifiers meet on one event merge, their events
 * merged in order) and added to their customers' histories. A customer is folded again from their
 * first event when next read, or when the change feed ({@link #changes}) reports them: a late event
 * therefore lands where it belongs in time, exactly as in a batch run, and a merge gives the
 * profile the batch run would give. Folding one customer costs microseconds; folding lazily means a
 * customer touched by many batches between two looks is folded once, which keeps ingest at the
 * speed of the store.
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
  public static final Comparator<Interaction> FOLD_ORDER = LiveEngine::compare;

  private static int compare(Interaction a, Interaction b) {
    return compareFoldOrder(
        micros(a),
        a.kind() == Kind.TOUCH,
        a.eventId(),
        micros(b),
        b.kind() == Kind.TOUCH,
        b.eventId());
  }

  /**
   * {@link #FOLD_ORDER} over the parts it reads, for callers that keep events in another form (the
   * Flink job's compact state): time in microseconds, touches first, then the event id's hash.
   */
  public static int compareFoldOrder(
      long microsA, boolean touchA, String idA, long microsB, boolean touchB, String idB) {
    int c = Long.compare(microsA, microsB);
    if (c != 0) {
      return c;
    }
    if (touchA != touchB) {
      return touchA ? -1 : 1;
    }
    return Long.compare(BatchEngine.hash64(idA), BatchEngine.hash64(idB));
  }

  /** Replaced when the identity rules change (writer thread), so volatile. */
  private volatile RapportConfig config;

  private IdentityGraph graph;
  private final Comparator<Identifier> priority;
  private final Supplier<Instant> wallClock;
  private final ThreadLocal<CustomerFold> folds;

  // Writer only.
  /** The cluster of each identity-graph root, by node; null for nodes that are not roots. */
  private Cluster[] byRoot = new Cluster[1024];

  /** Counts batches, so that a cluster knows whether the current batch touched it already. */
  private int batchNumber;

  private long unresolved;

  // Shared with readers.
  /** Times are compared to the microsecond, as the batch engine and the store keep them. */
  private static long micros(Interaction e) {
    return e.ts().getEpochSecond() * 1_000_000L + e.ts().getNano() / 1_000;
  }

  // Replaced whole by erase, so volatile.
  private volatile ConcurrentHashMap<Identifier, Entry> byIdentifier = new ConcurrentHashMap<>();
  private volatile ConcurrentHashMap<String, Entry> byId = new ConcurrentHashMap<>();
  private volatile long latestSecond = Long.MIN_VALUE;
  private volatile long eventCount;

  /**
   * A customer's events in fold order, with each event packed for {@link CustomerFold} once, when
   * it arrives, rather than at every fold. A history is never changed where a reader can see it:
   * events arriving in order are written past its size into spare capacity (which no holder of the
   * old history reads) and make a new history over the same arrays, so the usual append copies
   * nothing; a late event, or a full array, makes new arrays.
   */
  private static final class History {
    static final History EMPTY =
        new History(new Interaction[0], new long[0], new double[0], new float[0], new String[0], 0);

    final Interaction[] events;
    final long[] packed;
    final double[] values;
    final float[] scores;
    final String[] ids;
    final int size;

    History(
        Interaction[] events,
        long[] packed,
        double[] values,
        float[] scores,
        String[] ids,
        int size) {
      this.events = events;
      this.packed = packed;
      this.values = values;
      this.scores = scores;
      this.ids = ids;
      this.size = size;
    }

    static History ofCapacity(int capacity, int size) {
      return new History(
          new Interaction[capacity],
          new long[capacity],
          new double[capacity],
          new float[capacity],
          new String[capacity],
          size);
    }

    int size() {
      return size;
    }

    /** This history with {@code more} (in fold order) merged in. */
    History with(List<Interaction> more) {
      int n = size;
      int m = more.size();
      boolean inOrder = n == 0 || compare(events[n - 1], more.get(0)) <= 0;
      if (inOrder) {
        // The usual case: everything new is later than what was held.
        History h;
        if (n + m <= events.length) {
          h = new History(events, packed, values, scores, ids, n + m);
        } else {
          h = ofCapacity(Math.max(n + m, n + (n >> 1) + 4), n + m);
          h.copy(0, this, 0, n);
        }
        for (int j = 0; j < m; j++) {
          h.set(n + j, more.get(j));
        }
        return h;
      }
      // A late event: copy the runs of held events between new ones in bulk, each new event's
      // place found by binary search.
      History h = ofCapacity(Math.max(n + m, n + (n >> 1) + 4), n + m);
      int i = 0;
      int k = 0;
      for (int j = 0; j < m; j++) {
        Interaction e = more.get(j);
        int at = upperBound(e, i, n);
        h.copy(k, this, i, at - i);
        k += at - i;
        i = at;
        h.set(k++, e);
      }
      h.copy(k, this, i, n - i);
      return h;
    }

    /** The first index in {@code [from, to)} whose event comes after {@code e}. */
    private int upperBound(Interaction e, int from, int to) {
      int lo = from;
      int hi = to;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (compare(events[mid], e) <= 0) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }

    private void copy(int to, History from, int at, int count) {
      System.arraycopy(from.events, at, events, to, count);
      System.arraycopy(from.packed, at, packed, to, count);
      System.arraycopy(from.values, at, values, to, count);
      System.arraycopy(from.scores, at, scores, to, count);
      System.arraycopy(from.ids, at, ids, to, count);
    }

    private void set(int k, Interaction e) {
      events[k] = e;
      packed[k] = CustomerFold.pack(e);
      values[k] = e.value();
      scores[k] = (float) e.score();
      ids[k] = e.eventId();
    }

    /**
     * The events as a list, without a copy: the first {@code size} slots are never written again.
     */
    List<Interaction> list() {
      return Collections.unmodifiableList(Arrays.asList(events).subList(0, size));
    }
  }

  /**
   * What readers see of a customer: who they are and their history, and the fold of that history
   * once somebody asked for it (null until then: folding waits for a reader or the change feed).
   */
  private record State(
      String id, List<Identifier> identifiers, History history, LiveCustomer view) {}

  /** A customer's slot, shared with readers; its state is replaced whole. */
  private static final class Entry {
    final AtomicReference<State> state = new AtomicReference<>();

    /** Whether the entry waits in the change feed. */
    final AtomicBoolean queued = new AtomicBoolean();

    /** The customer as the change feed last reported them; null before the first report. */
    volatile LiveCustomer reported;

    /** Display ids merged into this customer since the last report. */
    final List<String> absorbed = Collections.synchronizedList(new ArrayList<>());

    /** Set when this customer was merged into another: the entry is dead. */
    volatile boolean merged;
  }

  /** What the writer knows of one identity cluster. */
  private static final class Cluster {
    final Entry entry = new Entry();
    final List<Identifier> members = new ArrayList<>();
    History history = History.EMPTY;
    final List<Interaction> pending = new ArrayList<>();

    /** The display id readers knew the cluster by before this batch; null if new. */
    String before;

    /** The batch that last touched the cluster (see {@link #batchNumber}). */
    int touchedIn = -1;

    /** The display id and identifier count last published to the readers' maps. */
    String publishedId;

    int publishedMembers;
  }

  private Cluster clusterAt(int root) {
    return root < byRoot.length ? byRoot[root] : null;
  }

  private Cluster takeCluster(int root) {
    Cluster c = clusterAt(root);
    if (c != null) {
      byRoot[root] = null;
    }
    return c;
  }

  private void putCluster(int root, Cluster c) {
    if (root >= byRoot.length) {
      byRoot = Arrays.copyOf(byRoot, Math.max(root + 1, byRoot.length * 2));
    }
    byRoot[root] = c;
  }

  /** Every cluster. */
  private List<Cluster> clusters() {
    List<Cluster> out = new ArrayList<>();
    for (Cluster c : byRoot) {
      if (c != null) {
        out.add(c);
      }
    }
    return out;
  }

  /**
   * What one batch did.
   *
   * @param customers customers the batch touched (new, changed or merged)
   * @param unresolved events that belong to nobody: all their identifiers are on the blocklist
   */
  public record Update(int customers, int unresolved) {}

  /**
   * One customer as the change feed last reported them, and now.
   *
   * @param before the customer at the last report; null for a customer not reported before
   * @param after the customer now
   * @param absorbed display ids of customers merged into this one since the last report
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
    this.folds = ThreadLocal.withInitial(() -> new CustomerFold(config));
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

  /**
   * The current time: the wall clock when the engine follows one, else the time of the latest event
   * (a replayed history's "now"). Null before the first event without a wall clock.
   */
  public Instant now() {
    long latest = latestSecond;
    if (wallClock != null) {
      return Instant.ofEpochSecond(Math.max(latest, wallClock.get().getEpochSecond()));
    }
    return latest == Long.MIN_VALUE ? null : Instant.ofEpochSecond(latest);
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
   * Links and stores a batch of new events; the caller guarantees the events are new (the store
   * decides that). Writer thread only.
   *
   * <p>The customers touched are not folded here: the next read of each folds their new history (so
   * a read after this returns sees the events), and {@link #changes} folds them for the change
   * feed. Folding costs more than everything else an event does, and a customer touched by several
   * batches before anybody looks is folded once.
   */
  public Update apply(List<Interaction> batch) {
    long unresolvedBefore = unresolved;
    List<Cluster> touched = link(batch);
    for (Cluster c : touched) {
      mergePending(c);
      publish(c, new State(displayId(c), List.copyOf(c.members), c.history, null));
      if (feed && c.entry.queued.compareAndSet(false, true)) {
        dirty.add(c.entry);
      }
    }
    return new Update(touched.size(), (int) (unresolved - unresolvedBefore));
  }

  /**
   * The change feed: every customer touched since the last call, folded now, with how they were
   * when last reported. Call from one thread (the server's trigger thread); safe beside the writer
   * and the readers.
   */
  public List<Change> changes() {
    List<Change> out = new ArrayList<>();
    Entry e;
    while ((e = dirty.poll()) != null) {
      e.queued.set(false);
      if (e.merged) {
        continue; // the customer it merged into reports the merge
      }
      LiveCustomer after = current(e);
      List<String> absorbed;
      synchronized (e.absorbed) {
        absorbed = List.copyOf(e.absorbed);
        e.absorbed.clear();
      }
      out.add(new Change(e.reported, after, absorbed));
      e.reported = after;
    }
    return out;
  }

  /** Customers touched and not yet reported by {@link #changes}: the change feed's lag. */
  public int pendingChanges() {
    return dirty.size();
  }

  private final ConcurrentLinkedQueue<Entry> dirty = new ConcurrentLinkedQueue<>();
  private volatile boolean feed = true;

  /**
   * Whether {@link #apply} queues the customers it touched for {@link #changes}. A server with no
   * trigger turns the feed off: nothing would read it, and folding every touched customer for it
   * costs more than the rest of ingest.
   */
  public void feedChanges(boolean on) {
    feed = on;
    if (!on) {
      dirty.clear();
    }
  }

  private String displayId(Cluster c) {
    return Customers.displayId(c.members.get(0));
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
    touched.removeIf(c -> clusterAt(rootOf(c)) != c);
    Cluster[] all = touched.toArray(new Cluster[0]);
    Thread[] workers = new Thread[Math.max(1, threads)];
    for (int t = 0; t < workers.length; t++) {
      int part = t;
      workers[t] =
          new Thread(
              () -> {
                for (int i = part; i < all.length; i += workers.length) {
                  Cluster c = all[i];
                  String id = displayId(c);
                  List<Identifier> ids = List.copyOf(c.members);
                  c.entry.state.set(new State(id, ids, c.history, fold(id, ids, c.history, asOf)));
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
      publish(c, c.entry.state.get());
      c.entry.reported = c.entry.state.get().view();
      c.entry.absorbed.clear();
    }
  }

  private int rootOf(Cluster c) {
    return graph.find(graph.lookup(c.members.get(0)));
  }

  /** An event with its sort key computed once: the batch is sorted on it. */
  private record Keyed(Interaction e, long micros, boolean touch, long hash)
      implements Comparable<Keyed> {
    Keyed(Interaction e) {
      this(e, LiveEngine.micros(e), e.kind() == Kind.TOUCH, BatchEngine.hash64(e.eventId()));
    }

    @Override
    public int compareTo(Keyed o) {
      int c = Long.compare(micros, o.micros);
      if (c != 0) {
        return c;
      }
      if (touch != o.touch) {
        return touch ? -1 : 1;
      }
      return Long.compare(hash, o.hash);
    }
  }

  /** Links each event's identifiers and queues it on its cluster; returns the clusters touched. */
  private List<Cluster> link(List<Interaction> batch) {
    Keyed[] ordered = new Keyed[batch.size()];
    for (int i = 0; i < ordered.length; i++) {
      ordered[i] = new Keyed(batch.get(i));
    }
    Arrays.sort(ordered);
    int number = ++batchNumber;
    List<Cluster> touched = new ArrayList<>();
    int[] nodes = new int[8];
    int[] priorRoots = new int[8];
    int[] partners = new int[8];
    for (Keyed keyed : ordered) {
      Interaction e = keyed.e();
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
      // Customers a merge rule joins to this event's identifiers merge in too.
      int partnerCount = 0;
      for (int i = 0; i < ids.size(); i++) {
        for (int m : nodes[i] >= 0 ? graph.mergedNodes(nodes[i]) : NO_NODES) {
          if (partnerCount == partners.length) {
            partners = Arrays.copyOf(partners, 2 * partnerCount);
          }
          partners[partnerCount++] = m;
        }
      }
      if (priors + partnerCount > priorRoots.length) {
        priorRoots = Arrays.copyOf(priorRoots, priors + partnerCount);
      }
      for (int p = 0; p < partnerCount; p++) {
        priorRoots[priors++] = graph.find(partners[p]);
      }
      int anchor = graph.link(nodes, 0, ids.size());
      if (anchor < 0) {
        unresolved++;
        continue;
      }
      int target = graph.find(anchor);
      Cluster into = takeCluster(target);
      boolean merged = false;
      for (int p = 0; p < priors; p++) {
        int r = priorRoots[p];
        if (r != target && graph.find(r) == target) {
          merged = true;
          Cluster other = takeCluster(r);
          if (other != null) {
            into = into == null ? other : absorb(into, other, number, touched);
          }
        }
      }
      if (into == null) {
        into = new Cluster();
      }
      // Identifiers join when new, or when their cluster merged in (one that had stood alone,
      // refused, has no cluster to bring them). A known customer's own event adds none.
      if (merged || graph.nodeCount() > known || into.members.isEmpty()) {
        for (int i = 0; i < ids.size(); i++) {
          int n = nodes[i];
          if (n >= 0 && graph.find(n) == target && !into.members.contains(ids.get(i))) {
            into.members.add(graph.identifier(n));
          }
        }
        for (int p = 0; p < partnerCount; p++) { // one that never anchored an event has no cluster
          int m = partners[p];
          if (graph.find(m) == target && !into.members.contains(graph.identifier(m))) {
            into.members.add(graph.identifier(m));
          }
        }
      }
      putCluster(target, into);
      if (into.touchedIn != number) {
        into.touchedIn = number;
        into.before = idOf(into);
        touched.add(into);
      }
      into.pending.add(e);
      latestSecond = Math.max(latestSecond, keyed.micros() / 1_000_000L);
      eventCount++;
    }
    touched.removeIf(c -> c.touchedIn != number); // absorbed into another during the batch
    return touched;
  }

  private static final int[] NO_NODES = new int[0];

  /** Moves {@code from}'s identifiers and events into {@code into}; returns {@code into}. */
  private Cluster absorb(Cluster into, Cluster from, int number, List<Cluster> touched) {
    // Keep the bigger history as the survivor: merging copies the smaller one.
    if (from.history.size() > into.history.size()) {
      Cluster t = into;
      into = from;
      from = t;
    }
    if (into.touchedIn != number) {
      into.touchedIn = number;
      into.before = idOf(into);
      touched.add(into);
    }
    from.touchedIn = -number; // out of this batch's touched list
    String gone = idOf(from);
    if (gone != null) {
      into.entry.absorbed.add(gone);
      byId.remove(gone, from.entry);
    }
    synchronized (from.entry.absorbed) {
      into.entry.absorbed.addAll(from.entry.absorbed);
    }
    from.entry.merged = true;
    into.members.addAll(from.members);
    into.pending.addAll(from.history.list());
    into.pending.addAll(from.pending);
    return into;
  }

  /** Sorts a cluster's pending events into its history. */
  private void mergePending(Cluster c) {
    if (c.pending.isEmpty()) {
      return;
    }
    c.pending.sort(FOLD_ORDER);
    c.history = c.history.with(c.pending);
    c.pending.clear();
    c.members.sort(priority);
  }

  /** The display id readers know a cluster by; null while it was never published. */
  private static String idOf(Cluster c) {
    State s = c.entry.state.get();
    return s == null ? null : s.id();
  }

  private LiveCustomer fold(String id, List<Identifier> members, History h, Instant asOf) {
    CustomerFold.Result r =
        folds.get().fold(0, id, h.packed, h.values, h.scores, h.ids, 0, h.size(), asOf);
    return new LiveCustomer(id, members, h.list(), r, asOf);
  }

  private void publish(Cluster c, State s) {
    c.entry.state.set(s);
    if (c.before != null && !c.before.equals(s.id())) {
      byId.remove(c.before, c.entry);
    }
    c.before = null;
    // The maps already point here unless the customer is new, renamed, or gained identifiers.
    if (!s.id().equals(c.publishedId) || s.identifiers().size() != c.publishedMembers) {
      byId.put(s.id(), c.entry);
      for (Identifier i : s.identifiers()) {
        byIdentifier.put(i, c.entry);
      }
      c.publishedId = s.id();
      c.publishedMembers = s.identifiers().size();
    }
  }

  /**
   * Forgets a customer: their events, their identifiers and every link among them, as if they had
   * never been seen. Events of others that carry one of the erased identifiers go too (the store
   * erases them as well), and so do the identity rules that name one. The identity graph cannot
   * unlink, so it is rebuilt from the events left (see {@link #relink}). Writer thread only.
   *
   * @return the customer as they were; empty when no customer has that display id
   */
  public Optional<LiveCustomer> erase(String customerId) {
    Entry gone = byId.get(customerId);
    if (gone == null) {
      return Optional.empty();
    }
    LiveCustomer was = current(gone);
    Set<Identifier> erased = new HashSet<>(was.identifiers());
    IdentityRules rules = config.identity().rules().without(erased);
    config = config.withIdentity(config.identity().withRules(rules));
    relink(e -> Collections.disjoint(e.identifiers(), erased), gone);
    return Optional.of(was);
  }

  /**
   * Puts new identity rules in force (merges and splits decided by hand): every customer is linked
   * again from their events under the new rules, as a batch run would link them. Writer thread
   * only.
   */
  public void rules(IdentityRules rules) {
    config = config.withIdentity(config.identity().withRules(rules));
    relink(e -> true, null);
  }

  /** The identity rules in force. */
  public IdentityRules rules() {
    return config.identity().rules();
  }

  /**
   * Rebuilds the identity graph and every history from the events held that {@code keep} accepts
   * (less those of {@code dropped}, when not null), linked in event-time order like a batch run:
   * union-find cannot unlink, so an erase or a split needs the whole graph again. About a second
   * per million events; readers see the old state until the new one is complete. Customers whose
   * history changed go to the change feed, compared with how it last reported them.
   */
  private void relink(java.util.function.Predicate<Interaction> keep, Entry dropped) {
    List<Interaction> kept = new ArrayList<>();
    Map<String, LiveCustomer> reported = new HashMap<>();
    for (Cluster c : clusters()) {
      c.entry.merged = true; // every old entry is dead to the change feed
      if (c.entry == dropped) {
        continue;
      }
      if (c.entry.reported != null) {
        reported.put(c.entry.reported.id(), c.entry.reported);
      }
      for (Interaction e : c.history.list()) {
        if (keep.test(e)) {
          kept.add(e);
        }
      }
    }
    LiveEngine fresh = new LiveEngine(config, wallClock);
    fresh.link(kept);
    for (Cluster c : fresh.clusters()) {
      fresh.mergePending(c);
      fresh.publish(c, new State(displayId(c), List.copyOf(c.members), c.history, null));
      LiveCustomer before = reported.get(displayId(c));
      c.entry.reported = before;
      if (feed && (before == null || before.events().size() != c.history.size())) {
        c.entry.queued.set(true);
        dirty.add(c.entry); // gained or lost events
      }
    }
    graph = fresh.graph;
    byRoot = fresh.byRoot;
    byIdentifier = fresh.byIdentifier;
    byId = fresh.byId;
    eventCount = fresh.eventCount;
    unresolved += fresh.unresolved;
  }

  /**
   * Every customer as they are now, for a pass over the whole population: their histories captured
   * at one moment, between two batches, so that the pass counts each event once even when ingest
   * merges customers meanwhile. Writer thread only (the server runs it there); it copies
   * references, not events, so it is quick. Fold the result on any thread.
   */
  public Frozen freeze() {
    List<State> states = new ArrayList<>(byId.size());
    for (Cluster c : clusters()) {
      State s = c.entry.state.get();
      if (s != null) {
        states.add(s);
      }
    }
    return new Frozen(states, asOf());
  }

  /** The population as {@link #freeze} captured it. */
  public final class Frozen {
    private final List<State> states;
    private final Instant asOf;

    private Frozen(List<State> states, Instant asOf) {
      this.states = states;
      this.asOf = asOf;
    }

    /** Customers captured. */
    public int size() {
      return states.size();
    }

    /**
     * Folds every captured customer at the as-of time of the capture, with the population sums a
     * read of one customer throws away: the KPI cube (events by month and channel) and the journey
     * log, the batch engine's for the same events and as-of time. About a second per 100,000
     * customers on one core.
     */
    public Snapshot fold() {
      KpiCube cube = new KpiCube();
      JourneyLog journeys = new JourneyLog();
      CustomerFold fold = new CustomerFold(config, new FoldSettings(config), cube, journeys);
      List<LiveCustomer> out = new ArrayList<>(states.size());
      for (State s : states) {
        History h = s.history();
        CustomerFold.Result r =
            fold.fold(0, s.id(), h.packed, h.values, h.scores, h.ids, 0, h.size(), asOf);
        out.add(new LiveCustomer(s.id(), s.identifiers(), h.list(), r, asOf));
      }
      return new Snapshot(asOf, out, cube, journeys);
    }
  }

  /**
   * The whole population folded at one as-of time.
   *
   * @param customers every customer, in no particular order
   * @param cube the events' KPI sums by month and channel
   * @param journeys the touchpoint paths to conversion
   */
  public record Snapshot(
      Instant asOf, List<LiveCustomer> customers, KpiCube cube, JourneyLog journeys) {}

  /** The customer an identifier belongs to, folded at the current as-of time. */
  public Optional<LiveCustomer> customer(Identifier id) {
    Entry e = byIdentifier.get(id);
    return e == null ? Optional.empty() : Optional.of(read(e));
  }

  /** A customer by display id, folded at the current as-of time. */
  public Optional<LiveCustomer> customerById(String id) {
    Entry e = byId.get(id);
    return e == null ? Optional.empty() : Optional.of(read(e));
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

  /**
   * A customer's fold is kept for the next read only when their history has at least this many
   * events; a smaller one is folded again at each read that finds no fold kept. Keeping a fold
   * makes it live data the young collections copy: after the as-of day moved, every first read
   * would replace a kept fold, and on the load benchmark those copies were the read tail (a 58 ms
   * young pause). Folding a customer of a few dozen events costs microseconds.
   */
  static final int KEEP_FOLD_FROM_EVENTS = 64;

  /** {@link #current} for a single read: keeps the fold only for a long history. */
  private LiveCustomer read(Entry e) {
    State s = e.state.get();
    if (s.history().size() >= KEEP_FOLD_FROM_EVENTS) {
      return current(e);
    }
    Instant asOf = asOf();
    LiveCustomer kept = keptAt(s, asOf);
    return kept != null ? kept : fold(s.id(), s.identifiers(), s.history(), asOf);
  }

  /** The fold kept in {@code s} if it was folded at {@code asOf}; else null. */
  private static LiveCustomer keptAt(State s, Instant asOf) {
    LiveCustomer v = s.view();
    return v != null && java.util.Objects.equals(v.asOf(), asOf) ? v : null;
  }

  /** The entry's customer folded from their current history at the current as-of time, kept. */
  private LiveCustomer current(Entry e) {
    Instant asOf = asOf();
    while (true) {
      State s = e.state.get();
      LiveCustomer kept = keptAt(s, asOf);
      if (kept != null) {
        return kept;
      }
      LiveCustomer folded = fold(s.id(), s.identifiers(), s.history(), asOf);
      if (e.state.compareAndSet(s, new State(s.id(), s.identifiers(), s.history(), folded))) {
        return folded;
      }
    }
  }
}
