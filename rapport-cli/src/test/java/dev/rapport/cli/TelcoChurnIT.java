package dev.rapport.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IBM Telco churn (../shared/datasets/telco_churn) through {@code rapport churn --table}: both
 * models reach the published range, AUC ≈ 0.84 (Lalwani et al. 2022, "Customer churn prediction
 * system: a machine learning approach", Computing 104), here as stratified 5-fold cross-validated
 * AUC ≥ 0.84.
 */
class TelcoChurnIT {
  @TempDir Path tmp;

  @Test
  void fiveFoldStratifiedAuc_atLeast084_forBothModels() throws Exception {
    Path data = Cli.datasets();
    assumeTrue(data != null, "../shared/datasets not found");
    Path ws = tmp.resolve("telco");
    assertThat(Cli.run("init", ws.toString()).exit()).isZero();
    Cli.Run run =
        Cli.run(
            "churn",
            "--workspace",
            ws.toString(),
            "--table",
            data.resolve("telco_churn/WA_Fn-UseC_-Telco-Customer-Churn.csv").toString(),
            "--label",
            "Churn",
            "--positive",
            "Yes",
            "--id",
            "customerID");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("read=7043 accepted=7043 rejected=0")
        .contains("1869 churned")
        .contains("TotalCharges: 11 blank values taken as missing");
    JsonNode root = new ObjectMapper().readTree(ws.resolve("out/churn.json").toFile());
    assertThat(root.get("models")).hasSize(2);
    for (JsonNode m : root.get("models")) {
      assertThat(m.get("fold_auc")).hasSize(5);
      assertThat(m.get("mean_auc").asDouble())
          .as(m.get("model").asText())
          .isGreaterThanOrEqualTo(0.84);
      // Calibrated: in every well-filled bin the churn share is near the mean prediction.
      for (JsonNode bin : m.get("calibration")) {
        if (bin.get("customers").asInt() >= 200) {
          assertThat(bin.get("churned_share").asDouble())
              .isCloseTo(
                  bin.get("mean_predicted").asDouble(),
                  org.assertj.core.api.Assertions.within(0.08));
        }
      }
    }
    List<Map<String, String>> scores = Cli.readCsv(ws.resolve("out/churn_scores.csv"));
    assertThat(scores).hasSize(7043);
    assertThat(scores.get(0)).containsKeys("customer_id", "churn_risk", "churn_drivers");
  }
}
