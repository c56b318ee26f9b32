package dev.rapport.analytics.cluster;

import dev.rapport.core.profile.CustomerProfile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.hipparchus.clustering.CentroidCluster;
import org.hipparchus.clustering.DoublePoint;
import org.hipparchus.clustering.KMeansPlusPlusClusterer;
import org.hipparchus.clustering.distance.EuclideanDistance;
import org.hipparchus.random.Well19937c;

/**
 * Behavioural clusters: k-means++ (Hipparchus, Arthur &amp; Vassilvitskii 2007) on standardised
 * profile features, with k chosen by the largest mean silhouette (Rousseeuw 1987) for k = 2..8, and
 * each cluster described by the features on which its centre stands furthest from the population.
 *
 * <p>Features: log(1 + purchases), log(1 + net revenue), the share of touches answered, days since
 * last seen, tenure in days, the engagement score and log(1 + inbound interactions); counts and
 * money are logged because a few heavy customers would otherwise make their own clusters. Each
 * feature is standardised to mean 0 and standard deviation 1.
 *
 * <p>For speed on large bases k-means is fitted on a seeded random sample of at most {@value
 * #FIT_SAMPLE} customers (silhouettes on at most {@value #SILHOUETTE_SAMPLE}), then every customer
 * is assigned to the nearest centre. The seed makes the result repeatable.
 */
public final class BehaviourClusters {
  static final int FIT_SAMPLE = 20_000;
  static final int SILHOUETTE_SAMPLE = 2_000;
  static final int MAX_K = 8;

  private record Feature(String name, ToDoubleFunction<CustomerProfile> value) {}

  private static final List<Feature> FEATURES =
      List.of(
          new Feature("purchases", p -> Math.log1p(p.purchases())),
          new Feature("revenue", p -> Math.log1p(Math.max(0, p.netRevenue()))),
          new Feature("response rate", CustomerProfile::answeredShare),
          new Feature(
              "days since last seen",
              p -> (p.asOf().getEpochSecond() - p.lastSeen().getEpochSecond()) / 86_400.0),
          new Feature("tenure", CustomerProfile::tenureDays),
          new Feature("engagement score", CustomerProfile::engagementScore),
          new Feature("inbound activity", p -> Math.log1p(p.inbound())));

  /**
   * The clusters found, and each customer's.
   *
   * @param k the number of clusters, chosen by silhouette
   * @param silhouette the mean silhouette of that k (on the sample)
   * @param descriptions per cluster, what distinguishes it, in words
   * @param sizes per cluster, its customers
   * @param assignment per customer (profile order), its cluster
   */
  public record Result(
      int k, double silhouette, List<String> descriptions, int[] sizes, int[] assignment) {}

  public static Result fit(List<CustomerProfile> profiles, long seed) {
    int n = profiles.size();
    int d = FEATURES.size();
    if (n < 3) {
      return new Result(
          1,
          Double.NaN,
          List.of("everyone (too few customers to cluster)"),
          new int[] {n},
          new int[n]);
    }
    double[][] x = new double[n][d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        x[i][j] = FEATURES.get(j).value().applyAsDouble(profiles.get(i));
      }
    }
    standardise(x);
    Well19937c random = new Well19937c(seed);
    List<DoublePoint> fitSample = sample(x, FIT_SAMPLE, random);
    List<DoublePoint> silSample =
        fitSample.subList(0, Math.min(SILHOUETTE_SAMPLE, fitSample.size()));
    double bestSil = Double.NEGATIVE_INFINITY;
    List<double[]> bestCentres = null;
    for (int k = 2; k <= Math.min(MAX_K, fitSample.size() - 1); k++) {
      KMeansPlusPlusClusterer<DoublePoint> km =
          new KMeansPlusPlusClusterer<>(k, 100, new EuclideanDistance(), new Well19937c(seed + k));
      List<double[]> centres = new ArrayList<>();
      for (CentroidCluster<DoublePoint> c : km.cluster(fitSample)) {
        centres.add(c.getCenter().getPoint());
      }
      double sil = meanSilhouette(silSample, centres);
      if (sil > bestSil) {
        bestSil = sil;
        bestCentres = centres;
      }
    }
    // Order clusters by size (largest first) so that ids read naturally and repeat across runs.
    int[] raw = new int[n];
    int[] rawSizes = new int[bestCentres.size()];
    for (int i = 0; i < n; i++) {
      raw[i] = nearest(x[i], bestCentres);
      rawSizes[raw[i]]++;
    }
    Integer[] order = new Integer[bestCentres.size()];
    for (int c = 0; c < order.length; c++) {
      order[c] = c;
    }
    java.util.Arrays.sort(
        order, Comparator.comparingInt((Integer c) -> -rawSizes[c]).thenComparing(c -> c));
    int[] rank = new int[order.length];
    for (int r = 0; r < order.length; r++) {
      rank[order[r]] = r;
    }
    int[] assignment = new int[n];
    int[] sizes = new int[order.length];
    for (int i = 0; i < n; i++) {
      assignment[i] = rank[raw[i]];
      sizes[assignment[i]]++;
    }
    List<String> descriptions = new ArrayList<>();
    for (int r = 0; r < order.length; r++) {
      descriptions.add(describe(bestCentres.get(order[r])));
    }
    return new Result(order.length, bestSil, descriptions, sizes, assignment);
  }

  /** The two or three features whose centre lies furthest from the population mean, in words. */
  static String describe(double[] centre) {
    Integer[] idx = new Integer[centre.length];
    for (int j = 0; j < idx.length; j++) {
      idx[j] = j;
    }
    java.util.Arrays.sort(idx, Comparator.comparingDouble(j -> -Math.abs(centre[j])));
    List<String> parts = new ArrayList<>();
    for (int r = 0; r < 3 && r < idx.length; r++) {
      int j = idx[r];
      if (r == 2 && Math.abs(centre[j]) < 0.5) {
        break;
      }
      parts.add(
          String.format(
              Locale.ROOT,
              "%s %s (%+.1f sd)",
              Math.abs(centre[j]) < 0.25 ? "average" : centre[j] > 0 ? "high" : "low",
              FEATURES.get(j).name(),
              centre[j]));
    }
    return String.join(", ", parts);
  }

  private static void standardise(double[][] x) {
    int n = x.length;
    for (int j = 0; j < x[0].length; j++) {
      double mean = 0;
      for (double[] row : x) {
        mean += row[j];
      }
      mean /= n;
      double var = 0;
      for (double[] row : x) {
        var += (row[j] - mean) * (row[j] - mean);
      }
      double sd = Math.sqrt(var / n);
      for (double[] row : x) {
        row[j] = sd == 0 ? 0 : (row[j] - mean) / sd;
      }
    }
  }

  /** A seeded sample without replacement (partial Fisher-Yates over the indices). */
  private static List<DoublePoint> sample(double[][] x, int max, Well19937c random) {
    int n = x.length;
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    int m = Math.min(max, n);
    List<DoublePoint> out = new ArrayList<>(m);
    for (int i = 0; i < m; i++) {
      int j = i + random.nextInt(n - i);
      int t = idx[i];
      idx[i] = idx[j];
      idx[j] = t;
      out.add(new DoublePoint(x[idx[i]]));
    }
    return out;
  }

  static int nearest(double[] p, List<double[]> centres) {
    int best = 0;
    double bestD = Double.POSITIVE_INFINITY;
    for (int c = 0; c < centres.size(); c++) {
      double d = squared(p, centres.get(c));
      if (d < bestD) {
        bestD = d;
        best = c;
      }
    }
    return best;
  }

  /**
   * Mean silhouette of points assigned to their nearest centre: for each point, a = mean distance
   * to the others of its cluster, b = the smallest mean distance to another cluster's points, s =
   * (b - a) / max(a, b); points alone in their cluster score 0.
   */
  static double meanSilhouette(List<DoublePoint> points, List<double[]> centres) {
    int n = points.size();
    int k = centres.size();
    int[] label = new int[n];
    int[] size = new int[k];
    for (int i = 0; i < n; i++) {
      label[i] = nearest(points.get(i).getPoint(), centres);
      size[label[i]]++;
    }
    double total = 0;
    double[] sum = new double[k];
    for (int i = 0; i < n; i++) {
      java.util.Arrays.fill(sum, 0);
      double[] p = points.get(i).getPoint();
      for (int j = 0; j < n; j++) {
        if (j != i) {
          sum[label[j]] += Math.sqrt(squared(p, points.get(j).getPoint()));
        }
      }
      int own = label[i];
      if (size[own] <= 1) {
        continue;
      }
      double a = sum[own] / (size[own] - 1);
      double b = Double.POSITIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        if (c != own && size[c] > 0) {
          b = Math.min(b, sum[c] / size[c]);
        }
      }
      if (b == Double.POSITIVE_INFINITY) {
        continue;
      }
      total += (b - a) / Math.max(a, b);
    }
    return total / n;
  }

  private static double squared(double[] a, double[] b) {
    double s = 0;
    for (int j = 0; j < a.length; j++) {
      double t = a[j] - b[j];
      s += t * t;
    }
    return s;
  }
}
