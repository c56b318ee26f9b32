package dev.rapport.bench;

import dev.rapport.analytics.clv.BgNbd;
import dev.rapport.analytics.clv.CustomerValue;
import dev.rapport.analytics.clv.GammaGamma;
import dev.rapport.analytics.clv.RfmData;
import dev.rapport.core.config.ClvSettings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.hipparchus.random.RandomDataGenerator;

/**
 * BG/NBD + Gamma-Gamma fit and scoring (probability alive, expected purchases and discounted CLV
 * over 12 months) for a million customers drawn from the models themselves with the CDNOW
 * estimates, acquired over 78 weeks with purchases on whole days (so recency and T take the values
 * real day-level data gives them).
 *
 * <p>Baseline, in the same run: the uncompressed path, one likelihood term per customer, which is
 * what a fit without the triple compression pays. (The lifetimes package, the usual reference,
 * cannot be installed here: PyPI is not reachable.)
 *
 * <p>Usage: {@code java -cp rapport-bench/target/benchmarks.jar dev.rapport.bench.ClvBench
 * [customers] [runs]} (defaults 1,000,000 and 5).
 */
public final class ClvBench {
  private ClvBench() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    double[][] d = generate(n, 42);
    double[] x = d[0];
    double[] tx = d[1];
    double[] t = d[2];
    double[] m = d[3];
    System.out.printf(
        Locale.ROOT,
        "%,d customers, %,d distinct (x, t_x, T), %,d repeat buyers%n",
        n,
        RfmData.of(x, tx, t).size(),
        IntStream.range(0, n).filter(i -> x[i] > 0).count());
    ClvSettings settings = ClvSettings.defaults();
    List<Double> compress = new ArrayList<>();
    List<Double> bgFit = new ArrayList<>();
    List<Double> ggFit = new ArrayList<>();
    List<Double> scoring = new ArrayList<>();
    List<Double> total = new ArrayList<>();
    List<Double> uncompressed = new ArrayList<>();
    for (int run = 0; run < runs; run++) {
      // The production path, timed whole: compress, fit both models, score every customer.
      long a0 = System.nanoTime();
      CustomerValue v = CustomerValue.ofBuyers(x, tx, t, m, 0, settings);
      long a1 = System.nanoTime();
      double sum = 0;
      for (double c : v.clv()) {
        sum += c;
      }
      // Its parts, timed again one by one; scoring is the whole less the parts.
      long b0 = System.nanoTime();
      RfmData data = RfmData.of(x, tx, t);
      long b1 = System.nanoTime();
      BgNbd.Fit bg = BgNbd.fit(data);
      long b2 = System.nanoTime();
      GammaGamma.Fit gg = GammaGamma.fit(x, m);
      long b3 = System.nanoTime();
      double base = uncompressedLogLikelihoodEvaluations(bg.params(), x, tx, t, 30);
      long b4 = System.nanoTime();
      double whole = (a1 - a0) / 1e9;
      compress.add((b1 - b0) / 1e9);
      bgFit.add((b2 - b1) / 1e9);
      ggFit.add((b3 - b2) / 1e9);
      scoring.add(whole - (b3 - b0) / 1e9);
      total.add(whole);
      uncompressed.add((b4 - b3) / 1e9);
      System.out.printf(
          Locale.ROOT,
          "run %d: compress %.3f s | BG/NBD fit %.3f s (%s; r=%.4f alpha=%.4f a=%.4f b=%.4f) |"
              + " Gamma-Gamma fit %.3f s (%s) | scoring %.3f s (sum of clv %.0f) | total %.3f s |"
              + " baseline: 30 uncompressed likelihood evaluations %.3f s (%.1f)%n",
          run + 1,
          compress.get(run),
          bgFit.get(run),
          bg.message(),
          bg.params().r(),
          bg.params().alpha(),
          bg.params().a(),
          bg.params().b(),
          ggFit.get(run),
          gg.message(),
          scoring.get(run),
          sum,
          whole,
          uncompressed.get(run),
          base);
    }
    System.out.printf(
        Locale.ROOT,
        "median: compress %.3f s, BG/NBD fit %.3f s, Gamma-Gamma fit %.3f s, scoring %.3f s,"
            + " total %.3f s; baseline 30 uncompressed evaluations %.3f s%n",
        median(compress),
        median(bgFit),
        median(ggFit),
        median(scoring),
        median(total),
        median(uncompressed));
  }

  /** The baseline: the same log-likelihood, one term per customer, evaluated {@code times}. */
  static double uncompressedLogLikelihoodEvaluations(
      BgNbd.Params p, double[] x, double[] tx, double[] t, int times) {
    double ll = 0;
    for (int k = 0; k < times; k++) {
      ll = 0;
      for (int i = 0; i < x.length; i++) {
        ll += BgNbd.logLikelihood(p, x[i], tx[i], t[i]);
      }
    }
    return ll;
  }

  /** x, t_x, T (weeks, on whole days) and mean repeat spend, drawn from BG/NBD and Gamma-Gamma. */
  static double[][] generate(int n, long seed) {
    RandomDataGenerator rng = new RandomDataGenerator(seed);
    double r = 0.243;
    double alpha = 4.414;
    double a = 0.793;
    double b = 2.426;
    double p = 6.25;
    double q = 3.74;
    double gamma = 15.44;
    double[] x = new double[n];
    double[] tx = new double[n];
    double[] t = new double[n];
    double[] m = new double[n];
    for (int i = 0; i < n; i++) {
      double lambda = rng.nextGamma(r, 1 / alpha); // per week
      double dropout = rng.nextBeta(a, b);
      int days = 1 + rng.nextInt(0, 545);
      double nu = rng.nextGamma(q, 1 / gamma);
      double now = 0;
      int lastDay = 0;
      int purchases = 0;
      double spend = 0;
      while (true) {
        now += rng.nextExponential(1 / lambda) * 7; // days
        if (now > days) {
          break;
        }
        int day = (int) now;
        if (day > lastDay) {
          purchases++;
          lastDay = day;
          spend += rng.nextGamma(p, 1 / nu);
        }
        if (rng.nextUniform(0, 1) < dropout) {
          break;
        }
      }
      x[i] = purchases;
      tx[i] = lastDay / 7.0;
      t[i] = days / 7.0;
      m[i] = purchases > 0 ? spend / purchases : 0;
    }
    return new double[][] {x, tx, t, m};
  }

  static double median(List<Double> v) {
    List<Double> s = new ArrayList<>(v);
    Collections.sort(s);
    int k = s.size();
    return k % 2 == 1 ? s.get(k / 2) : (s.get(k / 2 - 1) + s.get(k / 2)) / 2;
  }
}
