package dev.rapport.core.identity;

import dev.rapport.core.Identifier;
import dev.rapport.core.config.IdentitySettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Links identifiers into customers: every identifier seen on one event belongs to the same person,
 * so the graph unions them (union-find with union by size and path halving). Two safeguards keep
 * one bad value from gluing thousands of customers together: junk values on the blocklist never
 * link, and a union that would give one customer more identifiers of a type than the configured
 * limit (by default one {@code customer_id}) is refused and counted as a conflict.
 *
 * <p>Rules decided by hand ({@link IdentityRules}) come last: a merge rule links its two
 * identifiers as soon as an event brings one of them while the other is known, past the per-type
 * limit; an apart rule refuses any union that would put its two identifiers in one customer.
 *
 * <p>Links depend on the order events are linked in only through refused unions; the batch engine
 * links in event-time order (ties broken by event id), so its result does not depend on the order
 * of input rows.
 */
public final class IdentityGraph {
  private static final int[] NONE = new int[0];

  private final IdentitySettings settings;
  private final IdentityRules rules;
  private final IdentifierIndex nodes = new IdentifierIndex();
  private final List<Identifier> identifiers = new ArrayList<>();
  private final Map<String, Integer> typeIndex = new HashMap<>();
  private final List<String> types = new ArrayList<>();
  private int[] nodeType = new int[1024];
  private int[] parent = new int[1024];
  private int[] size = new int[1024];

  /** Per-type identifier counts, only for roots of clusters with more than one member. */
  private final Map<Integer, int[]> typeCounts = new HashMap<>();

  /**
   * The members with an apart rule, for roots of clusters that have one: a union is checked against
   * these only, so graphs without apart rules pay nothing.
   */
  private final Map<Integer, int[]> ruled = new HashMap<>();

  private long conflicts;
  private long blocked;
  private long keptApart;

  public IdentityGraph(IdentitySettings settings) {
    this.settings = settings;
    this.rules = settings.rules();
  }

  /**
   * The node of an identifier, added as a customer of its own if new; -1 if its value is on the
   * blocklist. Registers without linking.
   */
  public int node(Identifier id) {
    int n = nodes.get(id);
    if (n >= 0) {
      return n; // known identifiers passed the blocklist when first seen
    }
    if (settings.isBlocked(id.value())) {
      blocked++;
      return -1;
    }
    int node = identifiers.size();
    if (node == parent.length) {
      int grown = node * 2;
      parent = Arrays.copyOf(parent, grown);
      size = Arrays.copyOf(size, grown);
      nodeType = Arrays.copyOf(nodeType, grown);
    }
    identifiers.add(id);
    nodes.putLastLookedUp(node);
    parent[node] = node;
    size[node] = 1;
    nodeType[node] = typeIndex.computeIfAbsent(id.type(), t -> addType(t));
    if (rules.hasApart() && !rules.apartFrom(id).isEmpty()) {
      ruled.put(node, new int[] {node});
    }
    return node;
  }

  /**
   * {@link #node} of each of {@code ids[0..n)} into {@code out}, with the same result as calling it
   * in order; faster for a batch because the lookups of known identifiers overlap in memory.
   */
  public void nodes(Identifier[] ids, int n, int[] out) {
    nodes.getAll(ids, n, out);
    for (int i = 0; i < n; i++) {
      if (out[i] < 0) {
        out[i] = node(ids[i]); // new, blocked, or added earlier in this batch
      }
    }
  }

  private int addType(String t) {
    types.add(t);
    return types.size() - 1; // shorter count arrays read the new type as zero
  }

  /**
   * Links the nodes of one event and returns its anchor: the node of the identifier that ranks
   * first in the configured priority, which is the node the event belongs to. Returns -1 when the
   * event has no usable node (all its identifiers were blocked).
   *
   * @param eventNodes nodes from {@link #node}; -1 entries are skipped
   */
  public int link(int[] eventNodes, int from, int to) {
    int anchor = -1;
    for (int i = from; i < to; i++) {
      int n = eventNodes[i];
      if (n >= 0 && (anchor < 0 || ranksBefore(n, anchor))) {
        anchor = n;
      }
    }
    if (anchor < 0) {
      return -1;
    }
    for (int i = from; i < to; i++) {
      int n = eventNodes[i];
      if (n >= 0 && n != anchor) {
        union(anchor, n, false);
      }
    }
    if (rules.hasMerges()) {
      // Only from identifiers the event's customer holds: a merge through an identifier whose
      // link was refused would join two customers neither of which this event belongs to, and
      // the engines that follow clusters (live, Flink) would not see it. The rule then links
      // when an event of that identifier's own customer comes.
      for (int i = from; i < to; i++) {
        int n = eventNodes[i];
        if (n >= 0 && find(n) == find(anchor)) {
          for (int m : mergedNodes(n)) {
            union(anchor, m, true);
          }
        }
      }
    }
    return anchor;
  }

  /**
   * The known nodes a merge rule links to {@code node}: {@link #link} unions them, and the live
   * engine needs their customers before it does, to move their events.
   */
  public int[] mergedNodes(int node) {
    if (!rules.hasMerges()) {
      return NONE;
    }
    List<Identifier> partners = rules.mergedWith(identifiers.get(node));
    if (partners.isEmpty()) {
      return NONE;
    }
    int[] out = new int[partners.size()];
    int k = 0;
    for (Identifier p : partners) {
      int m = nodes.get(p);
      if (m >= 0) {
        out[k++] = m;
      }
    }
    return k == out.length ? out : Arrays.copyOf(out, k);
  }

  /** Convenience for tests and the server: registers and links one event's identifiers. */
  public int link(List<Identifier> ids) {
    int[] ns = new int[ids.size()];
    for (int i = 0; i < ns.length; i++) {
      ns[i] = node(ids.get(i));
    }
    return link(ns, 0, ns.length);
  }

  private boolean ranksBefore(int a, int b) {
    Identifier x = identifiers.get(a);
    Identifier y = identifiers.get(b);
    int c = Integer.compare(settings.rank(x.type()), settings.rank(y.type()));
    return c != 0 ? c < 0 : x.compareTo(y) < 0;
  }

  /**
   * Joins the clusters of {@code a} and {@code b} unless an apart rule forbids it, or (when not
   * {@code forced} by a merge rule) the per-type limit does.
   */
  private void union(int a, int b, boolean forced) {
    int ra = find(a);
    int rb = find(b);
    if (ra == rb) {
      return;
    }
    if (ruledApart(ra, rb)) {
      keptApart++;
      return;
    }
    int[] ca = counts(ra);
    int[] cb = counts(rb);
    for (int t = 0; !forced && t < types.size(); t++) {
      // Only a union that adds identifiers of a type to a customer who has some can break its
      // limit; a customer over it by a merge rule still takes identifiers of other types.
      int x = count(ca, t);
      int y = count(cb, t);
      if (x > 0 && y > 0 && x + y > settings.limit(types.get(t))) {
        conflicts++;
        return;
      }
    }
    if (size[ra] < size[rb]) {
      int swap = ra;
      ra = rb;
      rb = swap;
      int[] c = ca;
      ca = cb;
      cb = c;
    }
    parent[rb] = ra;
    size[ra] += size[rb];
    int[] merged = new int[types.size()];
    for (int t = 0; t < merged.length; t++) {
      merged[t] = count(ca, t) + count(cb, t);
    }
    typeCounts.remove(rb);
    typeCounts.put(ra, merged);
    int[] ruledB = ruled.remove(rb);
    if (ruledB != null) {
      int[] ruledA = ruled.get(ra);
      ruled.put(ra, ruledA == null ? ruledB : concat(ruledA, ruledB));
    }
  }

  /** Whether an apart rule has one identifier in cluster {@code ra} and the other in {@code rb}. */
  private boolean ruledApart(int ra, int rb) {
    int[] ma = ruled.get(ra);
    int[] mb = ruled.get(rb);
    if (ma == null || mb == null) {
      return false; // an apart rule names a member on each side, so both would have one
    }
    int[] fewer = ma.length <= mb.length ? ma : mb;
    int other = fewer == ma ? rb : ra;
    for (int m : fewer) {
      for (Identifier p : rules.apartFrom(identifiers.get(m))) {
        int n = nodes.get(p);
        if (n >= 0 && find(n) == other) {
          return true;
        }
      }
    }
    return false;
  }

  private static int[] concat(int[] x, int[] y) {
    int[] out = Arrays.copyOf(x, x.length + y.length);
    System.arraycopy(y, 0, out, x.length, y.length);
    return out;
  }

  private int[] counts(int root) {
    int[] c = typeCounts.get(root);
    if (c != null) {
      return c;
    }
    int[] single = new int[types.size()];
    single[nodeType[root]] = 1;
    return single;
  }

  private static int count(int[] counts, int type) {
    return type < counts.length ? counts[type] : 0;
  }

  /** The root of a node's cluster. */
  public int find(int node) {
    int n = node;
    while (parent[n] != n) {
      parent[n] = parent[parent[n]];
      n = parent[n];
    }
    return n;
  }

  /** The node of an identifier already in the graph, or -1. */
  public int lookup(Identifier id) {
    return nodes.get(id);
  }

  public int nodeCount() {
    return identifiers.size();
  }

  public Identifier identifier(int node) {
    return identifiers.get(node);
  }

  /** Unions refused because they would break a per-type limit. */
  public long conflicts() {
    return conflicts;
  }

  /** Unions refused because an apart rule keeps the two customers apart. */
  public long keptApart() {
    return keptApart;
  }

  /** Identifier values ignored because they are on the blocklist. */
  public long blocked() {
    return blocked;
  }

  /** Freezes the current clusters into dense customer keys with display ids. */
  public Customers customers() {
    return Customers.of(this, settings);
  }
}
