package dev.rapport.analytics.clv;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The inputs of the buy-till-you-die models, compressed: every distinct (frequency, recency, T)
 * triple once, with the number of customers who share it. Likelihoods are sums over customers, so a
 * triple's term is computed once and weighted by its count; on a million customers with day-level
 * times this is what keeps a fit in seconds.
 *
 * <p>Each triple also points into the sorted distinct values of frequency, recency and T, so a
 * model can compute a term that depends on one of them (e.g. {@code ln(alpha + T)}) once per
 * distinct value rather than once per triple.
 *
 * <p>Units: frequency is a count of repeat purchases; recency (t_x, time from the first purchase to
 * the last) and T (time from the first purchase to the end of observation) are in the workspace's
 * CLV time unit, as in Fader, Hardie &amp; Lee (2005).
 */
public final class RfmData {
  final int[] x;
  final double[] tx;
  final double[] t;
  final double[] count;
  final int[] xIndex;
  final int[] txIndex;
  final int[] tIndex;
  final int[] distinctX;
  final double[] distinctTx;
  final double[] distinctT;
  final double customers;
  private final int[] rowTriple;

  private RfmData(int[] x, double[] tx, double[] t, double[] count, int[] rowTriple) {
    this.rowTriple = rowTriple;
    this.x = x;
    this.tx = tx;
    this.t = t;
    this.count = count;
    this.distinctX = Arrays.stream(x).distinct().sorted().toArray();
    this.distinctTx = Arrays.stream(tx).distinct().sorted().toArray();
    this.distinctT = Arrays.stream(t).distinct().sorted().toArray();
    this.xIndex = new int[x.length];
    this.txIndex = new int[x.length];
    this.tIndex = new int[x.length];
    double n = 0;
    for (int i = 0; i < x.length; i++) {
      xIndex[i] = Arrays.binarySearch(distinctX, x[i]);
      txIndex[i] = Arrays.binarySearch(distinctTx, tx[i]);
      tIndex[i] = Arrays.binarySearch(distinctT, t[i]);
      n += count[i];
    }
    this.customers = n;
  }

  /**
   * Compresses one row per customer into distinct triples.
   *
   * @throws IllegalArgumentException naming the row when a value breaks the models' rules:
   *     frequency a whole number ≥ 0, 0 ≤ recency ≤ T, T &gt; 0, recency 0 when frequency is 0
   */
  public static RfmData of(double[] frequency, double[] recency, double[] T) {
    if (frequency.length != recency.length || frequency.length != T.length) {
      throw new IllegalArgumentException(
          "frequency, recency and T must have one value per customer: "
              + frequency.length
              + ", "
              + recency.length
              + ", "
              + T.length);
    }
    Map<Triple, Integer> index = new HashMap<>();
    int[] xs = new int[Math.min(frequency.length, 1 << 16)];
    double[] txs = new double[xs.length];
    double[] ts = new double[xs.length];
    double[] counts = new double[xs.length];
    int n = 0;
    int[] rowTriple = new int[frequency.length];
    for (int i = 0; i < frequency.length; i++) {
      check(i, frequency[i], recency[i], T[i]);
      Triple key = new Triple((int) frequency[i], recency[i], T[i]);
      Integer at = index.get(key);
      if (at == null) {
        if (n == xs.length) {
          int grown = Math.max(16, 2 * n);
          xs = Arrays.copyOf(xs, grown);
          txs = Arrays.copyOf(txs, grown);
          ts = Arrays.copyOf(ts, grown);
          counts = Arrays.copyOf(counts, grown);
        }
        index.put(key, n);
        xs[n] = key.x();
        txs[n] = key.tx();
        ts[n] = key.t();
        counts[n] = 1;
        rowTriple[i] = n;
        n++;
      } else {
        counts[at]++;
        rowTriple[i] = at;
      }
    }
    return new RfmData(
        Arrays.copyOf(xs, n),
        Arrays.copyOf(txs, n),
        Arrays.copyOf(ts, n),
        Arrays.copyOf(counts, n),
        rowTriple);
  }

  private static void check(int row, double x, double tx, double t) {
    String rule = null;
    if (!(x >= 0) || x != Math.rint(x) || x > Integer.MAX_VALUE) {
      rule = "frequency must be a whole number >= 0";
    } else if (!(t > 0) || Double.isInfinite(t)) {
      rule = "T must be a finite number > 0";
    } else if (!(tx >= 0) || tx > t) {
      rule = "recency must be between 0 and T";
    } else if (x == 0 && tx != 0) {
      rule = "recency must be 0 when frequency is 0";
    }
    if (rule != null) {
      throw new IllegalArgumentException(
          "customer row "
              + row
              + ": frequency="
              + x
              + ", recency="
              + tx
              + ", T="
              + t
              + ": "
              + rule);
    }
  }

  private record Triple(int x, double tx, double t) {}

  /** The distinct triple of input row {@code row} of {@link #of}. */
  int tripleOf(int row) {
    return rowTriple[row];
  }

  /** Distinct triples. */
  public int size() {
    return x.length;
  }

  /** Customers, the sum of the triples' counts. */
  public double customers() {
    return customers;
  }

  /** Customers with at least one repeat purchase. */
  public double repeatBuyers() {
    double n = 0;
    for (int i = 0; i < x.length; i++) {
      n += x[i] > 0 ? count[i] : 0;
    }
    return n;
  }
}
