package dev.rapport.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rapport.analytics.lift.Experiment;
import dev.rapport.analytics.lift.Lift;
import dev.rapport.analytics.lift.Uplift;
import dev.rapport.io.output.CustomerTable;
import dev.rapport.report.ExperimentReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rapport lift}: does the treatment pay? Each treatment arm of a randomised experiment
 * against its holdout, on response, conversion and revenue per unit, with 95% intervals and
 * p-values, overall and by segment; and a two-model uplift model judged by its Qini coefficient on
 * held-out units.
 */
@Command(
    name = "lift",
    mixinStandardHelpOptions = true,
    description = {
      "Measure what engagement bought: each campaign of the workspace against its holdout group,"
          + " or each arm of a randomised experiment imported from a file against its control.",
      "Campaigns: writes out/campaign_lift.json and out/campaign_lift.csv (with --campaign C,"
          + " out/campaign_lift_C.*); campaigns without a holdout group are listed as unmeasured.",
      "Experiment file: writes out/lift.json, the page out/lift.html and, for rejected rows,"
          + " out/lift_rejects.csv.",
      "Examples: rapport lift --workspace ws [--campaign offer-2026-03]",
      "          rapport lift --workspace ws --experiment examples/hillstrom/experiment.yaml"
          + " hillstrom.csv"
    })
final class LiftCommand implements Callable<Integer> {
  @Option(names = "--workspace", required = true, paramLabel = "DIR")
  Path workspace;

  @Option(
      names = "--experiment",
      paramLabel = "SPEC",
      description = "the experiment's spec (YAML): arm and control, outcome and segment columns")
  Path spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "FILE",
      description = "the experiment's units, CSV (with --experiment)")
  Path data;

  @Option(
      names = "--campaign",
      paramLabel = "C",
      description = "only this campaign (default: every campaign of the workspace)")
  String campaign;

  @Option(
      names = "--window-days",
      defaultValue = "14",
      paramLabel = "N",
      description =
          "days after each customer's assignment in which responses, purchases and revenue"
              + " count (default 14)")
  int windowDays;

  @Option(
      names = "--by",
      split = ",",
      paramLabel = "ATTR",
      description =
          "customer attributes to compare within (default: every attribute with 2 to 20 values)")
  List<String> by;

  @Option(
      names = "--uplift-rounds",
      defaultValue = "200",
      paramLabel = "N",
      description = "boosting rounds of each uplift model (default 200; 0 skips the uplift model)")
  int upliftRounds;

  /** Seed of the uplift model's held-out split. */
  static final long SPLIT_SEED = 2008L;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Override
  public Integer call() {
    Workspace ws = Workspace.open(workspace);
    if (spec == null) {
      if (data != null) {
        throw new IllegalArgumentException(
            "the file " + data + " needs --experiment SPEC, which says how to read it");
      }
      if (windowDays < 1) {
        throw new IllegalArgumentException("--window-days must be at least 1, got " + windowDays);
      }
      CampaignLiftOutputs.run(ws, campaign, Duration.ofDays(windowDays), by);
      return 0;
    }
    if (data == null) {
      throw new IllegalArgumentException("--experiment " + spec + " needs the experiment's FILE");
    }
    ExperimentFile file = ExperimentFile.read(spec, data);
    Experiment e = file.experiment();
    System.out.printf(
        Locale.ROOT,
        "read=%d accepted=%d rejected=%d%n",
        file.read(),
        e.arms().size(),
        file.rejects().size());
    ObjectNode root = JSON.createObjectNode();
    root.put("file", data.toString());
    root.put("control", e.control());
    root.put("read", file.read());
    root.put("accepted", e.arms().size());
    root.put("rejected", file.rejects().size());
    List<Experiment.Arm> arms = e.compare();
    print("all units", arms);
    arms(root.putArray("arms"), arms);
    ObjectNode by = root.putObject("by_segment");
    Map<String, Map<String, List<Experiment.Arm>>> bySegment = new java.util.LinkedHashMap<>();
    for (String segmentation : e.segments().keySet()) {
      ObjectNode s = by.putObject(segmentation);
      Map<String, List<Experiment.Arm>> values = e.bySegment(segmentation);
      bySegment.put(segmentation, values);
      for (Map.Entry<String, List<Experiment.Arm>> v : values.entrySet()) {
        print(segmentation + " = " + v.getKey(), v.getValue());
        arms(s.putArray(v.getKey()), v.getValue());
      }
    }
    List<ExperimentReport.Qini> qini = new java.util.ArrayList<>();
    if (upliftRounds > 0 && !file.featureNames().isEmpty()) {
      ObjectNode u = root.putObject("uplift");
      u.put("method", "two-model gradient-boosted trees on the response; Qini on held-out units");
      u.put("test_share", Uplift.TEST_SHARE);
      for (Experiment.Arm arm : arms.subList(1, arms.size())) {
        Uplift up = uplift(file, arm.arm());
        System.out.printf(
            Locale.ROOT,
            "uplift %s vs %s: Qini coefficient %.5f on %,d held-out units (%,d trained);"
                + " incremental responses if all were treated %.1f%n",
            arm.arm(),
            e.control(),
            up.qini(),
            up.testUnits(),
            up.trainUnits(),
            up.curve()[up.curve().length - 1]);
        qini.add(new ExperimentReport.Qini(arm.arm(), up.curve(), up.qini(), up.testUnits()));
        ObjectNode a = u.putObject(arm.arm());
        a.put("qini_coefficient", up.qini());
        a.put("test_units", up.testUnits());
        a.put("train_units", up.trainUnits());
        ArrayNode curve = a.putArray("qini_curve");
        for (double q : up.curve()) {
          curve.add(q);
        }
      }
    }
    Path out = ws.out().resolve("lift.json");
    try {
      Files.createDirectories(ws.out());
      JSON.writeValue(out.toFile(), root);
      if (!file.rejects().isEmpty()) {
        StringBuilder b = new StringBuilder("file,line,field,value,rule\n");
        for (String[] r : file.rejects()) {
          b.append(CustomerTable.csv(data.toString()));
          for (String f : r) {
            b.append(',').append(CustomerTable.csv(f));
          }
          b.append('\n');
        }
        Files.writeString(ws.out().resolve("lift_rejects.csv"), b.toString());
        System.out.println("wrote " + ws.out().resolve("lift_rejects.csv"));
      }
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot write " + out, ex);
    }
    System.out.println("wrote " + out);
    Path page = ws.out().resolve("lift.html");
    ExperimentReport.write(
        page, data.getFileName().toString(), arms, bySegment, qini, ws.config().currency());
    System.out.println("wrote " + page);
    return 0;
  }

  /** The units of one treatment arm and the control, and the uplift model on them. */
  private Uplift uplift(ExperimentFile file, String arm) {
    Experiment e = file.experiment();
    int n = 0;
    for (String a : e.arms()) {
      n += a.equals(arm) || a.equals(e.control()) ? 1 : 0;
    }
    double[][] x = new double[n][];
    boolean[] treated = new boolean[n];
    boolean[] outcome = new boolean[n];
    int k = 0;
    for (int i = 0; i < e.arms().size(); i++) {
      String a = e.arms().get(i);
      if (a.equals(arm) || a.equals(e.control())) {
        x[k] = file.features()[i];
        treated[k] = a.equals(arm);
        outcome[k] = e.responded()[i];
        k++;
      }
    }
    return Uplift.twoModel(x, treated, outcome, upliftRounds, SPLIT_SEED);
  }

  static void print(String title, List<Experiment.Arm> arms) {
    System.out.println("== " + title);
    System.out.println(
        "arm,units,response rate,conversion rate,revenue per unit,"
            + "response lift [95% CI] p,conversion lift [95% CI] p,revenue lift [95% CI] p");
    for (Experiment.Arm a : arms) {
      System.out.printf(
          Locale.ROOT,
          "%s,%d,%.5f,%.5f,%.4f,%s,%s,%s%n",
          a.arm(),
          a.units(),
          a.responseRate(),
          a.conversionRate(),
          a.revenuePerUnit(),
          cell(a.responseLift()),
          cell(a.conversionLift()),
          cell(a.revenueLift()));
    }
  }

  private static String cell(Lift l) {
    return l == null
        ? "control"
        : String.format(
            Locale.ROOT, "%+.5f [%+.5f %+.5f] %.2g", l.difference(), l.low(), l.high(), l.pValue());
  }

  static void arms(ArrayNode out, List<Experiment.Arm> arms) {
    for (Experiment.Arm a : arms) {
      ObjectNode o = out.addObject();
      o.put("arm", a.arm());
      o.put("units", a.units());
      o.put("responses", a.responses());
      o.put("conversions", a.conversions());
      o.put("revenue", a.revenue());
      o.put("response_rate", a.responseRate());
      o.put("conversion_rate", a.conversionRate());
      o.put("revenue_per_unit", a.revenuePerUnit());
      if (a.responseLift() != null) {
        lift(o.putObject("response_lift"), a.responseLift());
        lift(o.putObject("conversion_lift"), a.conversionLift());
        lift(o.putObject("revenue_lift"), a.revenueLift());
        if (a.revenueBootstrap() != null) {
          lift(o.putObject("revenue_lift_bootstrap"), a.revenueBootstrap());
        }
      }
    }
  }

  private static void lift(ObjectNode o, Lift l) {
    o.put("method", l.method());
    o.put("difference", l.difference());
    o.put("relative", l.relative());
    o.put("ci95_low", l.low());
    o.put("ci95_high", l.high());
    o.put("p_value", l.pValue());
    o.put("significant", l.significant());
  }
}
