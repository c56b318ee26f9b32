package dev.rapport.analytics.clv;

import dev.rapport.core.config.ClvSettings;
import dev.rapport.core.profile.CustomerProfile;
import java.time.Instant;
import java.util.Arrays;

/**
 * The population value models fitted from a table of profiles read once, row by row: the profile
 * table that {@code rapport analyze} or the Flink job keeps, of any size that fits four numbers per
 * buyer in memory (the profiles themselves are not kept).
 *
 * <p>A stream's rows are each as of their own last snapshot. The models need one end of
 * observation, so each buyer's age T is carried forward to the latest as-of time in the table: a
 * snapshot is taken after every event, so frequency and recency are current, and only T has grown
 * since. Rows from a batch run all share one as-of time, and nothing moves.
 *
 * <p>Feed every row to {@link #add}, then {@link #fit}.
 */
public final class ProfileTableFit {
  private static final double DAY = 86_400.0;

  private final ClvSettings settings;
  private long customers;
  private long purchases;
  private double revenue;
  private int buyers;
  private double[] x = new double[1 << 12];
  private double[] tx = new double[1 << 12];
  private double[] t = new double[1 << 12];
  private double[] m = new double[1 << 12];
  private long[] asOf = new long[1 << 12];
  private long latest = Long.MIN_VALUE;

  public ProfileTableFit(ClvSettings settings) {
    this.settings = settings;
  }

  /** Takes one row. */
  public void add(CustomerProfile p) {
    customers++;
    if (p.asOf() != null) {
      latest = Math.max(latest, p.asOf().getEpochSecond());
    }
    if (!CustomerValue.isBuyer(p)) {
      return;
    }
    purchases += p.purchases();
    revenue += p.revenue();
    if (buyers == x.length) {
      int n = x.length * 2;
      x = Arrays.copyOf(x, n);
      tx = Arrays.copyOf(tx, n);
      t = Arrays.copyOf(t, n);
      m = Arrays.copyOf(m, n);
      asOf = Arrays.copyOf(asOf, n);
    }
    x[buyers] = p.frequency();
    tx[buyers] = p.recency();
    t[buyers] = p.T();
    m[buyers] = p.monetaryValue();
    asOf[buyers] = p.asOf().getEpochSecond();
    buyers++;
  }

  public long customers() {
    return customers;
  }

  public int buyers() {
    return buyers;
  }

  /** The latest as-of time of the rows, the end of observation of the fit; null before any. */
  public Instant asOf() {
    return latest == Long.MIN_VALUE ? null : Instant.ofEpochSecond(latest);
  }

  /**
   * Fits BG/NBD and Gamma-Gamma on the buyers, each carried forward to {@link #asOf()}, and scores
   * them; null when too few bought ({@link CustomerValue#MIN_BUYERS}, {@link
   * CustomerValue#MIN_REPEAT_BUYERS}).
   */
  public CustomerValue fit() {
    int repeat = 0;
    double unit = settings.unit().days() * DAY;
    double[] aged = new double[buyers];
    for (int k = 0; k < buyers; k++) {
      // In whole seconds: buyers whose first purchase fell on the same day then share one age to
      // the bit, as in a batch run, and the fit's compression into distinct (x, t_x, T) triples
      // holds (the fit's cost grows with the triples, not the buyers).
      aged[k] = Math.round(t[k] * unit + (latest - asOf[k])) / unit;
      repeat += x[k] >= 1 ? 1 : 0;
    }
    if (buyers < CustomerValue.MIN_BUYERS || repeat < CustomerValue.MIN_REPEAT_BUYERS) {
      return null;
    }
    return CustomerValue.ofBuyers(
        Arrays.copyOf(x, buyers),
        Arrays.copyOf(tx, buyers),
        aged,
        Arrays.copyOf(m, buyers),
        purchases == 0 ? 0 : revenue / purchases,
        settings);
  }
}
