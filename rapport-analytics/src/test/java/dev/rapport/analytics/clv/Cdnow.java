package dev.rapport.analytics.clv;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The CDNOW 1/10 sample's published summaries (../shared/datasets/cdnow, see its SOURCE.md): the
 * 2,357 customers' (frequency, recency, T) in weeks over the 39-week calibration period, and the
 * mean repeat-purchase value of the 946 repeat buyers.
 */
final class Cdnow {
  private Cdnow() {}

  /** Columns of a CSV with a header, as doubles; skips the test when the datasets are absent. */
  static double[][] columns(String file, int... columns) {
    Path path =
        Path.of(System.getProperty("rapport.datasets", "../../shared/datasets"), "cdnow", file);
    assumeTrue(Files.isRegularFile(path), path + " not found");
    try {
      List<String> lines = Files.readAllLines(path);
      double[][] out = new double[columns.length][lines.size() - 1];
      for (int i = 1; i < lines.size(); i++) {
        String[] f = lines.get(i).split(",");
        for (int c = 0; c < columns.length; c++) {
          out[c][i - 1] = Double.parseDouble(f[columns[c]]);
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** frequency, recency, T of the 2,357 customers (cdnow_customers_summary.csv). */
  static double[][] summary() {
    return columns("cdnow_customers_summary.csv", 1, 2, 3);
  }

  /** x, t_x, T, zbar (cdnow_customers_summary_with_transactions.csv). */
  static double[][] withMonetaryValue() {
    return columns("cdnow_customers_summary_with_transactions.csv", 1, 2, 3, 4);
  }
}
