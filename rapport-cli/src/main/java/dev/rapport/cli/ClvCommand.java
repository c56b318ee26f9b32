package dev.rapport.cli;

import dev.rapport.analytics.clv.BgNbd;
import dev.rapport.analytics.clv.CustomerValue;
import dev.rapport.analytics.clv.HoldoutCheck;
import dev.rapport.analytics.clv.ParetoNbd;
import dev.rapport.analytics.clv.ProfileTableFit;
import dev.rapport.analytics.clv.RfmData;
import dev.rapport.core.engine.BatchResult;
import dev.rapport.core.profile.CustomerProfile;
import dev.rapport.store.Store;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rapport clv}: fits the purchase (BG/NBD, with Pareto/NBD beside it) and spend
 * (Gamma-Gamma) models and scores every buyer; with {@code --calibration-end}, fits on the
 * calibration period and checks the predictions against what customers did afterwards.
 */
@Command(
    name = "clv",
    mixinStandardHelpOptions = true,
    description = {
      "Fit the lifetime-value models and score every customer who bought.",
      "Writes out/clv.json (fits, standard errors, holdout check) and out/clv.csv."
    })
final class ClvCommand implements Callable<Integer> {
  @Option(names = "--workspace", required = true, paramLabel = "DIR")
  Path workspace;

  @Option(
      names = "--as-of",
      paramLabel = "YYYY-MM-DD",
      description = "end of observation (inclusive); default: the day of the latest event")
  String asOf;

  @Option(
      names = "--calibration-end",
      paramLabel = "YYYY-MM-DD",
      description =
          "fit on events up to this day (inclusive) and compare the predictions with the"
              + " purchases between it and the end of observation")
  String calibrationEnd;

  @Option(names = "--threads", paramLabel = "N", description = "fold threads (default: all cores)")
  Integer threads;

  @Option(
      names = "--from-profiles",
      description = {
        "fit on the stored profile table as it is (the Flink job's, or the last analysis), read"
            + " row by row, instead of folding every event: for tables larger than memory.",
        "Each buyer's age is carried forward to the table's latest as-of time. Writes out/clv.json."
      })
  boolean fromProfiles;

  /** The models fitted from the stored profile table, read once, row by row. */
  private int fromProfiles(Workspace ws) {
    if (asOf != null || calibrationEnd != null) {
      throw new IllegalArgumentException(
          "--from-profiles fits the table as of its own latest snapshot: leave out --as-of and"
              + " --calibration-end (they fold the events)");
    }
    try (Store store = ws.openStore()) {
      long start = System.nanoTime();
      ProfileTableFit table = new ProfileTableFit(ws.config().clv());
      store.forEachProfile(table::add);
      long read = System.nanoTime();
      CustomerValue value = table.fit();
      long fitted = System.nanoTime();
      double readSeconds = (read - start) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "read %,d profiles (%,d buyers) in %.1f s (%,.0f a second); fitted and scored in %.1f"
              + " s%n",
          table.customers(),
          table.buyers(),
          readSeconds,
          table.customers() / Math.max(readSeconds, 1e-9),
          (fitted - read) / 1e9);
      String when = table.asOf() == null ? "" : table.asOf().toString();
      if (value == null) {
        System.out.println(NO_MODEL);
      } else {
        System.out.println(value.describe());
      }
      ClvOutputs.writeJson(ws.out().resolve("clv.json"), value, null, null, null, when);
    }
    return 0;
  }

  private static final String NO_MODEL =
      "fewer than "
          + CustomerValue.MIN_BUYERS
          + " customers bought, or fewer than "
          + CustomerValue.MIN_REPEAT_BUYERS
          + " bought twice: no model is fitted";

  /**
   * Pareto/NBD is fitted beside BG/NBD up to this many distinct triples (its gradient is numeric).
   */
  static final int PARETO_MAX_TRIPLES = 200_000;

  @Override
  public Integer call() {
    Workspace ws = Workspace.open(workspace);
    if (fromProfiles) {
      return fromProfiles(ws);
    }
    Instant end = AnalyzeCommand.parseAsOf(asOf, ws);
    Instant calibration = AnalyzeCommand.parseAsOf(calibrationEnd, ws);
    int n = threads == null ? Analysis.defaultThreads() : threads;
    try (Store store = ws.openStore()) {
      BatchResult fitted = Analysis.fold(ws, store, calibration != null ? calibration : end, n);
      if (calibration != null
          && fitted.asOf() != null
          && end != null
          && !end.isAfter(calibration)) {
        throw new IllegalArgumentException(
            "--calibration-end " + calibrationEnd + " must be before --as-of " + asOf);
      }
      List<CustomerProfile> profiles = fitted.profiles();
      CustomerValue value = CustomerValue.of(profiles, ws.config().clv());
      if (value == null) {
        System.out.println(NO_MODEL);
        ClvOutputs.writeJson(
            ws.out().resolve("clv.json"),
            null,
            null,
            null,
            null,
            AnalyzeCommand.asOfText(fitted, ws));
        return 0;
      }
      ParetoNbd.Fit pareto = pareto(profiles);
      HoldoutCheck holdout = null;
      double[] actual = null;
      double[] predicted = null;
      if (calibration != null) {
        BatchResult later = Analysis.fold(ws, store, end, n);
        if (later.asOf() == null || !later.asOf().isAfter(fitted.asOf())) {
          throw new IllegalArgumentException(
              "--calibration-end "
                  + calibrationEnd
                  + " leaves no holdout period: there are no events after it");
        }
        double length = holdoutLength(ws, fitted, later);
        actual = holdoutPurchases(profiles, later.profiles());
        predicted = new double[profiles.size()];
        holdout = holdout(value.purchases().params(), profiles, actual, predicted, length);
      }
      System.out.println(value.describe());
      if (pareto != null) {
        System.out.printf(
            Locale.ROOT,
            "Pareto/NBD: r=%.4f alpha=%.4f s=%.4f beta=%.4f LL=%.2f (%s)%n",
            pareto.params().r(),
            pareto.params().alpha(),
            pareto.params().s(),
            pareto.params().beta(),
            pareto.logLikelihood(),
            pareto.message());
      }
      if (holdout != null) {
        System.out.printf(
            Locale.ROOT,
            "holdout of %.2f %s: %,d customers made %,.0f repeat purchases; BG/NBD predicted"
                + " %,.1f%n",
            holdout.holdoutLength(),
            ws.config().clvUnit().id(),
            holdout.customers(),
            holdout.actual(),
            holdout.predicted());
        System.out.println("calibration frequency,customers,actual mean,predicted mean");
        for (HoldoutCheck.Row r : holdout.byFrequency()) {
          System.out.printf(
              Locale.ROOT,
              "%s,%d,%.3f,%.3f%n",
              r.label(),
              r.customers(),
              r.actualMean(),
              r.predictedMean());
        }
      }
      ClvOutputs.writeJson(
          ws.out().resolve("clv.json"),
          value,
          pareto,
          holdout,
          calibrationEnd,
          AnalyzeCommand.asOfText(fitted, ws));
      ClvOutputs.writeCsv(ws.out().resolve("clv.csv"), profiles, value, actual, predicted);
      System.out.println("wrote " + ws.out().resolve("clv.json"));
      System.out.println("wrote " + ws.out().resolve("clv.csv"));
      if (!value.purchases().converged() || (pareto != null && !pareto.converged())) {
        System.err.println("warning: a model did not converge; see the messages above");
      }
    }
    return 0;
  }

  static ParetoNbd.Fit pareto(List<CustomerProfile> profiles) {
    List<double[]> rows = new ArrayList<>();
    for (CustomerProfile p : profiles) {
      if (p.purchases() > 0 && Double.isFinite(p.frequency()) && p.T() > 0) {
        rows.add(new double[] {p.frequency(), p.recency(), p.T()});
      }
    }
    RfmData d = rfm(rows);
    return d.size() > PARETO_MAX_TRIPLES ? null : ParetoNbd.fit(d);
  }

  private static RfmData rfm(List<double[]> rows) {
    double[] x = new double[rows.size()];
    double[] tx = new double[rows.size()];
    double[] t = new double[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      x[i] = rows.get(i)[0];
      tx[i] = rows.get(i)[1];
      t[i] = rows.get(i)[2];
    }
    return RfmData.of(x, tx, t);
  }

  /**
   * Per calibration customer (aligned), repeat purchases after the calibration end: the later
   * frequency less the calibration one; NaN for customers who had not bought in calibration.
   */
  static double[] holdoutPurchases(List<CustomerProfile> calibration, List<CustomerProfile> later) {
    Map<String, CustomerProfile> byId = new HashMap<>(later.size() * 2);
    for (CustomerProfile p : later) {
      byId.put(p.customerId(), p);
    }
    double[] out = new double[calibration.size()];
    for (int i = 0; i < calibration.size(); i++) {
      CustomerProfile c = calibration.get(i);
      CustomerProfile l = byId.get(c.customerId());
      out[i] =
          Double.isFinite(c.frequency()) && l != null ? l.frequency() - c.frequency() : Double.NaN;
    }
    return out;
  }

  /** The time from the calibration end to the later end, in the workspace's CLV time unit. */
  static double holdoutLength(Workspace ws, BatchResult calibration, BatchResult later) {
    return (later.asOf().getEpochSecond() - calibration.asOf().getEpochSecond())
        / (86_400.0 * ws.config().clvUnit().days());
  }

  /**
   * For {@code rapport analyze}: BG/NBD refitted on the profiles at a calibration end predicts each
   * buyer's repeat purchases up to the analysis' end, beside what they did; null when too few had
   * bought by then to fit.
   */
  static HoldoutCheck calibrationCheck(Workspace ws, BatchResult calibration, BatchResult later) {
    CustomerValue fit = CustomerValue.of(calibration.profiles(), ws.config().clv());
    if (fit == null || later.asOf() == null || !later.asOf().isAfter(calibration.asOf())) {
      return null;
    }
    double[] actual = holdoutPurchases(calibration.profiles(), later.profiles());
    return holdout(
        fit.purchases().params(),
        calibration.profiles(),
        actual,
        new double[actual.length],
        holdoutLength(ws, calibration, later));
  }

  private static HoldoutCheck holdout(
      BgNbd.Params p,
      List<CustomerProfile> profiles,
      double[] actual,
      double[] predicted,
      double length) {
    List<Integer> rows = new ArrayList<>();
    for (int i = 0; i < profiles.size(); i++) {
      predicted[i] = Double.NaN;
      if (!Double.isNaN(actual[i])) {
        rows.add(i);
      }
    }
    double[] x = new double[rows.size()];
    double[] tx = new double[rows.size()];
    double[] t = new double[rows.size()];
    double[] a = new double[rows.size()];
    for (int k = 0; k < rows.size(); k++) {
      CustomerProfile c = profiles.get(rows.get(k));
      x[k] = c.frequency();
      tx[k] = c.recency();
      t[k] = c.T();
      a[k] = actual[rows.get(k)];
      predicted[rows.get(k)] = BgNbd.expectedPurchases(p, length, x[k], tx[k], t[k]);
    }
    return HoldoutCheck.of(p, x, tx, t, a, length);
  }
}
