package dev.rapport.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rapport.analytics.model.Classifier;
import dev.rapport.analytics.model.CrossValidation;
import dev.rapport.analytics.model.Features;
import dev.rapport.io.output.CustomerTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rapport churn --table}: churn models on a wide customer table with a label column —
 * logistic regression and gradient-boosted trees, each judged by stratified 5-fold cross-validated
 * AUC; every customer scored by the better model out of fold (by a model that never saw them), with
 * their top drivers, and the at-risk list.
 */
@Command(
    name = "churn",
    mixinStandardHelpOptions = true,
    description = {
      "Churn models on a customer table with a label column, cross-validated.",
      "Writes out/churn.json (models, fold AUCs, calibration) and out/churn_scores.csv."
    })
final class ChurnCommand implements Callable<Integer> {
  @Option(names = "--workspace", required = true, paramLabel = "DIR")
  Path workspace;

  @Option(
      names = "--table",
      required = true,
      paramLabel = "FILE",
      description = "a CSV with one row per customer and a label column")
  Path table;

  @Option(
      names = "--label",
      required = true,
      paramLabel = "COL",
      description = "the column that says whether the customer churned")
  String label;

  @Option(
      names = "--positive",
      paramLabel = "VALUE",
      description = "the label value that means churned (default: 1, Yes or true)")
  String positive;

  @Option(names = "--id", paramLabel = "COL", description = "the customer id column")
  String id;

  @Option(names = "--folds", defaultValue = "5", paramLabel = "K")
  int folds;

  /** Seed of the fold assignment. */
  static final long SEED = 17L;

  static final int TREE_ROUNDS = 300;

  static final int LINEAR_ROUNDS = 100;

  static final int DRIVERS = 3;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Override
  public Integer call() {
    Workspace ws = Workspace.open(workspace);
    WideTable t = WideTable.read(table, label, positive, id);
    long churned = IntStream.range(0, t.y().length).filter(i -> t.y()[i]).count();
    System.out.printf(
        Locale.ROOT,
        "read=%d accepted=%d rejected=%d; %d features; %d churned (%.1f%%)%n",
        t.read(),
        t.y().length,
        t.rejects().size(),
        t.featureNames().size(),
        churned,
        100.0 * churned / t.y().length);
    t.notes().forEach(n -> System.out.println("note: " + n));
    ObjectNode root = JSON.createObjectNode();
    root.put("table", table.toString());
    root.put("label", label);
    root.put("rows", t.y().length);
    root.put("churned", churned);
    ArrayNode models = root.putArray("models");
    CrossValidation best = null;
    for (Classifier.Kind kind : Classifier.Kind.values()) {
      int rounds = kind == Classifier.Kind.GRADIENT_BOOSTING ? TREE_ROUNDS : LINEAR_ROUNDS;
      CrossValidation cv = CrossValidation.run(kind, t.x(), t.y(), folds, rounds, SEED);
      System.out.printf(
          Locale.ROOT,
          "%s: %d-fold stratified AUC %.4f (folds %s), Brier %.4f%n",
          kind.label(),
          folds,
          cv.meanAuc(),
          fmt(cv.foldAuc()),
          cv.brier());
      ObjectNode m = models.addObject();
      m.put("model", kind.label());
      m.put("folds", folds);
      m.put("mean_auc", cv.meanAuc());
      ArrayNode a = m.putArray("fold_auc");
      for (double v : cv.foldAuc()) {
        a.add(v);
      }
      m.put("brier", cv.brier());
      calibration(m.putArray("calibration"), cv.outOfFold(), t.y());
      if (best == null || cv.meanAuc() > best.meanAuc()) {
        best = cv;
      }
    }
    root.put("chosen", best.kind().label());
    String[] drivers = drivers(t);
    writeScores(ws.out().resolve("churn_scores.csv"), t, best.outOfFold(), drivers);
    Integer[] order = IntStream.range(0, t.y().length).boxed().toArray(Integer[]::new);
    double[] risk = best.outOfFold();
    java.util.Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -risk[i]));
    System.out.println("at risk (out-of-fold " + best.kind().label() + "):");
    System.out.println("id,churn_risk,drivers");
    for (int k = 0; k < Math.min(10, order.length); k++) {
      int i = order[k];
      System.out.printf(Locale.ROOT, "%s,%.3f,%s%n", t.ids().get(i), risk[i], drivers[i]);
    }
    try {
      Files.createDirectories(ws.out());
      JSON.writeValue(ws.out().resolve("churn.json").toFile(), root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write churn.json", e);
    }
    System.out.println("wrote " + ws.out().resolve("churn.json"));
    System.out.println("wrote " + ws.out().resolve("churn_scores.csv"));
    return 0;
  }

  /**
   * Each row's top drivers towards churn: the largest positive TreeSHAP contributions of a tree
   * model fitted on all rows, in log-odds, e.g. {@code tenure=1 +1.15; InternetService=Fiber optic
   * +0.35}.
   */
  private static String[] drivers(WideTable t) {
    try (Classifier c =
        Classifier.fit(
            Classifier.Kind.GRADIENT_BOOSTING,
            Features.fit(Classifier.Kind.GRADIENT_BOOSTING, t.x()).apply(t.x()),
            t.y(),
            TREE_ROUNDS,
            1)) {
      double[][] contrib = c.contributions(t.x());
      String[] out = new String[contrib.length];
      for (int i = 0; i < contrib.length; i++) {
        double[] row = contrib[i];
        List<Integer> f = new ArrayList<>();
        for (int j = 0; j < row.length - 1; j++) {
          if (row[j] > 0) {
            f.add(j);
          }
        }
        f.sort(Comparator.comparingDouble((Integer j) -> -row[j]));
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < Math.min(DRIVERS, f.size()); k++) {
          int j = f.get(k);
          String name = t.featureNames().get(j);
          b.append(k == 0 ? "" : "; ").append(name);
          if (name.indexOf('=') < 0) { // a numeric feature: say the customer's value
            b.append('=').append(value(t.x()[i][j]));
          }
          b.append(String.format(Locale.ROOT, " %+.2f", row[j]));
        }
        out[i] = b.toString();
      }
      return out;
    }
  }

  private static String value(double v) {
    if (Double.isNaN(v)) {
      return "missing";
    }
    return v == Math.rint(v) && Math.abs(v) < 1e15
        ? Long.toString((long) v)
        : String.format(Locale.ROOT, "%.2f", v);
  }

  /** Ten bins of predicted risk: customers, mean predicted, share that churned. */
  static void calibration(ArrayNode out, double[] p, boolean[] y) {
    int[] n = new int[10];
    double[] predicted = new double[10];
    int[] churned = new int[10];
    for (int i = 0; i < p.length; i++) {
      int b = Math.min(9, (int) (p[i] * 10));
      n[b]++;
      predicted[b] += p[i];
      churned[b] += y[i] ? 1 : 0;
    }
    for (int b = 0; b < 10; b++) {
      if (n[b] == 0) {
        continue;
      }
      ObjectNode o = out.addObject();
      o.put("from", b / 10.0);
      o.put("to", (b + 1) / 10.0);
      o.put("customers", n[b]);
      o.put("mean_predicted", predicted[b] / n[b]);
      o.put("churned_share", (double) churned[b] / n[b]);
    }
  }

  private static void writeScores(Path file, WideTable t, double[] risk, String[] drivers) {
    StringBuilder b = new StringBuilder("customer_id,churned,churn_risk,churn_drivers\n");
    for (int i = 0; i < risk.length; i++) {
      b.append(CustomerTable.csv(t.ids().get(i)))
          .append(',')
          .append(t.y()[i])
          .append(',')
          .append(String.format(Locale.ROOT, "%.4f", risk[i]))
          .append(',')
          .append(CustomerTable.csv(drivers[i]))
          .append('\n');
    }
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, b.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static String fmt(double[] v) {
    StringBuilder b = new StringBuilder();
    for (double x : v) {
      b.append(b.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.3f", x));
    }
    return b.toString();
  }
}
