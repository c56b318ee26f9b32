package dev.rapport.cli;

import dev.rapport.analytics.cluster.BehaviourClusters;
import dev.rapport.analytics.clv.CustomerValue;
import dev.rapport.analytics.clv.HoldoutCheck;
import dev.rapport.analytics.clv.Profitability;
import dev.rapport.analytics.fatigue.ContactFatigue;
import dev.rapport.analytics.fatigue.CustomerFatigue;
import dev.rapport.analytics.fatigue.EngagementFit;
import dev.rapport.analytics.feedback.Feedback;
import dev.rapport.analytics.journey.Attribution;
import dev.rapport.analytics.kpi.Kpis;
import dev.rapport.analytics.lift.CampaignLift;
import dev.rapport.analytics.nba.NextBestAction;
import dev.rapport.analytics.nba.NextBestActions;
import dev.rapport.analytics.segment.Segmentation;
import dev.rapport.analytics.style.EngagementStyle;
import dev.rapport.analytics.style.StyleScores;
import dev.rapport.analytics.touch.TouchModel;
import dev.rapport.analytics.touch.TouchModels;
import dev.rapport.core.engine.BatchResult;
import dev.rapport.core.lifecycle.LifecycleSummary;
import dev.rapport.core.profile.CustomerProfile;
import dev.rapport.core.service.ServiceEvidence;
import dev.rapport.io.output.CustomerTable;
import dev.rapport.io.output.LifecycleSummaryJson;
import dev.rapport.io.output.LifecycleTable;
import dev.rapport.report.ReportWriter;
import dev.rapport.store.Store;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "analyze",
    mixinStandardHelpOptions = true,
    description = {
      "Fold every imported interaction into one profile per customer.",
      "Writes out/customers.csv and out/report.html in the workspace."
    })
final class AnalyzeCommand implements Callable<Integer> {
  @Option(names = "--workspace", required = true, paramLabel = "DIR")
  Path workspace;

  @Option(
      names = "--as-of",
      paramLabel = "YYYY-MM-DD",
      description =
          "end of observation (inclusive, in the workspace time zone); default: the day of the latest event")
  String asOf;

  @Option(names = "--timings", description = "print the wall time of each step")
  boolean timings;

  @Option(names = "--threads", paramLabel = "N", description = "fold threads (default: all cores)")
  Integer threads;

  @Override
  public Integer call() {
    Workspace ws = Workspace.open(workspace);
    Instant end = parseAsOf(asOf, ws);
    try (Store store = ws.openStore()) {
      Timings time = new Timings();
      BatchResult result =
          analyze(ws, store, end, threads == null ? Analysis.defaultThreads() : threads, time);
      if (timings) {
        time.print(System.err);
      }
      System.out.println(summary(result, store.eventCount()));
      System.out.println("wrote " + ws.out().resolve("customers.csv"));
      System.out.println("wrote " + ws.out().resolve("lifecycle.csv"));
      System.out.println("wrote " + ws.out().resolve("report.html"));
    }
    return 0;
  }

  static Instant parseAsOf(String text, Workspace ws) {
    if (text == null) {
      return null;
    }
    try {
      return Analysis.endOf(LocalDate.parse(text), ws.config().zone());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "--as-of '" + text + "' is not a date of the form YYYY-MM-DD", e);
    }
  }

  /** Runs the analysis and writes the outputs; shared with the demo. */
  static BatchResult analyze(Workspace ws, Store store, Instant end, int threads) {
    return analyze(ws, store, end, threads, new Timings());
  }

  static BatchResult analyze(Workspace ws, Store store, Instant end, int threads, Timings time) {
    BatchResult result = Analysis.run(ws, store, end, threads);
    time.lap("fold and save");
    List<Segmentation.Result> segments =
        Segmentation.of(ws.config().segments()).apply(result.profiles(), result.lifecycles());
    List<StyleScores.Result> styles = StyleScores.of(result.styles());
    time.lap("segments and styles");
    List<CustomerTable.Extra> extras = new ArrayList<>(segmentColumns(segments));
    BehaviourClusters.Result clusters = BehaviourClusters.fit(result.profiles(), CLUSTER_SEED);
    extras.add(new CustomerTable.Extra("cluster", i -> Integer.toString(clusters.assignment()[i])));
    extras.add(
        new CustomerTable.Extra(
            "cluster_description", i -> clusters.descriptions().get(clusters.assignment()[i])));
    writeClusters(ws.out().resolve("clusters.csv"), clusters);
    time.lap("clusters");
    ContactFatigue populationFatigue = ContactFatigue.of(result.contacts());
    writeFatigue(ws.out().resolve("contact_fatigue.csv"), populationFatigue);
    time.lap("population contact fatigue");
    CustomerValue value = CustomerValue.of(result.profiles(), ws.config().clv());
    extras.addAll(ClvOutputs.columns(value));
    Profitability profitability =
        Profitability.of(result.profiles(), result.services(), value, ws.config());
    extras.addAll(ClvOutputs.profitColumns(profitability, ws.config().clv().horizonMonths()));
    extras.addAll(serviceColumns(result.services()));
    time.lap("lifetime value and profit");
    // One fold at a cutoff serves the churn model's training set and the CLV holdout check.
    BatchResult atCutoff =
        result.asOf() == null ? null : Analysis.fold(ws, store, ChurnRisk.cutoff(result), threads);
    time.lap("fold at the cutoff");
    extras.addAll(ChurnRisk.columns(ChurnRisk.forAnalysis(ws, result, atCutoff)));
    time.lap("churn model");
    HoldoutCheck clvCheck =
        atCutoff == null || atCutoff.asOf() == null
            ? null
            : ClvCommand.calibrationCheck(ws, atCutoff, result);
    ClvOutputs.writeJson(
        ws.out().resolve("clv.json"),
        value,
        null,
        clvCheck,
        clvCheck == null ? null : asOfText(atCutoff, ws),
        asOfText(result, ws));
    time.lap("CLV holdout check");
    List<TouchModel> touchModels =
        TouchModels.of(
            result.profiles(),
            ws.config(),
            value == null ? null : value.clv(),
            ws.config().clv().horizonMonths());
    extras.add(new CustomerTable.Extra("touch_model", i -> touchModels.get(i).kind().id()));
    extras.add(new CustomerTable.Extra("touch_model_reason", i -> touchModels.get(i).reason()));
    extras.addAll(styleColumns(styles));
    List<EngagementFit> engagementFit =
        EngagementFitOutputs.of(
            result.profiles(),
            result.contacts(),
            Segmentation.rfmSegments(segments),
            profitability == null ? null : profitability.tier(),
            touchModels);
    EngagementFitOutputs.write(ws.out(), engagementFit);
    time.lap("touch models, engagement fit");
    List<CustomerFatigue> fatigue = CustomerFatigue.forAll(result.contacts(), ws.config());
    extras.add(
        new CustomerTable.Extra(
            "contact_fatigue", i -> Boolean.toString(fatigue.get(i).fatigued())));
    extras.add(new CustomerTable.Extra("contact_fatigue_reason", i -> fatigue.get(i).reason()));
    List<NextBestAction> actions =
        NextBestActions.forAll(
            result.profiles(),
            result.lifecycles(),
            styles.stream().map(StyleScores.Result::dominant).toList(),
            Segmentation.rfmSegments(segments),
            result.contacts(),
            fatigue,
            ws.config());
    extras.addAll(actionColumns(actions));
    time.lap("contact fatigue, next action");
    // One identifier index for the outputs that read events back (texts, referrals, reviews).
    ProfileIndex profileIndex = new ProfileIndex(result);
    Feedback.Result feedback = FeedbackOutputs.of(store, result, profileIndex);
    extras.addAll(FeedbackOutputs.columns(feedback));
    FeedbackOutputs.write(
        ws.out(),
        feedback,
        result,
        ws.config().zone(),
        i -> result.lifecycles().get(i).stage().id(),
        i -> profitability == null ? null : profitability.tier()[i],
        i ->
            value == null || Double.isNaN(value.clv()[i])
                ? null
                : String.format(java.util.Locale.ROOT, "%.2f", value.clv()[i]));
    time.lap("feedback");
    storeDecisions(store, result.profiles(), extras);
    CustomerTable.write(
        ws.out().resolve("customers.csv"),
        result.profiles(),
        result.lifecycles(),
        extras,
        key -> result.customers().identifiers(key));
    LifecycleTable.write(ws.out().resolve("lifecycle.csv"), result.profiles(), result.lifecycles());
    LifecycleSummary lifecycle =
        LifecycleSummary.of(result.lifecycles(), result.asOf(), ws.config().zone());
    LifecycleSummaryJson.write(ws.out().resolve("lifecycle_summary.json"), lifecycle);
    time.lap("write tables");
    List<CampaignLift> campaigns =
        CampaignLifts.measure(store, null, CampaignLifts.DEFAULT_WINDOW, null);
    CampaignLiftOutputs.write(
        ws.out(), CampaignLiftOutputs.fileStem(null), campaigns, CampaignLifts.DEFAULT_WINDOW);
    time.lap("campaign lift");
    Kpis kpis = KpiOutputs.kpis(ws, result, value);
    KpiOutputs.write(
        ws.out().resolve("kpis.json"),
        KpiOutputs.json(
            kpis,
            asOfText(result, ws),
            ws.config().currency(),
            new KpiOutputs.Grouping("segment", Segmentation.rfmSegments(segments)::get),
            campaigns));
    time.lap("KPIs");
    Attribution attribution = Attribution.of(result.journeys());
    JourneyOutputs.write(
        ws.out(), result.journeys(), attribution, ws.config().kpi().journeyWindow());
    AdvocacyOutputs.Result advocacy =
        AdvocacyOutputs.of(store, result, profileIndex, ws.config().kpi().referredAttribute());
    AdvocacyOutputs.write(ws.out(), advocacy);
    time.lap("journeys, attribution, advocacy");
    List<String> imports = new ArrayList<>();
    store.meta(ImportCommand.IMPORT_LOG).ifPresent(log -> imports.addAll(List.of(log.split("\n"))));
    String asOfText = result.asOf() == null ? "(no events)" : asOfText(result, ws);
    ReportWriter.write(
        ws.out().resolve("report.html"),
        new ReportWriter.Context(
            ws.dir().toAbsolutePath().normalize().getFileName().toString(),
            asOfText,
            ws.config().currency(),
            imports),
        result.profiles(),
        lifecycle,
        Breakdowns.of(
            result.profiles(),
            segments,
            ws.config().segments().keySet(),
            clusters,
            touchModels,
            styles,
            profitability,
            ws.config().clv().horizonMonths()),
        new ReportWriter.Sections(
            new ReportWriter.Fatigue(
                populationFatigue,
                fatigue.stream().filter(CustomerFatigue::fatigued).count(),
                engagementFit),
            value == null
                ? null
                : new ReportWriter.Value(
                    value, clvCheck, clvCheck == null ? null : asOfText(atCutoff, ws)),
            new ReportWriter.Campaigns(campaigns, (int) CampaignLifts.DEFAULT_WINDOW.toDays()),
            kpis,
            feedback,
            new ReportWriter.Journeys(
                result.journeys(), attribution, ws.config().kpi().journeyWindow().toDays()),
            advocacy.advocacy()));
    time.lap("report");
    return result;
  }

  /** The last day observed, in the workspace time zone; null without events. */
  static String asOfText(BatchResult result, Workspace ws) {
    return result.asOf() == null
        ? null
        : result.asOf().minusSeconds(1).atZone(ws.config().zone()).toLocalDate().toString();
  }

  /** Tickets with their mean first-response and resolution hours, and the latest survey scores. */
  static List<CustomerTable.Extra> serviceColumns(List<ServiceEvidence> s) {
    return List.of(
        new CustomerTable.Extra("tickets", i -> Integer.toString(s.get(i).ticketsOpened())),
        new CustomerTable.Extra("open_tickets", i -> Integer.toString(s.get(i).ticketsOpen())),
        new CustomerTable.Extra(
            "first_response_hours", i -> hours(s.get(i).meanFirstResponseHours())),
        new CustomerTable.Extra("resolution_hours", i -> hours(s.get(i).meanResolutionHours())),
        new CustomerTable.Extra("surveys", i -> Integer.toString(s.get(i).surveys())),
        new CustomerTable.Extra("last_csat", i -> score(s.get(i).lastCsat())),
        new CustomerTable.Extra("last_nps", i -> score(s.get(i).lastNps())),
        new CustomerTable.Extra("last_ces", i -> score(s.get(i).lastCes())));
  }

  private static String hours(double h) {
    return Double.isNaN(h) ? null : String.format(java.util.Locale.ROOT, "%.2f", h);
  }

  private static String score(float v) {
    return Float.isNaN(v)
        ? null
        : v == Math.rint(v) ? Integer.toString((int) v) : Float.toString(v);
  }

  /** style_<style> scores 0-100, dominant_style and style_reason. */
  static List<CustomerTable.Extra> styleColumns(List<StyleScores.Result> r) {
    List<CustomerTable.Extra> cols = new ArrayList<>();
    for (EngagementStyle s : EngagementStyle.values()) {
      cols.add(
          new CustomerTable.Extra(
              "style_" + s.id(),
              i -> String.format(java.util.Locale.ROOT, "%.1f", r.get(i).scores().get(s))));
    }
    cols.add(
        new CustomerTable.Extra(
            "dominant_style", i -> r.get(i).dominant() == null ? null : r.get(i).dominant().id()));
    cols.add(new CustomerTable.Extra("style_reason", i -> r.get(i).reason()));
    return cols;
  }

  /** Keeps every decision column per customer in the store, for {@code rapport customer}. */
  static void storeDecisions(
      Store store, List<CustomerProfile> profiles, List<CustomerTable.Extra> extras) {
    Map<String, Map<String, String>> byCustomer = new HashMap<>(profiles.size() * 2);
    for (int i = 0; i < profiles.size(); i++) {
      Map<String, String> values = new LinkedHashMap<>();
      for (CustomerTable.Extra x : extras) {
        String v = x.value().apply(i);
        if (v != null && !v.isEmpty()) {
          values.put(x.name(), v);
        }
      }
      byCustomer.put(profiles.get(i).customerId(), values);
    }
    store.replaceDecisions(byCustomer);
  }

  private static void writeText(java.nio.file.Path file, String text) {
    try {
      java.nio.file.Files.writeString(file, text);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot write " + file, e);
    }
  }

  /** Fixed, so that the same data always gives the same clusters. */
  static final long CLUSTER_SEED = 20_261_123L;

  /**
   * {@code out/clusters.csv}: cluster, customers, description, and the mean silhouette of the
   * chosen k (the same on every row: it is how k was chosen).
   */
  static void writeClusters(java.nio.file.Path file, BehaviourClusters.Result c) {
    StringBuilder b = new StringBuilder("cluster,customers,description,silhouette\n");
    for (int i = 0; i < c.k(); i++) {
      b.append(i)
          .append(',')
          .append(c.sizes()[i])
          .append(",\"")
          .append(c.descriptions().get(i).replace("\"", "\"\""))
          .append("\",")
          .append(String.format(java.util.Locale.ROOT, "%.3f", c.silhouette()))
          .append('\n');
    }
    writeText(file, b.toString());
  }

  /**
   * {@code out/contact_fatigue.csv}: per band of contact pressure at the moment, the touches made
   * and the responses, unsubscribes and complaints per touch; {@code fatigue_signal} on every row
   * says whether the busiest band answers less and unsubscribes or complains more.
   */
  static void writeFatigue(java.nio.file.Path file, ContactFatigue f) {
    StringBuilder b =
        new StringBuilder(
            "pressure_from,pressure_to,touches,responses_per_touch,unsubscribes_per_touch,"
                + "complaints_per_touch,fatigue_signal\n");
    for (ContactFatigue.Band band : f.bands()) {
      b.append(
          String.format(
              java.util.Locale.ROOT,
              "%d,%s,%d,%.4f,%.5f,%.5f,%s%n",
              band.from(),
              band.to() == Integer.MAX_VALUE ? "" : Integer.toString(band.to()),
              band.touches(),
              band.responsesPerTouch(),
              band.unsubscribesPerTouch(),
              band.complaintsPerTouch(),
              f.fatigueSignal()));
    }
    writeText(file, b.toString());
  }

  /** nba_action (contact or none), nba_channel, nba_theme, nba_time, nba_reason. */
  static List<CustomerTable.Extra> actionColumns(List<NextBestAction> a) {
    return List.of(
        new CustomerTable.Extra("nba_action", i -> a.get(i).contact() ? "contact" : "none"),
        new CustomerTable.Extra(
            "nba_channel", i -> a.get(i).channel() == null ? null : a.get(i).channel().id()),
        new CustomerTable.Extra("nba_theme", i -> a.get(i).theme()),
        new CustomerTable.Extra("nba_time", i -> a.get(i).time()),
        new CustomerTable.Extra("nba_reason", i -> a.get(i).reason()));
  }

  /** rfm_score (e.g. 545), rfm_segment and the names of the customer's segments, ';'-joined. */
  static List<CustomerTable.Extra> segmentColumns(List<Segmentation.Result> r) {
    return List.of(
        new CustomerTable.Extra(
            "rfm_score", i -> r.get(i).rfm() == null ? null : r.get(i).rfm().code()),
        new CustomerTable.Extra(
            "rfm_segment", i -> r.get(i).rfm() == null ? null : r.get(i).rfm().segment().label()),
        new CustomerTable.Extra("segments", i -> String.join(";", r.get(i).segments())));
  }

  /**
   * One line: customers, events folded, events left out as later than the as-of time (the store
   * filters those before the engine sees them, hence the count from the store), and so on.
   */
  static String summary(BatchResult r, long storedEvents) {
    return "customers="
        + r.profiles().size()
        + " events="
        + r.folded()
        + " after_as_of="
        + (storedEvents - r.folded() - r.unresolved())
        + " unresolved="
        + r.unresolved()
        + " identity_conflicts="
        + r.identityConflicts()
        + " as_of="
        + (r.asOf() == null ? "" : r.asOf());
  }
}
