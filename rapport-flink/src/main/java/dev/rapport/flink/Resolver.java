package dev.rapport.flink;

import dev.rapport.core.Identifier;
import dev.rapport.core.Interaction;
import dev.rapport.core.config.IdentitySettings;
import dev.rapport.core.engine.LiveEngine;
import dev.rapport.core.identity.Customers;
import dev.rapport.core.identity.IdentityGraph;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Identity resolution for the job (docs/SCALE.md): the one {@link IdentityGraph}, fed in event-time
 * order. Events wait until the watermark passes them and are then linked sorted as the batch engine
 * sorts them ({@link LiveEngine#FOLD_ORDER}), so refused links (per-type limits, apart rules) come
 * out as in a batch run. Each event goes to its anchor, the identifier that ranks first on it; when
 * a link merges clusters, or changes a cluster's display id, every anchor of the clusters concerned
 * is reassigned to the customer's new id before any later event.
 *
 * <p>Runs keyed by a constant at parallelism 1. The graph is held in memory and rebuilt after a
 * restore from the checkpointed log of the events that changed it (see {@link #restore}).
 */
public class Resolver extends KeyedProcessFunction<Integer, FlinkEvent, Routed> {
  private static final long serialVersionUID = 1L;

  private final ConfigSource config;
  private transient IdentitySettings settings;
  private transient IdentityGraph graph;

  /**
   * Each cluster's record, by the graph node that is its root: the nodes are dense ints, so an
   * array costs a reference per identifier where a map of boxed keys cost some 60 bytes a cluster.
   */
  private transient Cluster[] clusters;

  /** Events waiting for the watermark, by event time in milliseconds. */
  private transient TreeMap<Long, List<Interaction>> waiting;

  /** Events all of whose identifiers are blocked: nobody's, as in the batch engine. */
  private transient Counter unresolved;

  /** Events that came after the watermark had passed them: linked on arrival. */
  private transient Counter late;

  /**
   * Checkpointed: the events waiting for the watermark, and the identifiers of every event that
   * changed the graph or a cluster's anchors, in the order linked. After a restore the graph is
   * rebuilt by linking that log again: events that changed nothing (a known customer's own
   * identifiers, the common case) are not logged, since linking them again would change nothing.
   */
  private transient MapState<Long, FlinkEvent[]> waitingState;

  private transient ListState<String[]> linkLog;

  /** Whether this instance has rebuilt its memory from the checkpointed state. */
  private transient boolean restored;

  /** What the resolver knows of one cluster: its best identifier and its anchors. */
  private static final class Cluster {
    private static final Identifier[] NONE = new Identifier[0];

    Identifier best;

    /**
     * The anchors, in the order they joined. An array: nearly every cluster has one or two, and a
     * set cost some 300 bytes a cluster, a third of the resolver's heap.
     */
    Identifier[] anchors = NONE;

    /** Adds an anchor; false when it is there already. */
    boolean addAnchor(Identifier a) {
      for (Identifier x : anchors) {
        if (x.equals(a)) {
          return false;
        }
      }
      anchors = Arrays.copyOf(anchors, anchors.length + 1);
      anchors[anchors.length - 1] = a;
      return true;
    }
  }

  /** Removes and returns the record of the cluster rooted at {@code root}; null when none. */
  private Cluster take(int root) {
    if (root >= clusters.length) {
      return null;
    }
    Cluster c = clusters[root];
    clusters[root] = null;
    return c;
  }

  public Resolver(ConfigSource config) {
    this.config = config;
  }

  @Override
  public void open(OpenContext ctx) {
    settings = config.get().identity();
    graph = new IdentityGraph(settings);
    clusters = new Cluster[1 << 10];
    waiting = new TreeMap<>();
    // By event time, like the memory copy: a timer removes what it drains, not the whole backlog.
    waitingState =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "waiting", Types.LONG, TypeInformation.of(FlinkEvent[].class)));
    linkLog =
        getRuntimeContext().getListState(new ListStateDescriptor<>("link-log", String[].class));
    unresolved = getRuntimeContext().getMetricGroup().counter("unresolvedEvents");
    late = getRuntimeContext().getMetricGroup().counter("lateEvents");
  }

  @Override
  public void processElement(FlinkEvent e, Context ctx, Collector<Routed> out) throws Exception {
    restore();
    long t = e.millis();
    if (t <= ctx.timerService().currentWatermark()) {
      late.inc(); // later than the out-of-orderness allows: linked on arrival (docs/SCALE.md)
      link(e.toInteraction(), out);
      return;
    }
    waiting.computeIfAbsent(t, k -> new ArrayList<>()).add(e.toInteraction());
    FlinkEvent[] at = waitingState.get(t);
    FlinkEvent[] more = at == null ? new FlinkEvent[1] : Arrays.copyOf(at, at.length + 1);
    more[more.length - 1] = e;
    waitingState.put(t, more);
    ctx.timerService().registerEventTimeTimer(t);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Routed> out) throws Exception {
    restore();
    List<Interaction> due = new ArrayList<>();
    Map<Long, List<Interaction>> passed = waiting.headMap(timestamp, true);
    passed.values().forEach(due::addAll);
    for (Long t : passed.keySet()) {
      waitingState.remove(t);
    }
    passed.clear();
    due.sort(LiveEngine.FOLD_ORDER);
    for (Interaction e : due) {
      link(e, out);
    }
  }

  /**
   * After a restore from a checkpoint (or at the first record), rebuilds the graph and the waiting
   * events from the checkpointed state; the timers Flink restores itself.
   */
  private void restore() throws Exception {
    if (restored) {
      return;
    }
    restored = true;
    for (String[] ids : linkLog.get()) {
      List<Identifier> list = new ArrayList<>(ids.length);
      for (String id : ids) {
        list.add(Identifier.parse(id));
      }
      link(list, null, null);
    }
    for (FlinkEvent[] es : waitingState.values()) {
      for (FlinkEvent e : es) {
        waiting.computeIfAbsent(e.millis(), k -> new ArrayList<>()).add(e.toInteraction());
      }
    }
  }

  private void link(Interaction e, Collector<Routed> out) throws Exception {
    if (link(e.identifiers(), e, out)) {
      String[] ids = new String[e.identifiers().size()];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = e.identifiers().get(i).toString();
      }
      linkLog.add(ids);
    }
  }

  /**
   * Links one event's identifiers and routes it, with any reassignments it causes, to {@code out};
   * with a null {@code out} (a replay after a restore) only the graph and the clusters change.
   *
   * @return whether the graph or a cluster changed, so that a replay must link the event again
   */
  private boolean link(List<Identifier> ids, Interaction e, Collector<Routed> out) {
    int known = graph.nodeCount();
    int[] nodes = new int[ids.size()];
    List<Integer> priorRoots = new ArrayList<>();
    List<Integer> partners = new ArrayList<>();
    for (int i = 0; i < nodes.length; i++) {
      nodes[i] = graph.node(ids.get(i));
      if (nodes[i] >= 0 && nodes[i] < known) {
        priorRoots.add(graph.find(nodes[i]));
      }
    }
    for (int n : nodes) {
      if (n >= 0) {
        for (int m : graph.mergedNodes(n)) {
          partners.add(m);
          priorRoots.add(graph.find(m));
        }
      }
    }
    int anchor = graph.link(nodes, 0, nodes.length);
    if (anchor < 0) {
      if (out != null) {
        unresolved.inc();
      }
      return false; // every identifier blocked: nothing changed
    }
    int target = graph.find(anchor);
    Cluster into = take(target);
    boolean changed = into == null || graph.nodeCount() > known;
    if (into == null) {
      into = new Cluster();
    }
    Identifier bestBefore = into.best;
    String before = into.best == null ? null : Customers.displayId(into.best);
    List<Cluster> absorbed = new ArrayList<>();
    for (int r : priorRoots) {
      if (r != target && graph.find(r) == target) {
        Cluster other = take(r);
        if (other != null) {
          absorbed.add(other);
          into.best = better(into.best, other.best);
        }
      }
    }
    for (int n : nodes) {
      if (n >= 0 && graph.find(n) == target) {
        into.best = better(into.best, graph.identifier(n));
      }
    }
    for (int m : partners) {
      if (graph.find(m) == target) {
        into.best = better(into.best, graph.identifier(m));
      }
    }
    String now = Customers.displayId(into.best);
    if (before != null && !before.equals(now) && out != null) {
      for (Identifier a : into.anchors) {
        out.collect(Routed.reassign(a.toString(), before, now));
      }
    }
    for (Cluster other : absorbed) {
      for (Identifier a : other.anchors) {
        if (out != null) {
          out.collect(Routed.reassign(a.toString(), Customers.displayId(other.best), now));
        }
        into.addAnchor(a);
      }
    }
    Identifier anchorId = graph.identifier(anchor);
    changed |= into.addAnchor(anchorId) || !absorbed.isEmpty() || !into.best.equals(bestBefore);
    if (target >= clusters.length) {
      clusters = Arrays.copyOf(clusters, Math.max(target + 1, clusters.length * 2));
    }
    clusters[target] = into;
    if (out != null) {
      out.collect(Routed.event(anchorId.toString(), now, FoldEvent.of(e)));
    }
    return changed;
  }

  private Identifier better(Identifier a, Identifier b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return Customers.before(b, a, settings) ? b : a;
  }
}
