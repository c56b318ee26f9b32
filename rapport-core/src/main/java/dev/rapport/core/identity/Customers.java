package dev.rapport.core.identity;

import dev.rapport.core.Identifier;
import dev.rapport.core.config.IdentitySettings;
import java.util.ArrayList;
import java.util.Arrays;
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
  private final List<List<Identifier>> members;

  private Customers(int[] keyOfNode, String[] ids, List<List<Identifier>> members) {
    this.keyOfNode = keyOfNode;
    this.ids = ids;
    this.members = members;
  }

  static Customers of(IdentityGraph graph, IdentitySettings settings) {
    int n = graph.nodeCount();
    int[] best = new int[n];
    Arrays.fill(best, -1);
    for (int node = 0; node < n; node++) {
      int root = graph.find(node);
      if (best[root] < 0
          || before(graph.identifier(node), graph.identifier(best[root]), settings)) {
        best[root] = node;
      }
    }
    List<Integer> roots = new ArrayList<>();
    for (int node = 0; node < n; node++) {
      if (best[node] >= 0) {
        roots.add(node);
      }
    }
    String[] names = new String[n];
    for (int root : roots) {
      names[root] = displayId(graph.identifier(best[root]));
    }
    roots.sort((a, b) -> names[a].compareTo(names[b]));
    int[] keyOfRoot = new int[n];
    String[] ids = new String[roots.size()];
    List<List<Identifier>> members = new ArrayList<>(roots.size());
    for (int k = 0; k < roots.size(); k++) {
      keyOfRoot[roots.get(k)] = k;
      ids[k] = names[roots.get(k)];
      members.add(new ArrayList<>(1));
    }
    int[] keyOfNode = new int[n];
    for (int node = 0; node < n; node++) {
      int key = keyOfRoot[graph.find(node)];
      keyOfNode[node] = key;
      members.get(key).add(graph.identifier(node));
    }
    for (List<Identifier> m : members) {
      m.sort(
          (x, y) -> {
            int c = Integer.compare(settings.rank(x.type()), settings.rank(y.type()));
            return c != 0 ? c : x.compareTo(y);
          });
    }
    return new Customers(keyOfNode, ids, members);
  }

  private static boolean before(Identifier x, Identifier y, IdentitySettings settings) {
    int c = Integer.compare(settings.rank(x.type()), settings.rank(y.type()));
    return c != 0 ? c < 0 : x.compareTo(y) < 0;
  }

  static String displayId(Identifier id) {
    return Identifier.CUSTOMER_ID.equals(id.type()) ? id.value() : id.toString();
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
    return List.copyOf(members.get(key));
  }
}
