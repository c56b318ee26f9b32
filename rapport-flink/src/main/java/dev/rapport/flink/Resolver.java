package dev.rapport.flink;

import dev.rapport.core.Identifier;
import dev.rapport.core.Interaction;
import dev.rapport.core.config.IdentitySettings;
import dev.rapport.core.engine.LiveEngine;
import dev.rapport.core.identity.Customers;
import dev.rapport.core.identity.IdentityGraph;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
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
 * <p>Runs keyed by a constant at parallelism 1. Its graph is held in memory and is not yet part of
 * Flink's checkpoints: the restore after a failure is the next step (docs/SCALE.md).
 */
public class Resolver extends KeyedProcessFunction<Integer, FlinkEvent, Routed> {
  private static final long serialVersionUID = 1L;

  private final ConfigSource config;
  private transient IdentitySettings settings;
  private transient IdentityGraph graph;
  private transient Map<Integer, Cluster> clusters;

  /** Events waiting for the watermark, by event time in milliseconds. */
  private transient TreeMap<Long, List<Interaction>> waiting;

  /** Events all of whose identifiers are blocked: nobody's, as in the batch engine. */
  private transient Counter unresolved;

  /** Events that came after the watermark had passed them: linked on arrival. */
  private transient Counter late;

  /** What the resolver knows of one cluster: its best identifier and its anchors. */
  private static final class Cluster {
    Identifier best;
    final Set<Identifier> anchors = new LinkedHashSet<>();
  }

  public Resolver(ConfigSource config) {
    this.config = config;
  }

  @Override
  public void open(OpenContext ctx) {
    settings = config.get().identity();
    graph = new IdentityGraph(settings);
    clusters = new HashMap<>();
    waiting = new TreeMap<>();
    unresolved = getRuntimeContext().getMetricGroup().counter("unresolvedEvents");
    late = getRuntimeContext().getMetricGroup().counter("lateEvents");
  }

  @Override
  public void processElement(FlinkEvent e, Context ctx, Collector<Routed> out) {
    long t = e.millis();
    if (t <= ctx.timerService().currentWatermark()) {
      late.inc(); // later than the out-of-orderness allows: linked on arrival (docs/SCALE.md)
      link(e.toInteraction(), out);
      return;
    }
    waiting.computeIfAbsent(t, k -> new ArrayList<>()).add(e.toInteraction());
    ctx.timerService().registerEventTimeTimer(t);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Routed> out) {
    List<Interaction> due = new ArrayList<>();
    Map<Long, List<Interaction>> passed = waiting.headMap(timestamp, true);
    passed.values().forEach(due::addAll);
    passed.clear();
    due.sort(LiveEngine.FOLD_ORDER);
    for (Interaction e : due) {
      link(e, out);
    }
  }

  private void link(Interaction e, Collector<Routed> out) {
    List<Identifier> ids = e.identifiers();
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
      unresolved.inc();
      return;
    }
    int target = graph.find(anchor);
    Cluster into = clusters.remove(target);
    if (into == null) {
      into = new Cluster();
    }
    String before = into.best == null ? null : Customers.displayId(into.best);
    List<Cluster> absorbed = new ArrayList<>();
    for (int r : priorRoots) {
      if (r != target && graph.find(r) == target) {
        Cluster other = clusters.remove(r);
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
    if (before != null && !before.equals(now)) {
      for (Identifier a : into.anchors) {
        out.collect(Routed.reassign(a.toString(), before, now));
      }
    }
    for (Cluster other : absorbed) {
      for (Identifier a : other.anchors) {
        out.collect(Routed.reassign(a.toString(), Customers.displayId(other.best), now));
        into.anchors.add(a);
      }
    }
    Identifier anchorId = graph.identifier(anchor);
    into.anchors.add(anchorId);
    clusters.put(target, into);
    out.collect(Routed.event(anchorId.toString(), now, FlinkEvent.of(e)));
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
