package dev.rapport.core.identity;

import dev.rapport.core.Identifier;
import dev.rapport.core.config.IdentitySettings;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The customers of an {@link IdentityGraph} at one moment: a dense key per cluster (0..n-1, in
 * order of each cluster's display id, so that keys do not depend on input order), the display id,
 * and the identifiers of each customer.
 *
 * <p>The display id is the cluster's identifier of the highest-priority type (smallest value on a
 * tie): the bare value for {@code customer_id}, {@code type:value} for any other type.
 */
public final class Customers {
  private final int[] keyOfNode;
  private final String[] ids;
  // The identifiers of customer k are members[memberStart[k] .. memberStart[k + 1]), flat rather
  // than a list per customer: a million small lists cost a second to build and 60 MB to hold.
  private final int[] memberStart;
  private final Identifier[] members;

  private Customers(int[] keyOfNode, String[] ids, int[] memberStart, Identifier[] members) {
    this.keyOfNode = keyOfNode;
    this.ids = ids;
    this.memberStart = memberStart;
    this.members = members;
  }

  /**
   * A cluster root and its display id, sorted by the id to give dense keys. The sort compares a
   * 64-bit prefix of the id first ({@link #prefix}): comparing a million scattered strings took a
   * second, most of it cache misses on their bytes.
   */
  private record Root(long prefix, String name, int node) {
    static final Comparator<Root> ORDER =
        (a, b) -> {
          int c = Long.compareUnsigned(a.prefix, b.prefix);
          return c != 0 ? c : a.name.compareTo(b.name);
        };
  }

  /**
   * The first eight UTF-16 units of {@code s}, one byte each, in a key whose unsigned order agrees
   * with {@link String#compareTo} wherever two keys differ. A unit of 255 or more is written as 255
   * and ends the key, and a short string is padded with zeros; either can only make two keys equal,
   * never reverse them, and equal keys fall back to the full comparison.
   */
  static long prefix(String s) {
    long key = 0;
    int i = 0;
    for (; i < 8 && i < s.length(); i++) {
      char c = s.charAt(i);
      key = key << 8 | Math.min(c, 255);
      if (c >= 255) {
        i++;
        break;
      }
    }
    return key << (8 * (8 - i));
  }

  static Customers of(IdentityGraph graph, IdentitySettings settings) {
    int n = graph.nodeCount();
    int[] rootOf = new int[n];
    int[] best = new int[n];
    Arrays.fill(best, -1);
    int clusters = 0;
    for (int node = 0; node < n; node++) {
      int root = graph.find(node);
      rootOf[node] = root;
      if (best[root] < 0) {
        best[root] = node;
        clusters++;
      } else if (before(graph.identifier(node), graph.identifier(best[root]), settings)) {
        best[root] = node;
      }
    }
    Root[] roots = new Root[clusters];
    int r = 0;
    for (int node = 0; node < n; node++) {
      if (best[node] >= 0) {
        String name = displayId(graph.identifier(best[node]));
        roots[r++] = new Root(prefix(name), name, node);
      }
    }
    Arrays.parallelSort(roots, Root.ORDER);
    int[] keyOfRoot = best; // reused: best[] is not needed once the roots are named
    String[] ids = new String[clusters];
    for (int k = 0; k < clusters; k++) {
      keyOfRoot[roots[k].node()] = k;
      ids[k] = roots[k].name();
    }
    int[] keyOfNode = new int[n];
    int[] memberStart = new int[clusters + 1];
    for (int node = 0; node < n; node++) {
      int key = keyOfRoot[rootOf[node]];
      keyOfNode[node] = key;
      memberStart[key + 1]++;
    }
    for (int k = 0; k < clusters; k++) {
      memberStart[k + 1] += memberStart[k];
    }
    Identifier[] members = new Identifier[n];
    int[] fill = Arrays.copyOf(memberStart, clusters);
    for (int node = 0; node < n; node++) {
      members[fill[keyOfNode[node]]++] = graph.identifier(node);
    }
    Comparator<Identifier> priority = priority(settings);
    for (int k = 0; k < clusters; k++) {
      if (memberStart[k + 1] - memberStart[k] > 1) {
        Arrays.sort(members, memberStart[k], memberStart[k + 1], priority);
      }
    }
    return new Customers(keyOfNode, ids, memberStart, members);
  }

  /** Whether {@code x} names a customer before {@code y}: by type priority, then by value. */
  public static boolean before(Identifier x, Identifier y, IdentitySettings settings) {
    int c = Integer.compare(settings.rank(x.type()), settings.rank(y.type()));
    return c != 0 ? c < 0 : x.compareTo(y) < 0;
  }

  /** A customer's display id from its best identifier: see the class comment. */
  public static String displayId(Identifier id) {
    return Identifier.CUSTOMER_ID.equals(id.type()) ? id.value() : id.toString();
  }

  /** Identifiers in the order that names a customer, highest priority first. */
  public static Comparator<Identifier> priority(IdentitySettings settings) {
    return Comparator.<Identifier>comparingInt(id -> settings.rank(id.type()))
        .thenComparing(Comparator.naturalOrder());
  }

  public int count() {
    return ids.length;
  }

  /** The customer key of a graph node. */
  public int keyOf(int node) {
    return keyOfNode[node];
  }

  public String id(int key) {
    return ids[key];
  }

  /** The customer's identifiers, highest priority first. */
  public List<Identifier> identifiers(int key) {
    return List.of(Arrays.copyOfRange(members, memberStart[key], memberStart[key + 1]));
  }
}
