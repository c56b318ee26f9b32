package dev.rapport.analytics.clv;

import dev.rapport.core.config.ClvSettings;
import dev.rapport.core.profile.CustomerProfile;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Every customer's predicted value: BG/NBD for how many purchases, Gamma-Gamma for what each is
 * worth, over the configured horizon, discounted. Both models are fitted on the profiles given (one
 * row per buyer; customers who never bought have no BG/NBD inputs and get NaN).
 *
 * <p>Scores are computed once per distinct (frequency, recency, T) triple: the expected purchases,
 * the probability alive and the discounted purchase stream depend on nothing else, and the
 * customer's own expected spend only multiplies the stream.
 *
 * @param purchases the BG/NBD fit
 * @param spend the Gamma-Gamma fit; null when there were too few repeat buyers with a positive mean
 *     spend (values then use each customer's own mean, or the buyers' mean)
 * @param spendLeftOut repeat buyers left out of the Gamma-Gamma fit because their mean spend is not
 *     positive (e.g. free orders, or returns netted into the purchase value)
 * @param pAlive per customer (aligned with the profiles), NaN for non-buyers
 * @param expectedPurchases per customer over the horizon
 * @param valuePerPurchase per customer, the expected value of one future purchase
 * @param clv per customer, discounted value over the horizon, times the margin
 */
public record CustomerValue(
    BgNbd.Fit purchases,
    GammaGamma.Fit spend,
    int spendLeftOut,
    ClvSettings settings,
    double[] pAlive,
    double[] expectedPurchases,
    double[] valuePerPurchase,
    double[] clv) {

  /** Fewer buyers than this and the models are not fitted. */
  public static final int MIN_BUYERS = 20;

  /**
   * Fits and scores; null when fewer than {@link #MIN_BUYERS} customers bought (the models would be
   * noise).
   */
  public static CustomerValue of(List<CustomerProfile> profiles, ClvSettings settings) {
    int n = profiles.size();
    int[] buyers = IntStream.range(0, n).filter(i -> isBuyer(profiles.get(i))).toArray();
    if (buyers.length < MIN_BUYERS) {
      return null;
    }
    double[] x = new double[buyers.length];
    double[] tx = new double[buyers.length];
    double[] t = new double[buyers.length];
    double[] m = new double[buyers.length];
    for (int k = 0; k < buyers.length; k++) {
      CustomerProfile p = profiles.get(buyers[k]);
      x[k] = p.frequency();
      tx[k] = p.recency();
      t[k] = p.T();
      m[k] = p.monetaryValue();
    }
    RfmData data = RfmData.of(x, tx, t);
    BgNbd.Fit purchases = BgNbd.fit(data);
    double[] mFit = new double[buyers.length];
    int leftOut = 0;
    for (int k = 0; k < buyers.length; k++) {
      boolean usable = x[k] > 0 && m[k] > 0 && Double.isFinite(m[k]);
      leftOut += x[k] > 0 && !usable ? 1 : 0;
      mFit[k] = usable ? m[k] : 0;
    }
    double[] xFit = new double[buyers.length];
    for (int k = 0; k < buyers.length; k++) {
      xFit[k] = mFit[k] > 0 ? x[k] : 0;
    }
    GammaGamma.Fit spend = null;
    long repeatBuyers = Arrays.stream(xFit).filter(v -> v > 0).count();
    if (repeatBuyers >= MIN_BUYERS) {
      spend = GammaGamma.fit(xFit, mFit);
      if (!(spend.params().q() > 1)) {
        spend = null; // no finite population mean spend: fall back to observed means
      }
    }
    double fallbackValue = meanFirstOrderValue(profiles, buyers);
    double[] stream = new double[data.size()];
    double[] horizonPurchases = new double[data.size()];
    double[] alive = new double[data.size()];
    score(purchases.params(), data, settings, stream, horizonPurchases, alive);
    double[] pAlive = nans(n);
    double[] expected = nans(n);
    double[] value = nans(n);
    double[] clv = nans(n);
    for (int k = 0; k < buyers.length; k++) {
      int i = buyers[k];
      int triple = data.tripleOf(k);
      pAlive[i] = alive[triple];
      expected[i] = horizonPurchases[triple];
      value[i] =
          spend != null
              ? GammaGamma.expectedAverageValue(spend.params(), xFit[k], mFit[k])
              : x[k] > 0 && m[k] > 0 ? m[k] : fallbackValue;
      clv[i] = stream[triple] * value[i] * settings.margin();
    }
    return new CustomerValue(purchases, spend, leftOut, settings, pAlive, expected, value, clv);
  }

  static boolean isBuyer(CustomerProfile p) {
    return p.purchases() > 0 && Double.isFinite(p.frequency()) && p.T() > 0;
  }

  /**
   * Per distinct triple: discounted purchases per unit of value, purchases over the horizon,
   * P(alive).
   */
  static void score(
      BgNbd.Params p,
      RfmData d,
      ClvSettings s,
      double[] stream,
      double[] horizonPurchases,
      double[] alive) {
    double perMonth = s.unitsPerMonth();
    int months = s.horizonMonths();
    IntStream.range(0, d.size())
        .parallel()
        .forEach(
            i -> {
              double x = d.x[i];
              double tx = d.tx[i];
              double t = d.t[i];
              double value = 0;
              double before = 0;
              double discount = 1;
              for (int month = 1; month <= months; month++) {
                double upTo = BgNbd.expectedPurchases(p, month * perMonth, x, tx, t);
                discount /= 1 + s.monthlyDiscount();
                value += (upTo - before) * discount;
                before = upTo;
              }
              stream[i] = value;
              horizonPurchases[i] = before;
              alive[i] = BgNbd.probabilityAlive(p, x, tx, t);
            });
  }

  /** For a customer with no repeat purchase when no spend model could be fitted. */
  private static double meanFirstOrderValue(List<CustomerProfile> profiles, int[] buyers) {
    double sum = 0;
    long n = 0;
    for (int i : buyers) {
      CustomerProfile p = profiles.get(i);
      sum += p.revenue();
      n += p.purchases();
    }
    return n == 0 ? 0 : sum / n;
  }

  private static double[] nans(int n) {
    double[] a = new double[n];
    Arrays.fill(a, Double.NaN);
    return a;
  }

  /** The fits in words, for the command line. */
  public String describe() {
    BgNbd.Params b = purchases.params();
    StringBuilder s =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "BG/NBD on %,.0f buyers: r=%.4f alpha=%.4f a=%.4f b=%.4f LL=%.2f (%s)",
                purchases.customers(),
                b.r(),
                b.alpha(),
                b.a(),
                b.b(),
                purchases.logLikelihood(),
                purchases.message()));
    if (spend != null) {
      GammaGamma.Params g = spend.params();
      s.append(
          String.format(
              Locale.ROOT,
              "%nGamma-Gamma on %,.0f repeat buyers: p=%.4f q=%.4f gamma=%.4f LL=%.2f (%s)",
              spend.customers(),
              g.p(),
              g.q(),
              g.gamma(),
              spend.logLikelihood(),
              spend.message()));
    } else {
      s.append("\nGamma-Gamma not fitted (too few repeat buyers with a positive mean spend):")
          .append(" each customer's own mean spend is used");
    }
    if (spendLeftOut > 0) {
      s.append(
          String.format(
              Locale.ROOT,
              "%n%,d repeat buyers left out of the spend model: mean spend not above 0",
              spendLeftOut));
    }
    return s.toString();
  }
}
