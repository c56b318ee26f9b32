package dev.rapport.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rapport.analytics.lift.CampaignLift;
import dev.rapport.analytics.lift.Experiment;
import dev.rapport.analytics.lift.Lift;
import dev.rapport.io.output.CustomerTable;
import dev.rapport.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code rapport lift --workspace W} without an experiment file: every campaign's activity and,
 * where it has a holdout group, its lift, printed and written to {@code out/campaign_lift.json} and
 * {@code out/campaign_lift.csv}.
 */
final class CampaignLiftOutputs {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  static final String CSV_HEADER =
      "campaign,verdict,touches,held_out,customers,attributed_responses,"
          + "attributed_response_rate,treated,holdout,contaminated,window_incomplete,"
          + "response_rate_treated,response_rate_holdout,response_lift,response_ci95_low,"
          + "response_ci95_high,response_p,conversion_rate_treated,conversion_rate_holdout,"
          + "conversion_lift,conversion_ci95_low,conversion_ci95_high,conversion_p,"
          + "revenue_per_customer_treated,revenue_per_customer_holdout,revenue_lift,"
          + "revenue_ci95_low,revenue_ci95_high,revenue_p,revenue_bootstrap_ci95_low,"
          + "revenue_bootstrap_ci95_high";

  private CampaignLiftOutputs() {}

  static List<CampaignLift> run(Workspace ws, String campaign, Duration window, List<String> by) {
    List<CampaignLift> lifts;
    try (Store store = ws.openStore()) {
      if (Analysis.stale(store)) {
        System.err.println("events changed since the last analysis; analyzing first");
        Analysis.run(ws, store, null, Analysis.defaultThreads());
      }
      lifts = CampaignLifts.measure(store, campaign, window, by);
    }
    if (campaign != null && lifts.isEmpty()) {
      throw new IllegalArgumentException(
          "no touch carries the campaign '" + campaign + "' in the workspace " + ws.dir());
    }
    print(lifts, window);
    write(ws.out(), fileStem(campaign), lifts, window);
    return lifts;
  }

  private static void print(List<CampaignLift> lifts, Duration window) {
    long measured = lifts.stream().filter(l -> !l.arms().isEmpty()).count();
    System.out.printf(
        Locale.ROOT,
        "%d campaigns: %d measured against a holdout group, %d unmeasured;"
            + " outcomes in the %d days after each customer's assignment%n",
        lifts.size(),
        measured,
        lifts.size() - measured,
        window.toDays());
    for (CampaignLift l : lifts) {
      System.out.printf(
          Locale.ROOT,
          "%s: %s; %,d touches, %,d attributed responses (%.1f%% per touch)%n",
          l.campaign(),
          l.verdict().text(),
          l.touches(),
          l.attributedResponses(),
          100 * l.attributedResponseRate());
      if (!l.arms().isEmpty()) {
        LiftCommand.print(l.campaign() + " against its holdout", l.arms());
      }
    }
  }

  /**
   * {@code campaign_lift} for every campaign, {@code campaign_lift_C} for one, so that looking at
   * one campaign does not overwrite the analysis' view of all of them.
   */
  static String fileStem(String campaign) {
    return campaign == null
        ? "campaign_lift"
        : "campaign_lift_" + campaign.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  static void write(Path out, String stem, List<CampaignLift> lifts, Duration window) {
    ObjectNode root = JSON.createObjectNode();
    root.put("window_days", window.toDays());
    root.put(
        "definitions",
        "Per customer, from their first touch of the campaign (sent or held out) for window_days:"
            + " response = any response event on any channel; conversion = any purchase;"
            + " revenue = purchases less returns. Arms: holdout = customers with a holdout=true"
            + " touch, treated = customers sent a touch; customers in both are contaminated and"
            + " left out, as are customers whose window runs past the data.");
    ArrayNode arr = root.putArray("campaigns");
    StringBuilder csv = new StringBuilder(CSV_HEADER).append('\n');
    for (CampaignLift l : lifts) {
      ObjectNode o = arr.addObject();
      o.put("campaign", l.campaign());
      o.put("verdict", l.verdict().id());
      o.put("verdict_text", l.verdict().text());
      o.put("touches", l.touches());
      o.put("held_out_touches", l.heldOutTouches());
      o.put("customers", l.customers());
      o.put("attributed_responses", l.attributedResponses());
      o.put("attributed_response_rate", l.attributedResponseRate());
      o.put("first_touch", l.first() == null ? null : l.first().toString());
      o.put("last_touch", l.last() == null ? null : l.last().toString());
      o.put("treated", l.treatedUnits());
      o.put("holdout", l.controlUnits());
      o.put("contaminated", l.contaminated());
      o.put("window_incomplete", l.incomplete());
      LiftCommand.arms(o.putArray("arms"), l.arms());
      ObjectNode by = o.putObject("by_segment");
      for (Map.Entry<String, Map<String, List<Experiment.Arm>>> s : l.bySegment().entrySet()) {
        ObjectNode so = by.putObject(s.getKey());
        s.getValue().forEach((v, arms) -> LiftCommand.arms(so.putArray(v), arms));
      }
      csv.append(csvRow(l)).append('\n');
    }
    try {
      Files.createDirectories(out);
      JSON.writeValue(out.resolve(stem + ".json").toFile(), root);
      Files.writeString(out.resolve(stem + ".csv"), csv.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the campaign lift to " + out, e);
    }
    System.out.println("wrote " + out.resolve(stem + ".json"));
    System.out.println("wrote " + out.resolve(stem + ".csv"));
  }

  private static String csvRow(CampaignLift l) {
    StringBuilder b = new StringBuilder();
    b.append(CustomerTable.csv(l.campaign())).append(',').append(l.verdict().id());
    for (long v :
        new long[] {
          l.touches(), l.heldOutTouches(), l.customers(), l.attributedResponses(),
        }) {
      b.append(',').append(v);
    }
    b.append(',').append(number(l.attributedResponseRate()));
    for (long v :
        new long[] {l.treatedUnits(), l.controlUnits(), l.contaminated(), l.incomplete()}) {
      b.append(',').append(v);
    }
    Experiment.Arm t = l.treated();
    if (t == null) {
      b.append(",".repeat(20));
      return b.toString();
    }
    Experiment.Arm c = l.arms().get(0);
    lift(b, t.responseRate(), c.responseRate(), t.responseLift());
    lift(b, t.conversionRate(), c.conversionRate(), t.conversionLift());
    lift(b, t.revenuePerUnit(), c.revenuePerUnit(), t.revenueLift());
    b.append(',').append(number(t.revenueBootstrap().low()));
    b.append(',').append(number(t.revenueBootstrap().high()));
    return b.toString();
  }

  private static void lift(StringBuilder b, double treated, double control, Lift l) {
    for (double v :
        new double[] {treated, control, l.difference(), l.low(), l.high(), l.pValue()}) {
      b.append(',').append(number(v));
    }
  }

  private static String number(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
  }
}
