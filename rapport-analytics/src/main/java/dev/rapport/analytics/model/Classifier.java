package dev.rapport.analytics.model;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Binary classifiers from XGBoost (Chen &amp; Guestrin 2016, "XGBoost: A Scalable Tree Boosting
 * System", KDD): gradient-boosted trees, and L2-regularised logistic regression (XGBoost's linear
 * booster with the logistic objective, fitted by coordinate descent). One established library for
 * both keeps one native dependency and one data path.
 *
 * <p>Training is deterministic: one thread per model unless {@code threads} says otherwise, a fixed
 * seed, and exact or histogram tree building that does not sample.
 */
public final class Classifier implements AutoCloseable {
  /** The kinds of model. */
  public enum Kind {
    GRADIENT_BOOSTING("gradient-boosted trees"),
    LOGISTIC_REGRESSION("logistic regression");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  private final Booster booster;
  private final Kind kind;

  private Classifier(Booster booster, Kind kind) {
    this.booster = booster;
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  /**
   * Fits a model on rows {@code x} with labels {@code y}.
   *
   * @param rounds boosting rounds (trees, or coordinate-descent passes for the linear model)
   */
  public static Classifier fit(Kind kind, double[][] x, boolean[] y, int rounds, int threads) {
    if (x.length != y.length || x.length == 0) {
      throw new IllegalArgumentException(
          "a classifier needs one label per row and at least one row: "
              + x.length
              + " rows, "
              + y.length
              + " labels");
    }
    Map<String, Object> params = new HashMap<>();
    params.put("objective", "binary:logistic");
    params.put("eval_metric", "logloss");
    params.put("seed", 7);
    params.put("nthread", threads);
    params.put("verbosity", 0);
    if (kind == Kind.GRADIENT_BOOSTING) {
      params.put("booster", "gbtree");
      params.put("tree_method", "hist");
      params.put("max_depth", 3);
      params.put("eta", 0.05);
      params.put("min_child_weight", 5);
      params.put("lambda", 1.0);
    } else {
      params.put("booster", "gblinear");
      params.put("updater", "coord_descent");
      params.put("feature_selector", "cyclic");
      params.put("lambda", 1e-3);
      params.put("alpha", 0.0);
      params.put("eta", 0.5);
    }
    try (Matrix m = Matrix.of(x, y)) {
      Booster b = XGBoost.train(m.d, params, rounds, new HashMap<>(), null, null);
      return new Classifier(b, kind);
    } catch (XGBoostError e) {
      throw new IllegalStateException("XGBoost failed to train a " + kind.label() + ": " + e, e);
    }
  }

  /** P(y = 1) for every row. */
  public double[] predict(double[][] x) {
    try (Matrix m = Matrix.of(x, null)) {
      float[][] p = booster.predict(m.d);
      double[] out = new double[p.length];
      for (int i = 0; i < p.length; i++) {
        out[i] = p[i][0];
      }
      return out;
    } catch (XGBoostError e) {
      throw new IllegalStateException("XGBoost failed to predict: " + e, e);
    }
  }

  /**
   * Each row's per-feature contributions to the log-odds (TreeSHAP for trees, Lundberg et al. 2020;
   * weight × value for the linear model), one column per feature and a last one for the bias: the
   * row's drivers.
   */
  public double[][] contributions(double[][] x) {
    try (Matrix m = Matrix.of(x, null)) {
      float[][] c = booster.predictContrib(m.d, 0);
      double[][] out = new double[c.length][];
      for (int i = 0; i < c.length; i++) {
        out[i] = new double[c[i].length];
        for (int j = 0; j < c[i].length; j++) {
          out[i][j] = c[i][j];
        }
      }
      return out;
    } catch (XGBoostError e) {
      throw new IllegalStateException("XGBoost failed to explain predictions: " + e, e);
    }
  }

  /**
   * Each feature's gain-based importance for trees ("total_gain"), or its weight for the linear
   * model, keyed f0, f1, … in column order.
   */
  public Map<String, Double> importance() {
    try {
      if (kind == Kind.GRADIENT_BOOSTING) {
        return booster.getScore((String) null, "total_gain");
      }
      Map<String, Double> w = new HashMap<>();
      String dump = booster.getModelDump((String) null, false)[0];
      String[] lines = dump.split("\n");
      int f = 0;
      boolean inWeights = false;
      for (String line : lines) {
        if (line.startsWith("weight:")) {
          inWeights = true;
          continue;
        }
        if (inWeights && !line.isBlank()) {
          w.put(String.format(Locale.ROOT, "f%d", f++), Double.parseDouble(line.trim()));
        }
      }
      return w;
    } catch (XGBoostError e) {
      throw new IllegalStateException("XGBoost failed to report importance: " + e, e);
    }
  }

  @Override
  public void close() {
    booster.dispose();
  }

  /** A dense XGBoost matrix, freed when closed. */
  private static final class Matrix implements AutoCloseable {
    final DMatrix d;

    private Matrix(DMatrix d) {
      this.d = d;
    }

    static Matrix of(double[][] x, boolean[] y) throws XGBoostError {
      int rows = x.length;
      int cols = rows == 0 ? 0 : x[0].length;
      float[] flat = new float[rows * cols];
      for (int i = 0; i < rows; i++) {
        if (x[i].length != cols) {
          throw new IllegalArgumentException(
              "row " + i + " has " + x[i].length + " features, row 0 has " + cols);
        }
        for (int j = 0; j < cols; j++) {
          flat[i * cols + j] = (float) x[i][j];
        }
      }
      DMatrix d = new DMatrix(flat, rows, cols, Float.NaN);
      if (y != null) {
        float[] labels = new float[rows];
        for (int i = 0; i < rows; i++) {
          labels[i] = y[i] ? 1f : 0f;
        }
        d.setLabel(labels);
      }
      return new Matrix(d);
    }

    @Override
    public void close() {
      d.dispose();
    }
  }
}
