package dev.rapport.cli;

import dev.rapport.analytics.clv.CustomerValue;
import dev.rapport.analytics.clv.Profitability;
import dev.rapport.analytics.journey.Attribution;
import dev.rapport.analytics.kpi.KpiGroup;
import dev.rapport.analytics.kpi.Kpis;
import dev.rapport.analytics.lift.CampaignLift;
import dev.rapport.analytics.segment.Segmentation;
import dev.rapport.core.engine.BatchResult;
import dev.rapport.core.profile.CustomerProfile;
import dev.rapport.store.Store;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rapport kpi}: the KPIs the field runs on, over every customer and every touch (ignored
 * ones included), beside the engaged-only view; by segment, stage, value tier, channel, month,
 * campaign or any imported customer attribute.
 */
@Command(
    name = "kpi",
    mixinStandardHelpOptions = true,
    description = {
      "The KPIs: conversion, response and unengaged rates, revenue and order value, CSAT, NPS, CES,"
          + " first-response and resolution times, activation, retention and churn, the funnels"
          + " of rapport.yaml and the cohort retention matrix. Prints a table and writes"
          + " out/kpis.json. Definitions: docs/KPIS.md.",
      "Examples: rapport kpi --workspace ws",
      "          rapport kpi --workspace ws --by channel",
      "          rapport kpi --workspace ws --by origin      (an imported customer attribute)"
    })
final class KpiCommand implements Callable<Integer> {
  /** The groupings that are not customer attributes. */
  static final List<String> DIMENSIONS =
      List.of("segment", "stage", "tier", "channel", "month", "campaign");

  @Option(names = "--workspace", required = true, paramLabel = "DIR")
  Path workspace;

  @Option(
      names = "--by",
      paramLabel = "DIMENSION",
      description =
          "segment (RFM), stage, tier (value), channel, month, campaign, or the name of an"
              + " imported customer attribute")
  String by;

  @Option(
      names = "--as-of",
      paramLabel = "YYYY-MM-DD",
      description = "the last day observed (default: the last day with events)")
  String asOf;

  @Option(names = "--threads", paramLabel = "N", description = "fold threads (default: all cores)")
  Integer threads;

  @Override
  public Integer call() {
    Workspace ws = Workspace.open(workspace);
    Instant end = AnalyzeCommand.parseAsOf(asOf, ws);
    try (Store store = ws.openStore()) {
      int n = threads == null ? Analysis.defaultThreads() : threads;
      // Attributes and campaign units are joined through the identity links of the last
      // analysis: when events changed since, analyze (and save) first, as rapport lift does.
      BatchResult r;
      if (Analysis.stale(store)) {
        System.err.println("events changed since the last analysis; analyzing first");
        r = Analysis.run(ws, store, end, n);
      } else {
        r = Analysis.fold(ws, store, end, n);
      }
      if (r.profiles().isEmpty()) {
        throw new IllegalArgumentException(
            "workspace " + ws.dir() + " has no events to compute KPIs from; import some first");
      }
      CustomerValue value = CustomerValue.of(r.profiles(), ws.config().clv());
      KpiOutputs.Grouping grouping = grouping(by, ws, store, r, value);
      Kpis k = KpiOutputs.kpis(ws, r, value);
      List<CampaignLift> campaigns =
          "campaign".equals(by)
              ? CampaignLifts.measure(store, null, CampaignLifts.DEFAULT_WINDOW, null)
              : null;
      String asOfText = AnalyzeCommand.asOfText(r, ws);
      System.out.println(
          "KPIs to "
              + asOfText
              + " ("
              + ws.config().currency()
              + "), "
              + r.profiles().size()
              + " customers");
      System.out.print(KpiOutputs.overallTable(k));
      if (grouping != null) {
        System.out.println();
        List<KpiGroup> groups =
            switch (grouping.name()) {
              case "channel" -> k.byChannel();
              case "month" -> k.byMonth();
              case "campaign" -> null;
              default -> k.byCustomers(grouping.label());
            };
        if (groups != null) {
          System.out.print(KpiOutputs.groupTable(grouping.name(), groups));
        } else {
          System.out.print(KpiOutputs.campaignTable(campaigns));
        }
      }
      System.out.println();
      System.out.print(
          KpiOutputs.funnelTable(
              k.funnels(grouping != null && grouping.ofCustomers() ? grouping.label() : null),
              grouping != null && grouping.ofCustomers() ? grouping.name() : null));
      Attribution attribution = Attribution.of(r.journeys());
      System.out.println();
      System.out.print(JourneyOutputs.table(r.journeys(), attribution));
      Path file = ws.out().resolve("kpis.json");
      KpiOutputs.write(
          file, KpiOutputs.json(k, asOfText, ws.config().currency(), grouping, campaigns));
      System.out.println("wrote " + file);
      JourneyOutputs.write(ws.out(), r.journeys(), attribution, ws.config().kpi().journeyWindow());
      System.out.println("wrote " + ws.out().resolve("journeys.json"));
    }
    return 0;
  }

  /** The grouping {@code --by} names; an unknown name is an error listing the valid ones. */
  static KpiOutputs.Grouping grouping(
      String by, Workspace ws, Store store, BatchResult r, CustomerValue value) {
    if (by == null) {
      return null;
    }
    List<CustomerProfile> profiles = r.profiles();
    switch (by) {
      case "channel":
      case "month":
      case "campaign":
        return new KpiOutputs.Grouping(by, null);
      case "segment":
        {
          List<String> rfm =
              Segmentation.rfmSegments(
                  Segmentation.of(ws.config().segments()).apply(profiles, r.lifecycles()));
          return new KpiOutputs.Grouping(by, rfm::get);
        }
      case "stage":
        return new KpiOutputs.Grouping(by, i -> r.lifecycles().get(i).stage().id());
      case "tier":
        {
          Profitability p = Profitability.of(profiles, r.services(), value, ws.config());
          return new KpiOutputs.Grouping(
              by,
              i -> p == null || p.tier()[i] == null ? EngagementFitOutputs.NO_TIER : p.tier()[i]);
        }
      default:
        {
          Map<String, Map<String, String>> attrs = store.attributesByCustomer();
          TreeSet<String> names = new TreeSet<>();
          attrs.values().forEach(m -> names.addAll(m.keySet()));
          if (!names.contains(by)) {
            throw new IllegalArgumentException(
                "--by "
                    + by
                    + ": not a dimension ("
                    + String.join(", ", DIMENSIONS)
                    + ") nor an imported customer attribute"
                    + (names.isEmpty()
                        ? " (none imported)"
                        : " (" + String.join(", ", names) + ")"));
          }
          return new KpiOutputs.Grouping(
              by,
              i -> {
                Map<String, String> a = attrs.get(profiles.get(i).customerId());
                return a == null ? null : a.get(by);
              });
        }
    }
  }
}
