package dev.rapport.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rapport.analytics.clv.CustomerValue;
import dev.rapport.analytics.clv.HoldoutCheck;
import dev.rapport.analytics.clv.ParetoNbd;
import dev.rapport.analytics.clv.Profitability;
import dev.rapport.core.profile.CustomerProfile;
import dev.rapport.io.output.CustomerTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The CLV outputs: customers.csv columns, {@code out/clv.json} and {@code out/clv.csv}. */
final class ClvOutputs {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ClvOutputs() {}

  /** e.g. {@code expected_purchases_12m} for a 12-month horizon. */
  static String horizon(String name, CustomerValue v) {
    return name + "_" + v.settings().horizonMonths() + "m";
  }

  /** p_alive, expected_purchases_12m and clv_12m (empty for customers who never bought). */
  static List<CustomerTable.Extra> columns(CustomerValue v) {
    List<CustomerTable.Extra> cols = new ArrayList<>();
    cols.add(
        new CustomerTable.Extra("p_alive", i -> fmt(v == null ? Double.NaN : v.pAlive()[i], 4)));
    cols.add(
        new CustomerTable.Extra(
            v == null ? "expected_purchases_12m" : horizon("expected_purchases", v),
            i -> fmt(v == null ? Double.NaN : v.expectedPurchases()[i], 4)));
    cols.add(
        new CustomerTable.Extra(
            v == null ? "clv_12m" : horizon("clv", v),
            i -> fmt(v == null ? Double.NaN : v.clv()[i], 2)));
    return cols;
  }

  /** profit_12m (CLV less the cost to serve over the horizon) and value_tier. */
  static List<CustomerTable.Extra> profitColumns(Profitability p, int horizonMonths) {
    return List.of(
        new CustomerTable.Extra("profit_" + horizonMonths + "m", i -> fmt(p.profit()[i], 2)),
        new CustomerTable.Extra("value_tier", i -> p.tier()[i]));
  }

  static String fmt(double v, int decimals) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  /**
   * {@code out/clv.json}: the fits, their standard errors, totals, and the holdout check if any.
   *
   * @param calibrationEnd the last day of the holdout check's calibration period
   */
  static void writeJson(
      Path file,
      CustomerValue v,
      ParetoNbd.Fit pareto,
      HoldoutCheck holdout,
      String calibrationEnd,
      String asOf) {
    ObjectNode root = JSON.createObjectNode();
    root.put("as_of", asOf);
    if (v == null) {
      root.put(
          "note",
          "fewer than "
              + CustomerValue.MIN_BUYERS
              + " customers bought, or fewer than "
              + CustomerValue.MIN_REPEAT_BUYERS
              + " bought twice: no CLV model is fitted");
      write(file, root);
      return;
    }
    root.put("time_unit", v.settings().unit().id());
    root.put("horizon_months", v.settings().horizonMonths());
    root.put("monthly_discount", v.settings().monthlyDiscount());
    root.put("margin", v.settings().margin());
    ObjectNode bg = root.putObject("bg_nbd");
    var b = v.purchases();
    fit(
        bg,
        new String[] {"r", "alpha", "a", "b"},
        new double[] {b.params().r(), b.params().alpha(), b.params().a(), b.params().b()},
        b.standardErrors(),
        b.logLikelihood(),
        b.converged(),
        b.message(),
        b.customers());
    if (pareto != null) {
      var p = pareto.params();
      fit(
          root.putObject("pareto_nbd"),
          new String[] {"r", "alpha", "s", "beta"},
          new double[] {p.r(), p.alpha(), p.s(), p.beta()},
          pareto.standardErrors(),
          pareto.logLikelihood(),
          pareto.converged(),
          pareto.message(),
          pareto.customers());
    }
    if (v.spend() != null) {
      var g = v.spend();
      fit(
          root.putObject("gamma_gamma"),
          new String[] {"p", "q", "gamma"},
          new double[] {g.params().p(), g.params().q(), g.params().gamma()},
          g.standardErrors(),
          g.logLikelihood(),
          g.converged(),
          g.message(),
          g.customers());
    } else {
      root.putNull("gamma_gamma");
    }
    root.put("spend_model_left_out", v.spendLeftOut());
    ObjectNode totals = root.putObject("totals");
    double purchases = 0;
    double clv = 0;
    long scored = 0;
    for (int i = 0; i < v.clv().length; i++) {
      if (!Double.isNaN(v.clv()[i])) {
        scored++;
        purchases += v.expectedPurchases()[i];
        clv += v.clv()[i];
      }
    }
    totals.put("customers_scored", scored);
    totals.put(horizon("expected_purchases", v), purchases);
    totals.put(horizon("clv", v), clv);
    if (holdout != null) {
      ObjectNode h = root.putObject("holdout");
      h.put("calibration_end", calibrationEnd);
      h.put(
          "method",
          "BG/NBD fitted on the events up to calibration_end predicts each of its buyers' repeat"
              + " purchases in the holdout that follows (length in time_unit), beside what they"
              + " did");
      h.put("length", holdout.holdoutLength());
      h.put("customers", holdout.customers());
      h.put("actual_repeat_purchases", holdout.actual());
      h.put("predicted_repeat_purchases", holdout.predicted());
      ArrayNode rows = h.putArray("by_calibration_frequency");
      for (HoldoutCheck.Row r : holdout.byFrequency()) {
        ObjectNode o = rows.addObject();
        o.put("frequency", r.label());
        o.put("customers", r.customers());
        o.put("actual_mean", r.actualMean());
        o.put("predicted_mean", r.predictedMean());
      }
    }
    write(file, root);
  }

  private static void fit(
      ObjectNode node,
      String[] names,
      double[] values,
      double[] se,
      double ll,
      boolean converged,
      String message,
      double customers) {
    ObjectNode params = node.putObject("params");
    ObjectNode errors = node.putObject("standard_errors");
    for (int i = 0; i < names.length; i++) {
      params.put(names[i], values[i]);
      if (Double.isNaN(se[i])) {
        errors.putNull(names[i]);
      } else {
        errors.put(names[i], se[i]);
      }
    }
    node.put("log_likelihood", ll);
    node.put("converged", converged);
    node.put("message", message);
    node.put("customers", customers);
  }

  private static void write(Path file, ObjectNode root) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      JSON.writeValue(file.toFile(), root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * {@code out/clv.csv}: one row per buyer with the model inputs and scores, and with a holdout,
   * the actual and predicted holdout purchases.
   */
  static void writeCsv(
      Path file,
      List<CustomerProfile> profiles,
      CustomerValue v,
      double[] holdoutActual,
      double[] holdoutPredicted) {
    StringBuilder b = new StringBuilder();
    b.append("customer_id,frequency,recency,T,monetary_value,p_alive,")
        .append(horizon("expected_purchases", v))
        .append(",value_per_purchase,")
        .append(horizon("clv", v));
    if (holdoutActual != null) {
      b.append(",holdout_actual,holdout_predicted");
    }
    b.append('\n');
    for (int i = 0; i < profiles.size(); i++) {
      if (Double.isNaN(v.clv()[i])) {
        continue;
      }
      CustomerProfile p = profiles.get(i);
      b.append(CustomerTable.csv(p.customerId()))
          .append(',')
          .append(fmt(p.frequency(), 0))
          .append(',')
          .append(fmt(p.recency(), 4))
          .append(',')
          .append(fmt(p.T(), 4))
          .append(',')
          .append(fmt(p.monetaryValue(), 2))
          .append(',')
          .append(fmt(v.pAlive()[i], 4))
          .append(',')
          .append(fmt(v.expectedPurchases()[i], 4))
          .append(',')
          .append(fmt(v.valuePerPurchase()[i], 2))
          .append(',')
          .append(fmt(v.clv()[i], 2));
      if (holdoutActual != null) {
        b.append(',')
            .append(fmt(holdoutActual[i], 0))
            .append(',')
            .append(fmt(holdoutPredicted[i], 4));
      }
      b.append('\n');
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, b.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
