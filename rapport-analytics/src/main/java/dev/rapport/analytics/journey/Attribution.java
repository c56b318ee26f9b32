package dev.rapport.analytics.journey;

import dev.rapport.core.Channel;
import dev.rapport.core.journey.JourneyLog;
import dev.rapport.core.journey.JourneyLog.Model;
import dev.rapport.core.journey.Touchpoints;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntPredicate;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.LUDecomposition;
import org.hipparchus.linear.RealMatrix;

/**
 * Who gets the credit for the purchases that ended a journey: the four rule-based models counted in
 * the fold ({@link JourneyLog}) and the data-driven Markov-chain removal effect, by touchpoint and
 * by channel.
 *
 * <p>Markov model (Anderl, Becker, von Wangenheim &amp; Schumann 2016, "Mapping the customer
 * journey: Lessons learned from graph-based online attribution modeling", IJRM 33(3)): a
 * first-order chain over the touchpoints with a start state and two absorbing states, purchase and
 * null, its transition probabilities estimated from every ended journey, converted or lapsed. The
 * removal effect of a group of touchpoints is the share of the probability of reaching a purchase
 * from the start that is lost when the group is removed (every transition into it goes to null).
 * Each group's credit is the converted journeys times its removal effect over the sum of all
 * groups' removal effects. Absorption probabilities are solved exactly, {@code (I - Q) x = r}, not
 * simulated.
 */
public final class Attribution {
  /**
   * The credit of one touchpoint or channel.
   *
   * @param name the touchpoint ("email touch") or channel ("email")
   * @param conversions conversions credited by each rule-based model, by {@link Model} ordinal
   * @param revenue revenue credited by each rule-based model, by {@link Model} ordinal
   * @param markov conversions credited by the Markov model
   * @param markovRevenue revenue credited by the Markov model
   * @param removalEffect the share of conversions lost without it, 0 to 1
   */
  public record Credit(
      String name,
      double[] conversions,
      double[] revenue,
      double markov,
      double markovRevenue,
      double removalEffect) {
    public double conversions(Model m) {
      return conversions[m.ordinal()];
    }

    public double revenue(Model m) {
      return revenue[m.ordinal()];
    }
  }

  private final List<Credit> byTouchpoint;
  private final List<Credit> byChannel;
  private final double conversionProbability;

  private Attribution(List<Credit> byTouchpoint, List<Credit> byChannel, double p) {
    this.byTouchpoint = byTouchpoint;
    this.byChannel = byChannel;
    this.conversionProbability = p;
  }

  /** Every touchpoint with credit or traffic, most Markov conversions first. */
  public List<Credit> byTouchpoint() {
    return byTouchpoint;
  }

  /** Every channel with credit or traffic, most Markov conversions first. */
  public List<Credit> byChannel() {
    return byChannel;
  }

  /** The chain's probability of reaching a purchase from the start (converted / ended journeys). */
  public double conversionProbability() {
    return conversionProbability;
  }

  public static Attribution of(JourneyLog log) {
    Chain chain = new Chain(log);
    double p = chain.conversionProbability(t -> false);
    List<Integer> seen = chain.touchpoints();
    List<Credit> touchpoints = new ArrayList<>();
    double[] effects = new double[seen.size()];
    for (int i = 0; i < seen.size(); i++) {
      int tp = seen.get(i);
      effects[i] = removalEffect(chain, p, t -> t == tp);
    }
    for (int i = 0; i < seen.size(); i++) {
      int tp = seen.get(i);
      touchpoints.add(credit(Touchpoints.label(tp), log, t -> t == tp, effects, i));
    }
    List<Channel> channels = seen.stream().map(Touchpoints::channel).distinct().sorted().toList();
    double[] channelEffects = new double[channels.size()];
    for (int i = 0; i < channels.size(); i++) {
      Channel ch = channels.get(i);
      channelEffects[i] = removalEffect(chain, p, t -> Touchpoints.channel(t) == ch);
    }
    List<Credit> byChannel = new ArrayList<>();
    for (int i = 0; i < channels.size(); i++) {
      Channel ch = channels.get(i);
      byChannel.add(credit(ch.id(), log, t -> Touchpoints.channel(t) == ch, channelEffects, i));
    }
    Comparator<Credit> order =
        Comparator.comparingDouble(Credit::markov)
            .reversed()
            .thenComparing(
                Comparator.comparingDouble((Credit c) -> c.conversions(Model.LAST_TOUCH))
                    .reversed())
            .thenComparing(Credit::name);
    touchpoints.sort(order);
    byChannel.sort(order);
    return new Attribution(List.copyOf(touchpoints), List.copyOf(byChannel), p);
  }

  private static double removalEffect(Chain chain, double p, IntPredicate removed) {
    return p > 0 ? Math.max(0, 1 - chain.conversionProbability(removed) / p) : 0;
  }

  /** The rule-based sums over the group's touchpoints, and its share of the Markov credit. */
  private static Credit credit(
      String name, JourneyLog log, IntPredicate member, double[] effects, int index) {
    double[] conversions = new double[Model.values().length];
    double[] revenue = new double[Model.values().length];
    for (int tp = 0; tp < Touchpoints.COUNT; tp++) {
      if (member.test(tp)) {
        for (Model m : Model.values()) {
          conversions[m.ordinal()] += log.credit(m, tp);
          revenue[m.ordinal()] += log.revenueCredit(m, tp);
        }
      }
    }
    double total = Arrays.stream(effects).sum();
    double share = total > 0 ? effects[index] / total : 0;
    return new Credit(
        name,
        conversions,
        revenue,
        share * log.converted(),
        share * log.convertedRevenue(),
        effects[index]);
  }

  /** The absorbing Markov chain of the ended journeys, over the touchpoints seen. */
  private static final class Chain {
    private final int[] states; // touchpoint of each transient state after the start (index 0)
    private final double[][] q; // transient -> transient probabilities, start first
    private final double[] r; // transient -> purchase probabilities

    Chain(JourneyLog log) {
      List<Integer> seen = new ArrayList<>();
      for (int tp = 0; tp < Touchpoints.COUNT; tp++) {
        if (outgoing(log, tp) > 0) {
          seen.add(tp);
        }
      }
      states = seen.stream().mapToInt(Integer::intValue).toArray();
      int n = states.length + 1;
      q = new double[n][n];
      r = new double[n];
      for (int i = 0; i < n; i++) {
        int from = i == 0 ? JourneyLog.START : states[i - 1];
        double out = outgoing(log, from);
        if (out == 0) {
          continue; // no journey ended yet: the start leads nowhere
        }
        for (int j = 1; j < n; j++) {
          q[i][j] = log.transitions(from, states[j - 1]) / out;
        }
        r[i] = log.transitions(from, JourneyLog.CONVERSION) / out;
      }
    }

    List<Integer> touchpoints() {
      return Arrays.stream(states).boxed().toList();
    }

    private static double outgoing(JourneyLog log, int from) {
      double sum =
          log.transitions(from, JourneyLog.CONVERSION) + log.transitions(from, JourneyLog.NULL);
      for (int to = 0; to < Touchpoints.COUNT; to++) {
        sum += log.transitions(from, to);
      }
      return sum;
    }

    /**
     * The probability of absorption in purchase from the start when the touchpoints {@code removed}
     * lead to null.
     */
    double conversionProbability(IntPredicate removed) {
      int n = q.length;
      RealMatrix a = new Array2DRowRealMatrix(n, n);
      double[] b = new double[n];
      for (int i = 0; i < n; i++) {
        a.setEntry(i, i, 1);
        if (i > 0 && removed.test(states[i - 1])) {
          continue; // x_i = 0
        }
        for (int j = 0; j < n; j++) {
          a.addToEntry(i, j, -q[i][j]);
        }
        b[i] = r[i];
      }
      return new LUDecomposition(a).getSolver().solve(new ArrayRealVector(b, false)).getEntry(0);
    }
  }
}
