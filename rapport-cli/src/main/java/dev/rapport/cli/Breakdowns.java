package dev.rapport.cli;

import dev.rapport.analytics.cluster.BehaviourClusters;
import dev.rapport.analytics.clv.Profitability;
import dev.rapport.analytics.rfm.RfmSegment;
import dev.rapport.analytics.segment.Segmentation;
import dev.rapport.analytics.style.EngagementStyle;
import dev.rapport.analytics.style.StyleScores;
import dev.rapport.analytics.touch.TouchModel;
import dev.rapport.core.profile.CustomerProfile;
import dev.rapport.report.Breakdown;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The report's groupings of customers: RFM segments, named segments, styles, touch models,
 * clusters.
 */
final class Breakdowns {
  private Breakdowns() {}

  static List<Breakdown> of(
      List<CustomerProfile> profiles,
      List<Segmentation.Result> segments,
      Collection<String> segmentNames,
      BehaviourClusters.Result clusters,
      List<TouchModel> touchModels,
      List<StyleScores.Result> styles,
      Profitability profitability,
      int horizonMonths) {
    List<Breakdown> out = new ArrayList<>();
    List<String> tiers = List.of("high", "medium", "low", "negative", "no purchase");
    double[] tierProfit = new double[tiers.size()];
    for (int i = 0; i < profiles.size(); i++) {
      String t = profitability.tier()[i];
      if (t != null) {
        tierProfit[tiers.indexOf(t)] += profitability.profit()[i];
      }
    }
    List<String> tierNotes = new ArrayList<>();
    for (int t = 0; t < tiers.size(); t++) {
      tierNotes.add(
          t == tiers.size() - 1
              ? "no lifetime-value model input"
              : String.format(
                  java.util.Locale.ROOT,
                  "predicted %d-month profit %,.0f in all",
                  horizonMonths,
                  tierProfit[t]));
    }
    out.add(
        grouped(
            "Value tiers",
            "Predicted lifetime value over "
                + horizonMonths
                + " months less the cost to serve (docs/CLV.md): high is the top 20% of the"
                + " profitable, medium the next 30%; revenue shown is net revenue so far.",
            tiers,
            profiles,
            i -> profitability.tier()[i] == null ? "no purchase" : profitability.tier()[i],
            tierNotes));
    List<String> rfmLabels = new ArrayList<>();
    for (RfmSegment s : RfmSegment.values()) {
      rfmLabels.add(s.label());
    }
    rfmLabels.add("no purchase");
    out.add(
        grouped(
            "RFM segments",
            "Buyers by recency and frequency quintile (docs/SEGMENTS.md); customers without a"
                + " purchase have none.",
            rfmLabels,
            profiles,
            i ->
                segments.get(i).rfm() == null
                    ? "no purchase"
                    : segments.get(i).rfm().segment().label(),
            null));
    if (!segmentNames.isEmpty()) {
      List<Breakdown.Group> groups = new ArrayList<>();
      for (String name : segmentNames) {
        long n = 0;
        double revenue = 0;
        for (int i = 0; i < profiles.size(); i++) {
          if (segments.get(i).segments().contains(name)) {
            n++;
            revenue += profiles.get(i).netRevenue();
          }
        }
        groups.add(new Breakdown.Group(name, n, revenue, null));
      }
      out.add(
          new Breakdown(
              "Your segments",
              "The segments defined in rapport.yaml; a customer may be in several or none.",
              groups,
              profiles.size(),
              totalRevenue(profiles)));
    }
    List<String> styleLabels = new ArrayList<>();
    for (EngagementStyle s : EngagementStyle.values()) {
      styleLabels.add(s.id());
    }
    styleLabels.add("none yet");
    out.add(
        grouped(
            "Engagement styles",
            "Each customer's dominant style, from what they do (docs/SEGMENTS.md).",
            styleLabels,
            profiles,
            i -> styles.get(i).dominant() == null ? "none yet" : styles.get(i).dominant().id(),
            null));
    List<String> touchLabels = new ArrayList<>();
    for (TouchModel.Kind k : TouchModel.Kind.values()) {
      touchLabels.add(k.id());
    }
    out.add(
        grouped(
            "Touch models",
            "High-touch, low-touch or hybrid, from value, cost to serve and channel preference.",
            touchLabels,
            profiles,
            i -> touchModels.get(i).kind().id(),
            null));
    List<String> clusterLabels = new ArrayList<>();
    for (int c = 0; c < clusters.k(); c++) {
      clusterLabels.add("cluster " + c);
    }
    out.add(
        grouped(
            "Behavioural clusters",
            String.format(
                java.util.Locale.ROOT,
                "k-means on standardised profile features; k = %d chosen by the mean silhouette"
                    + " (%.2f).",
                clusters.k(),
                clusters.silhouette()),
            clusterLabels,
            profiles,
            i -> "cluster " + clusters.assignment()[i],
            clusters.descriptions()));
    return out;
  }

  /** Customers and revenue per label, labels in the given order, empty groups left out. */
  private static Breakdown grouped(
      String title,
      String note,
      List<String> labels,
      List<CustomerProfile> profiles,
      IntFunction<String> labelOf,
      List<String> descriptions) {
    long[] n = new long[labels.size()];
    double[] revenue = new double[labels.size()];
    for (int i = 0; i < profiles.size(); i++) {
      int g = labels.indexOf(labelOf.apply(i));
      n[g]++;
      revenue[g] += profiles.get(i).netRevenue();
    }
    List<Breakdown.Group> groups = new ArrayList<>();
    for (int g = 0; g < labels.size(); g++) {
      if (n[g] > 0) {
        groups.add(
            new Breakdown.Group(
                labels.get(g),
                n[g],
                revenue[g],
                descriptions == null ? null : descriptions.get(g)));
      }
    }
    return new Breakdown(title, note, groups, profiles.size(), totalRevenue(profiles));
  }

  private static double totalRevenue(List<CustomerProfile> profiles) {
    double total = 0;
    for (CustomerProfile p : profiles) {
      total += p.netRevenue();
    }
    return total;
  }
}
