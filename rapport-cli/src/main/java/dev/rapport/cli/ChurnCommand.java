package dev.rapport.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rapport.analytics.model.ChurnFeatures;
import dev.rapport.analytics.model.Classifier;
import dev.rapport.analytics.model.CrossValidation;
import dev.rapport.core.engine.BatchResult;
import dev.rapport.core.profile.CustomerProfile;
import dev.rapport.io.output.CustomerTable;
import dev.rapport.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
      "Churn models, cross-validated: on the workspace with a time-based split (default), on"
          + " the workspace's customers labelled by an imported attribute (--label COL), or on a"
          + " wide customer table with a label column (--table FILE --label COL).",
      "Writes out/churn.json (models, fold AUCs, calibration) and out/churn_scores.csv."
    })
final class ChurnCommand implements Callable<Integer> {
  @Option(names = "--workspace", required = true, paramLabel = "DIR")
  Path workspace;

  @Option(
      names = "--table",
      paramLabel = "FILE",
      description =
          "a CSV with one row per customer and a label column; without it, the workspace's"
              + " customers: features before --cutoff, churn after it")
  Path table;

  @Option(
      names = "--label",
      paramLabel = "COL",
      description =
          "the column that says whether the customer churned: of --table, or without it a"
              + " customer attribute imported into the workspace")
  String label;

  @Option(
      names = "--cutoff",
      paramLabel = "YYYY-MM-DD",
      description =
          "without --table: features from events up to this day, churn = no inbound activity"
              + " after it (or the churned stage); default: --horizon-days before the last event")
  String cutoff;

  @Option(
      names = "--horizon-days",
      defaultValue = "90",
      paramLabel = "D",
      description = "without --table and --cutoff: the churn window before the last event")
  int horizonDays;

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

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Override
  public Integer call() {
    Workspace ws = Workspace.open(workspace);
    if (table == null) {
      if (label != null && cutoff != null) {
        throw new IllegalArgumentException(
            "--cutoff goes with the time-based split; with --label the label says who churned");
      }
      return label != null ? attributeChurn(ws) : workspaceChurn(ws);
    }
    if (label == null) {
      throw new IllegalArgumentException("--table needs --label: the column that says churned");
    }
    WideTable t = WideTable.read(table, label, positive, id);
    System.out.printf(
        Locale.ROOT,
        "read=%d accepted=%d rejected=%d%n",
        t.read(),
        t.y().length,
        t.rejects().size());
    t.notes().forEach(n -> System.out.println("note: " + n));
    ObjectNode root = JSON.createObjectNode();
    root.put("table", table.toString());
    root.put("label", label);
    CrossValidation best = evaluate(root, t.x(), t.y(), t.featureNames());
    String[] drivers = ChurnRisk.drivers(t.x(), t.y(), t.x(), t.featureNames());
    StringBuilder b = new StringBuilder("customer_id,churned,churn_risk,churn_drivers\n");
    for (int i = 0; i < t.y().length; i++) {
      b.append(CustomerTable.csv(t.ids().get(i)))
          .append(',')
          .append(t.y()[i])
          .append(',')
          .append(String.format(Locale.ROOT, "%.4f", best.outOfFold()[i]))
          .append(',')
          .append(CustomerTable.csv(drivers[i]))
          .append('\n');
    }
    atRisk(t.ids(), best.outOfFold(), drivers, "out-of-fold " + best.kind().label());
    return write(ws, root, b);
  }

  /**
   * The workspace's customers: features of the profiles at the cutoff, labels from what they did
   * after it (time-based split: nothing after the cutoff is a feature); both models cross-validated
   * on that, and the better one, fitted on all of it, scores the profiles now.
   */
  private int workspaceChurn(Workspace ws) {
    try (Store store = ws.openStore()) {
      BatchResult now = Analysis.fold(ws, store, null, Analysis.defaultThreads());
      if (now.asOf() == null) {
        throw new IllegalArgumentException("the workspace has no events: nothing to model");
      }
      Instant cut =
          cutoff != null
              ? AnalyzeCommand.parseAsOf(cutoff, ws)
              : now.asOf().minus(Duration.ofDays(horizonDays));
      if (!cut.isBefore(now.asOf())) {
        throw new IllegalArgumentException(
            "--cutoff " + cutoff + " leaves no time after it to see who churned");
      }
      ChurnRisk.Training t =
          ChurnRisk.training(ws, store, now, cut, horizonDays, Analysis.defaultThreads());
      List<CustomerProfile> cp = t.population();
      boolean[] y = t.y();
      double[][] x = t.x();
      List<String> names = ChurnFeatures.names();
      long churned = t.churned();
      String cutText = t.cutText();
      System.out.printf(
          Locale.ROOT,
          "cutoff %s: %,d customers active in the %d days before it; %,d (%.1f%%) churned after it"
              + " (no inbound activity, or the churned stage)%n",
          cutText,
          cp.size(),
          horizonDays,
          churned,
          100.0 * churned / Math.max(1, cp.size()));
      ObjectNode root = JSON.createObjectNode();
      root.put("cutoff", cutText);
      root.put("window_days", horizonDays);
      root.put("population", "customers with inbound activity in the window before the cutoff");
      root.put("as_of", AnalyzeCommand.asOfText(now, ws));
      CrossValidation best = evaluate(root, x, y, names);
      ChurnRisk.Scores scores = ChurnRisk.score(t, best.kind(), now);
      double[] riskNow = scores.risk();
      String[] drivers = scores.drivers();
      Map<String, Integer> cutIndex = new HashMap<>();
      for (int i = 0; i < cp.size(); i++) {
        cutIndex.put(cp.get(i).customerId(), i);
      }
      StringBuilder b =
          new StringBuilder(
              "customer_id,churn_risk,churn_drivers,cutoff_risk_out_of_fold,churned_after_cutoff\n");
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < now.profiles().size(); i++) {
        String cid = now.profiles().get(i).customerId();
        ids.add(cid);
        Integer k = cutIndex.get(cid);
        b.append(CustomerTable.csv(cid))
            .append(',')
            .append(String.format(Locale.ROOT, "%.4f", riskNow[i]))
            .append(',')
            .append(CustomerTable.csv(drivers[i]))
            .append(',')
            .append(k == null ? "" : String.format(Locale.ROOT, "%.4f", best.outOfFold()[k]))
            .append(',')
            .append(k == null ? "" : Boolean.toString(y[k]))
            .append('\n');
      }
      atRisk(ids, riskNow, drivers, best.kind().label() + ", now");
      return write(ws, root, b);
    }
  }

  /**
   * The workspace's customers labelled by one of their imported attributes (e.g. a {@code churned}
   * column of a CRM export): features of the profiles now, both models cross-validated, every
   * labelled customer scored out of fold. The label must come from outside the events: a label
   * computed from the same events the features see would be learnt, not foreseen.
   */
  private int attributeChurn(Workspace ws) {
    try (Store store = ws.openStore()) {
      BatchResult now =
          Analysis.stale(store)
              ? Analysis.run(ws, store, null, Analysis.defaultThreads())
              : Analysis.fold(ws, store, null, Analysis.defaultThreads());
      Map<String, Map<String, String>> attributes = store.attributesByCustomer();
      java.util.Set<String> values = new java.util.TreeSet<>();
      java.util.Set<String> known = new java.util.TreeSet<>();
      for (Map<String, String> a : attributes.values()) {
        known.addAll(a.keySet());
        String v = a.get(label);
        if (v != null && !v.isBlank()) {
          values.add(v.strip());
        }
      }
      String source = "customer attribute '" + label + "' in " + ws.dir();
      if (values.isEmpty()) {
        throw new IllegalArgumentException(
            "--label "
                + label
                + ": no customer has this attribute; known attributes: "
                + (known.isEmpty() ? "(none imported)" : String.join(", ", known)));
      }
      if (values.size() > 2) {
        throw new IllegalArgumentException(
            source + " has more than two values: " + values + "; a churn label has two");
      }
      String pos = positive != null ? positive : WideTable.guessPositive(values, source, label);
      List<CustomerProfile> labelled = new ArrayList<>();
      List<dev.rapport.core.service.ServiceEvidence> service = new ArrayList<>();
      List<Boolean> ys = new ArrayList<>();
      for (int i = 0; i < now.profiles().size(); i++) {
        CustomerProfile p = now.profiles().get(i);
        String v = attributes.getOrDefault(p.customerId(), Map.of()).get(label);
        if (v != null && !v.isBlank()) {
          labelled.add(p);
          service.add(now.services().get(i));
          ys.add(v.strip().equals(pos));
        }
      }
      System.out.printf(
          Locale.ROOT,
          "%,d of %,d customers carry '%s' (%s = churned); features from their profiles as of %s%n",
          labelled.size(),
          now.profiles().size(),
          label,
          pos,
          AnalyzeCommand.asOfText(now, ws));
      boolean[] y = new boolean[ys.size()];
      for (int i = 0; i < y.length; i++) {
        y[i] = ys.get(i);
      }
      double[][] x = ChurnFeatures.of(labelled, service);
      List<String> names = ChurnFeatures.names();
      ObjectNode root = JSON.createObjectNode();
      root.put("label", label);
      root.put("positive", pos);
      root.put("as_of", AnalyzeCommand.asOfText(now, ws));
      root.put("unlabelled", now.profiles().size() - labelled.size());
      CrossValidation best = evaluate(root, x, y, names);
      String[] drivers = ChurnRisk.drivers(x, y, x, names);
      StringBuilder b = new StringBuilder("customer_id,churned,churn_risk,churn_drivers\n");
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < y.length; i++) {
        ids.add(labelled.get(i).customerId());
        b.append(CustomerTable.csv(ids.get(i)))
            .append(',')
            .append(y[i])
            .append(',')
            .append(String.format(Locale.ROOT, "%.4f", best.outOfFold()[i]))
            .append(',')
            .append(CustomerTable.csv(drivers[i]))
            .append('\n');
      }
      atRisk(ids, best.outOfFold(), drivers, "out-of-fold " + best.kind().label());
      return write(ws, root, b);
    }
  }

  /** Both models cross-validated; their figures into {@code root}; the better returned. */
  private CrossValidation evaluate(
      ObjectNode root, double[][] x, boolean[] y, List<String> featureNames) {
    long churned = IntStream.range(0, y.length).filter(i -> y[i]).count();
    System.out.printf(
        Locale.ROOT,
        "%d rows, %d features, %d churned (%.1f%%)%n",
        y.length,
        featureNames.size(),
        churned,
        100.0 * churned / Math.max(1, y.length));
    root.put("rows", y.length);
    root.put("churned", churned);
    ArrayNode models = root.putArray("models");
    CrossValidation best = null;
    for (Classifier.Kind kind : Classifier.Kind.values()) {
      int rounds =
          kind == Classifier.Kind.GRADIENT_BOOSTING
              ? ChurnRisk.TREE_ROUNDS
              : ChurnRisk.LINEAR_ROUNDS;
      CrossValidation cv = CrossValidation.run(kind, x, y, folds, rounds, SEED);
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
      calibration(m.putArray("calibration"), cv.outOfFold(), y);
      if (best == null || cv.meanAuc() > best.meanAuc()) {
        best = cv;
      }
    }
    root.put("chosen", best.kind().label());
    return best;
  }

  private static void atRisk(List<String> ids, double[] risk, String[] drivers, String what) {
    Integer[] order = IntStream.range(0, risk.length).boxed().toArray(Integer[]::new);
    java.util.Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -risk[i]));
    System.out.println("at risk (" + what + "):");
    System.out.println("id,churn_risk,drivers");
    for (int k = 0; k < Math.min(10, order.length); k++) {
      int i = order[k];
      System.out.printf(Locale.ROOT, "%s,%.3f,%s%n", ids.get(i), risk[i], drivers[i]);
    }
  }

  private static int write(Workspace ws, ObjectNode root, StringBuilder scores) {
    try {
      Files.createDirectories(ws.out());
      JSON.writeValue(ws.out().resolve("churn.json").toFile(), root);
      Files.writeString(ws.out().resolve("churn_scores.csv"), scores.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the churn outputs in " + ws.out(), e);
    }
    System.out.println("wrote " + ws.out().resolve("churn.json"));
    System.out.println("wrote " + ws.out().resolve("churn_scores.csv"));
    return 0;
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

  private static String fmt(double[] v) {
    StringBuilder b = new StringBuilder();
    for (double x : v) {
      b.append(b.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.3f", x));
    }
    return b.toString();
  }
}
