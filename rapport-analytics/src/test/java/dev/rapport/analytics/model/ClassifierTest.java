package dev.rapport.analytics.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ClassifierTest {
  /** y depends on x0 only, through a logistic link. */
  static double[][] x;

  static boolean[] y;

  static {
    Random r = new Random(3);
    x = new double[4000][3];
    y = new boolean[4000];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < 3; j++) {
        x[i][j] = r.nextGaussian();
      }
      y[i] = r.nextDouble() < 1 / (1 + Math.exp(-2 * x[i][0]));
    }
  }

  @Test
  void bothKindsLearnASignal_andPutItOnTheRightFeature() {
    for (Classifier.Kind kind : Classifier.Kind.values()) {
      try (Classifier c =
          Classifier.fit(kind, x, y, kind == Classifier.Kind.GRADIENT_BOOSTING ? 200 : 100, 1)) {
        double auc = Metrics.auc(c.predict(x), y);
        assertThat(auc).as(kind.label()).isGreaterThan(0.8);
        var imp = c.importance();
        assertThat(Math.abs(imp.getOrDefault("f0", 0.0)))
            .as(kind.label())
            .isGreaterThan(Math.abs(imp.getOrDefault("f1", 0.0)));
      }
    }
  }

  @Test
  void trainingIsDeterministic() {
    try (Classifier a = Classifier.fit(Classifier.Kind.GRADIENT_BOOSTING, x, y, 50, 2);
        Classifier b = Classifier.fit(Classifier.Kind.GRADIENT_BOOSTING, x, y, 50, 2)) {
      assertThat(a.predict(x)).containsExactly(b.predict(x));
    }
  }
}
