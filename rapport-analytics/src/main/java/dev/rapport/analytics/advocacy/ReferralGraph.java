package dev.rapport.analytics.advocacy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who referred whom: a directed graph from referrer to referred, each distinct pair once (a
 * referral logged twice is one edge). Nodes are customer ids, or the raw identifier of someone
 * referred who is not a customer (yet).
 *
 * <p>An advocate's reach is measured two ways. {@link #reach} counts everyone downstream: the
 * people they referred, the people those referred, and so on. {@link #pageRank} (Page, Brin,
 * Motwani &amp; Winograd 1999) runs on the reversed edges, so that importance flows from the
 * referred to their referrer: an advocate whose referrals refer others ranks above one with as many
 * referrals who stopped there. Damping 0.85; a node with no referrer spreads its rank evenly over
 * all nodes, as networkx's {@code pagerank} does.
 */
public final class ReferralGraph {
  /** A referral: {@code referrer} referred {@code referred}. */
  public record Edge(String referrer, String referred) {}

  static final double DAMPING = 0.85;
  private static final double TOLERANCE = 1e-12;
  private static final int MAX_ITERATIONS = 1000;

  private final List<String> nodes;
  private final Map<String, Integer> index;
  private final int[][] referred; // node -> the nodes it referred
  private final int[][] referrers; // node -> the nodes that referred it
  private double[] rank;

  private ReferralGraph(List<String> nodes, Map<String, Integer> index, int[][] out, int[][] in) {
    this.nodes = nodes;
    this.index = index;
    this.referred = out;
    this.referrers = in;
  }

  public static ReferralGraph of(List<Edge> edges) {
    Map<String, Integer> index = new HashMap<>();
    List<String> nodes = new ArrayList<>();
    List<Set<Integer>> out = new ArrayList<>();
    List<Set<Integer>> in = new ArrayList<>();
    for (Edge e : edges) {
      if (e.referrer().equals(e.referred())) {
        continue; // referring oneself is no referral
      }
      int a = node(e.referrer(), index, nodes, out, in);
      int b = node(e.referred(), index, nodes, out, in);
      out.get(a).add(b);
      in.get(b).add(a);
    }
    return new ReferralGraph(List.copyOf(nodes), index, arrays(out), arrays(in));
  }

  private static int node(
      String id,
      Map<String, Integer> index,
      List<String> nodes,
      List<Set<Integer>> out,
      List<Set<Integer>> in) {
    Integer i = index.get(id);
    if (i == null) {
      i = nodes.size();
      index.put(id, i);
      nodes.add(id);
      out.add(new LinkedHashSet<>());
      in.add(new LinkedHashSet<>());
    }
    return i;
  }

  private static int[][] arrays(List<Set<Integer>> sets) {
    int[][] a = new int[sets.size()][];
    for (int i = 0; i < a.length; i++) {
      a[i] = sets.get(i).stream().mapToInt(Integer::intValue).toArray();
    }
    return a;
  }

  /** Every person in the graph, referrers and referred, in order of first appearance. */
  public List<String> nodes() {
    return nodes;
  }

  /** Distinct referrer-referred pairs. */
  public long edges() {
    return Arrays.stream(referred).mapToLong(a -> a.length).sum();
  }

  /** People referred by {@code id} directly; 0 for someone not in the graph. */
  public int referrals(String id) {
    Integer i = index.get(id);
    return i == null ? 0 : referred[i].length;
  }

  /** Whether someone referred {@code id}. */
  public boolean isReferred(String id) {
    Integer i = index.get(id);
    return i != null && referrers[i].length > 0;
  }

  /** The people {@code id} referred directly. */
  public List<String> referredBy(String id) {
    Integer i = index.get(id);
    return i == null ? List.of() : Arrays.stream(referred[i]).mapToObj(nodes::get).toList();
  }

  /** Everyone downstream of {@code id}: referred by them, or by someone downstream of them. */
  public int reach(String id) {
    Integer start = index.get(id);
    if (start == null) {
      return 0;
    }
    boolean[] seen = new boolean[nodes.size()];
    seen[start] = true;
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    queue.add(start);
    int count = 0;
    while (!queue.isEmpty()) {
      for (int next : referred[queue.poll()]) {
        if (!seen[next]) {
          seen[next] = true;
          count++;
          queue.add(next);
        }
      }
    }
    return count;
  }

  /** The PageRank of {@code id} on the reversed graph (all nodes sum to 1); 0 when absent. */
  public double pageRank(String id) {
    Integer i = index.get(id);
    return i == null ? 0 : ranks()[i];
  }

  private double[] ranks() {
    if (rank == null) {
      rank = computeRanks();
    }
    return rank;
  }

  /**
   * Power iteration on the reversed edges: a referred node passes its rank to its referrers in
   * equal shares; a node nobody referred (no out-edge in the reversed graph) spreads it over
   * everyone.
   */
  private double[] computeRanks() {
    int n = nodes.size();
    double[] r = new double[n];
    if (n == 0) {
      return r;
    }
    Arrays.fill(r, 1.0 / n);
    double[] next = new double[n];
    for (int iter = 0; iter < MAX_ITERATIONS; iter++) {
      double dangling = 0;
      for (int v = 0; v < n; v++) {
        if (referrers[v].length == 0) {
          dangling += r[v];
        }
      }
      Arrays.fill(next, (1 - DAMPING) / n + DAMPING * dangling / n);
      for (int v = 0; v < n; v++) {
        int[] to = referrers[v];
        if (to.length > 0) {
          double share = DAMPING * r[v] / to.length;
          for (int u : to) {
            next[u] += share;
          }
        }
      }
      double change = 0;
      for (int v = 0; v < n; v++) {
        change += Math.abs(next[v] - r[v]);
      }
      double[] t = r;
      r = next;
      next = t;
      if (change < TOLERANCE * n) {
        break;
      }
    }
    return r;
  }
}
