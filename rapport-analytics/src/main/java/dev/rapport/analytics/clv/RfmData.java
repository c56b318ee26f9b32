package dev.rapport.analytics.clv;

import java.util.Arrays;

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
    this.distinctX = distinctSorted(x);
    this.distinctTx = distinctSorted(tx);
    this.distinctT = distinctSorted(t);
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
    // Open addressing over the triples seen so far (slot holds triple index + 1; 0 is empty):
    // no boxing or allocation per customer, a million rows in a few tens of milliseconds.
    int[] slots = new int[Integer.highestOneBit(Math.max(16, frequency.length) * 2) * 2];
    int mask = slots.length - 1;
    int[] xs = new int[Math.min(frequency.length, 1 << 16)];
    double[] txs = new double[xs.length];
    double[] ts = new double[xs.length];
    double[] counts = new double[xs.length];
    int n = 0;
    int[] rowTriple = new int[frequency.length];
    for (int i = 0; i < frequency.length; i++) {
      check(i, frequency[i], recency[i], T[i]);
      int x = (int) frequency[i];
      double tx = recency[i] + 0.0; // +0.0 folds -0.0 into 0.0, so they share a triple
      double t = T[i];
      int slot = hash(x, tx, t) & mask;
      int at;
      while (true) {
        int held = slots[slot] - 1;
        if (held < 0) {
          at = -1;
          break;
        }
        if (xs[held] == x && txs[held] == tx && ts[held] == t) {
          at = held;
          break;
        }
        slot = (slot + 1) & mask;
      }
      if (at < 0) {
        if (n == xs.length) {
          int grown = Math.max(16, 2 * n);
          xs = Arrays.copyOf(xs, grown);
          txs = Arrays.copyOf(txs, grown);
          ts = Arrays.copyOf(ts, grown);
          counts = Arrays.copyOf(counts, grown);
        }
        slots[slot] = n + 1;
        xs[n] = x;
        txs[n] = tx;
        ts[n] = t;
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

  /** The distinct values, ascending (primitive sort: no boxing on a million values). */
  static double[] distinctSorted(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = 0;
    for (int i = 0; i < v.length; i++) {
      if (n == 0 || v[i] != v[n - 1]) {
        v[n++] = v[i];
      }
    }
    return Arrays.copyOf(v, n);
  }

  static int[] distinctSorted(int[] values) {
    int[] v = values.clone();
    Arrays.sort(v);
    int n = 0;
    for (int i = 0; i < v.length; i++) {
      if (n == 0 || v[i] != v[n - 1]) {
        v[n++] = v[i];
      }
    }
    return Arrays.copyOf(v, n);
  }

  private static int hash(int x, double tx, double t) {
    long h = x * 0x9E3779B97F4A7C15L;
    h ^= Double.doubleToLongBits(tx) * 0xC2B2AE3D27D4EB4FL;
    h ^= Double.doubleToLongBits(t) * 0x165667B19E3779F9L;
    h ^= h >>> 29;
    h *= 0xBF58476D1CE4E5B9L;
    return (int) (h ^ (h >>> 32));
  }

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
