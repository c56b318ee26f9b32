package dev.rapport.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The BG/NBD, Pareto/NBD and Gamma-Gamma estimates of Fader, Hardie &amp; Lee (2005), "'Counting
 * Your Customers' the Easy Way", Marketing Science 24(2), and "RFM and CLV", JMR 42(4), computed
 * from the raw CDNOW 1/10 sample transactions (CDNOW_sample.txt) through the import path and {@code
 * rapport clv}, as {@code examples/cdnow/clv.sh} does.
 */
class CdnowClvIT {
  @TempDir Path tmp;

  @Test
  void rawSampleTransactions_throughImportAndClv_reproduceThePublishedFits() throws Exception {
    Path data = Cli.datasets();
    assumeTrue(data != null, "../shared/datasets not found");
    Path ws = tmp.resolve("cdnow-sample");
    Cli.Run imported =
        Cli.importExample(
            ws, "cdnow", "sample-mapping.yaml", data.resolve("cdnow/CDNOW_sample.txt"));
    assertThat(imported.exit()).as(imported.err()).isZero();
    assertThat(imported.out()).contains("read=6919 accepted=6919 rejected=0 duplicate=0");

    Cli.Run clv = Cli.run("clv", "--workspace", ws.toString(), "--calibration-end", "1997-09-30");
    assertThat(clv.exit()).as(clv.err()).isZero();
    JsonNode fit = new ObjectMapper().readTree(ws.resolve("out/clv.json").toFile());

    JsonNode bg = fit.get("bg_nbd");
    assertThat(bg.get("converged").asBoolean()).isTrue();
    assertThat(bg.get("customers").asDouble()).isEqualTo(2357);
    assertThat(bg.at("/params/r").asDouble()).isCloseTo(0.243, withinPercentage(1));
    assertThat(bg.at("/params/alpha").asDouble()).isCloseTo(4.414, withinPercentage(1));
    assertThat(bg.at("/params/a").asDouble()).isCloseTo(0.793, withinPercentage(1));
    assertThat(bg.at("/params/b").asDouble()).isCloseTo(2.426, withinPercentage(1));
    assertThat(bg.get("log_likelihood").asDouble()).isCloseTo(-9582.4, within(0.5));
    // From unrounded times the fit matches CLVTools' to its printed digits.
    assertThat(bg.get("log_likelihood").asDouble()).isCloseTo(-9582.429, within(0.001));

    JsonNode pareto = fit.get("pareto_nbd");
    assertThat(pareto.at("/params/r").asDouble()).isCloseTo(0.553, withinPercentage(2));
    assertThat(pareto.at("/params/alpha").asDouble()).isCloseTo(10.578, withinPercentage(2));
    assertThat(pareto.at("/params/s").asDouble()).isCloseTo(0.606, withinPercentage(2));
    assertThat(pareto.at("/params/beta").asDouble()).isCloseTo(11.669, withinPercentage(2));
    assertThat(pareto.get("log_likelihood").asDouble()).isCloseTo(-9595.0, within(0.5));

    JsonNode gg = fit.get("gamma_gamma");
    assertThat(gg.get("customers").asDouble()).isEqualTo(946);
    assertThat(gg.at("/params/p").asDouble()).isCloseTo(6.25, withinPercentage(1));
    assertThat(gg.at("/params/q").asDouble()).isCloseTo(3.74, withinPercentage(1));
    assertThat(gg.at("/params/gamma").asDouble()).isCloseTo(15.44, withinPercentage(1));

    // The 39-week holdout: every calibration customer is compared.
    JsonNode holdout = fit.get("holdout");
    assertThat(holdout.get("customers").asLong()).isEqualTo(2357);
    assertThat(holdout.get("length").asDouble()).isCloseTo(39.0, within(1e-9));
    List<Map<String, String>> rows = Cli.readCsv(ws.resolve("out/clv.csv"));
    assertThat(rows).hasSize(2357);
    double actual =
        rows.stream().mapToDouble(r -> Double.parseDouble(r.get("holdout_actual"))).sum();
    assertThat(actual).isEqualTo(holdout.get("actual_repeat_purchases").asDouble());
  }

  /**
   * The same published BG/NBD fit from the profile table: analysed as of the end of the calibration
   * period, then fitted with {@code --from-profiles}, which reads the table row by row (as it reads
   * the Flink job's table in PostgreSQL) instead of folding the events.
   */
  @Test
  void theProfileTable_readRowByRow_givesThePublishedFit() throws Exception {
    Path data = Cli.datasets();
    assumeTrue(data != null, "../shared/datasets not found");
    Path ws = tmp.resolve("cdnow-table");
    Cli.Run imported =
        Cli.importExample(
            ws, "cdnow", "sample-mapping.yaml", data.resolve("cdnow/CDNOW_sample.txt"));
    assertThat(imported.exit()).as(imported.err()).isZero();
    Cli.Run analyzed = Cli.run("analyze", "--workspace", ws.toString(), "--as-of", "1997-09-30");
    assertThat(analyzed.exit()).as(analyzed.err()).isZero();

    Cli.Run clv = Cli.run("clv", "--workspace", ws.toString(), "--from-profiles");
    assertThat(clv.exit()).as(clv.err()).isZero();
    assertThat(clv.out()).contains("(2,357 buyers)");
    JsonNode bg = new ObjectMapper().readTree(ws.resolve("out/clv.json").toFile()).get("bg_nbd");
    assertThat(bg.get("customers").asDouble()).isEqualTo(2357);
    assertThat(bg.at("/params/r").asDouble()).isCloseTo(0.243, withinPercentage(1));
    assertThat(bg.at("/params/b").asDouble()).isCloseTo(2.426, withinPercentage(1));
    assertThat(bg.get("log_likelihood").asDouble()).isCloseTo(-9582.429, within(0.001));

    Cli.Run mixed =
        Cli.run("clv", "--workspace", ws.toString(), "--from-profiles", "--as-of", "1998-01-01");
    assertThat(mixed.exit()).isNotZero();
    assertThat(mixed.err()).contains("--from-profiles").contains("--as-of");
  }
}
